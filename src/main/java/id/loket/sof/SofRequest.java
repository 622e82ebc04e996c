package id.loket.sof;

/**
 * What the core asks a payment provider, in the hub's terms: the body every SOF adapter
 * ({@code direct:sof-<family>}) takes. The operation and the family are the core's choice (the family
 * from the SOF type table), never request text.
 *
 * @param operation       what to do
 * @param family          the adapter: the family of the payment's SOF type
 * @param reference       the hub's reference of the order
 * @param type            the payment's SOF type
 * @param amount          create: the amount to pay; refund: the amount to give back, in rupiah
 * @param customerName    create: the name the provider shows
 * @param expiresAt       create: when the payment expires (WIB, {@code yyyy-MM-dd HH:mm:ss})
 * @param returnUrl       create: where the provider's page sends the customer back
 * @param paymentCode     close, refund, status: the provider's payment the operation is about
 * @param refundReason    refund: why
 * @param refundReference refund: the hub's reference of this refund; the provider makes one refund per reference
 */
public record SofRequest(Operation operation, String family, String reference, String type, Long amount,
                         String customerName, String expiresAt, String returnUrl, String paymentCode,
                         String refundReason, String refundReference) {

    public enum Operation { CREATE, CLOSE, REFUND, STATUS }

    /** Close or status of a provider payment. */
    public static SofRequest about(Operation operation, String type, String reference, String paymentCode) {
        return new SofRequest(operation, familyOf(type), reference, type, null, null, null, null, paymentCode, null, null);
    }

    public static SofRequest refund(String type, String reference, String paymentCode, long amount, String reason,
                                    String refundReference) {
        return new SofRequest(Operation.REFUND, familyOf(type), reference, type, amount, null, null, null, paymentCode,
                reason, refundReference);
    }

    public static String familyOf(String type) {
        return SofFamily.ofType(type).map(SofFamily::key)
                .orElseThrow(() -> new IllegalStateException("no SOF family for type " + type));
    }
}
