package id.loket.biller;

import java.util.Map;

/**
 * What a biller said to an inquiry or a payment, in the hub's terms: every biller adapter's codec
 * reads its own wire format into this, so the core never sees a partner's member names.
 *
 * @param outcome       the decision the answer allows
 * @param resultCode    the biller's code, or null when it did not answer (for events and status texts)
 * @param resultDesc    the biller's text, or why there is no answer
 * @param billAmount    the bill, in rupiah (an approved inquiry always has it)
 * @param adminFee      the biller's admin fee, in rupiah (an approved inquiry always has it)
 * @param customerName  the bill holder's name, when the biller says
 * @param dueDate       the bill's period or due date, as the biller writes it
 * @param reference     the biller's reference for a payment (the Mitra's {@code reffNo})
 * @param receipt       the receipt text for the Mitra ({@code billingInfo1})
 * @param transactionId the biller's transaction id for a payment (the Mitra's {@code ntb})
 * @param carried       an opaque value the inquiry returned that the payment must carry back unchanged
 * @param received      the answer as received, kept with the order for an operator
 */
public record BillerAnswer(Outcome outcome, String resultCode, String resultDesc, Long billAmount, Long adminFee,
                           String customerName, String dueDate, String reference, String receipt, String transactionId,
                           String carried, Map<String, Object> received) {

    public enum Outcome {
        /** The biller accepted: the bill can be paid, or is paid. */
        APPROVED,
        /** The bill number is not registered. */
        NOT_FOUND,
        /** The bill was already paid. */
        ALREADY_PAID,
        /** A definitive no: the bill is not paid. */
        REFUSED,
        /** No answer in time, or one we do not recognise: the outcome is unknown, never "failed". */
        UNKNOWN
    }

    /** A definitive answer without any of the bill's details. */
    public static BillerAnswer of(Outcome outcome, String resultCode, String resultDesc, Map<String, Object> received) {
        return new BillerAnswer(outcome, resultCode, resultDesc, null, null, null, null, null, null, null, null, received);
    }

    public static BillerAnswer unknown(String why) {
        return of(Outcome.UNKNOWN, null, why, Map.of());
    }

    public boolean approved() {
        return outcome == Outcome.APPROVED;
    }
}
