package id.loket.order;

/**
 * A Mitra's validated refund or void request.
 *
 * @param kind           REFUND or VOID
 * @param amount         the amount asked for; null = all that remains (a void is always the whole payment)
 * @param idempotencyKey the {@code Idempotency-Key} header, or null
 * @param requestHash    what the request means, hashed: the same key with another hash is 4090001
 */
public record RefundCommand(String kind, String orderId, Long amount, String reason, String idempotencyKey,
                            String requestHash) {

    public static final String REFUND = "REFUND";
    public static final String VOID = "VOID";

    public boolean isVoid() {
        return VOID.equals(kind);
    }
}
