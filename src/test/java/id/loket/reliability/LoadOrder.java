package id.loket.reliability;

import java.time.Instant;

/** One order of the load, what the client knows about it, and what the biller will do with its bill. */
final class LoadOrder {

    /** The sandbox biller's behaviours the load mixes (contract section 6), with the order's expected end. */
    enum Bill {
        NORMAL(null, "PAID"),
        LATE_APPROVE("0068", "PAID"),
        LATE_REFUSE("0069", "REFUNDED"),
        NEVER_ANSWERS("0100", "PROCESSING"),
        REFUSED("0005", "REFUNDED");

        final String suffix;
        final String expected;

        Bill(String suffix, String expected) {
            this.suffix = suffix;
            this.expected = expected;
        }
    }

    final int seq;
    final String orderId;
    final Bill bill;
    final String billNumber;
    /** Index of the node this order is sent to (0 or 1). */
    final int home;
    final String callbackUrl;

    volatile String paymentCode;
    volatile Instant initiatedAt;
    volatile Instant paidAt;
    /** Something the client saw that no retry can fix (an acknowledged order or payment gone, a refusal). */
    volatile String clientProblem;
    volatile String lastStatus;

    LoadOrder(String prefix, int seq, Bill bill, int home, String callbackUrl) {
        this.seq = seq;
        this.orderId = prefix + "-" + String.format("%03d", seq);
        this.bill = bill;
        // 77 + three digits of sequence + the behaviour's four digits; normal bills get 1000-9999 (never a special suffix)
        String last4 = bill.suffix != null ? bill.suffix : String.format("%04d", 1000 + (seq * 7919) % 9000);
        this.billNumber = "77" + String.format("%03d", seq % 1000) + last4;
        this.home = home;
        this.callbackUrl = callbackUrl;
    }

    String initiateJson() {
        return "{\"order\":{\"id\":\"" + orderId + "\",\"description\":\"Reliability " + bill + "\"},"
                + "\"customer\":{\"email\":\"x@example.com\"},"
                + "\"url\":{\"callbackUrl\":\"" + callbackUrl + "\"},"
                + "\"billing\":{\"billerServiceProvider\":{\"id\":\"050017\",\"customerId\":\"" + billNumber + "\"}},"
                + "\"sourceOfFunds\":{\"type\":\"vabca\"}}";
    }

    boolean initiated() {
        return initiatedAt != null;
    }

    boolean paid() {
        return paidAt != null;
    }

    @Override
    public String toString() {
        return orderId + " (bill " + billNumber + ", " + bill + ", node " + (home + 1) + ")";
    }
}
