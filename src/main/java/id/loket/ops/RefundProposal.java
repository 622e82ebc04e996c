package id.loket.ops;

/** The body of an operator's refund: the amount in rupiah as digits (the Mitra's refund's rules). */
public record RefundProposal(String amount, String reason) {
}
