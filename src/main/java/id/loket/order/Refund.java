package id.loket.order;

import java.time.OffsetDateTime;

/**
 * One refund of an order ({@code order_refund}): owed from the moment it is written, confirmed when
 * the provider says so. {@code refundRef} is the hub's reference the provider keys the refund on.
 *
 * @param kind REFUND or VOID
 * @param state OWED or CONFIRMED
 * @param answerJson the status data of its first 2000000 answer, replayed for its Idempotency-Key
 */
public record Refund(long pk, long orderPk, String refundRef, String kind, String sofType, String paymentCode,
                     long amount, String reason, String state, String merchantId, String idempotencyKey,
                     String requestHash, String answerJson, OffsetDateTime createdAt) {

    public static final String OWED = "OWED";
    public static final String CONFIRMED = "CONFIRMED";

    public boolean owed() {
        return OWED.equals(state);
    }
}
