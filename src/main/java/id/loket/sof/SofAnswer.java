package id.loket.sof;

/**
 * A provider's answer to one operation (create, close, refund, status).
 *
 * @param httpStatus the provider's HTTP status, 0 when it did not answer
 * @param status     the payment's status at the provider (CREATED, PAID, CLOSED, REFUNDED, ...), or null
 * @param amount     the payment's amount as the provider knows it, when it says
 */
public record SofAnswer(int httpStatus, String status, String paymentCode, String stringQr, String redirectUrl,
                        String providerRef, String channel, String refundRef, Long amount) {

    public boolean ok() {
        return httpStatus == 200;
    }

    public boolean answered() {
        return httpStatus > 0;
    }
}
