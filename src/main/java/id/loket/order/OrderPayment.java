package id.loket.order;

import java.time.OffsetDateTime;

/**
 * One provider payment an order had ({@code order_payment}): the one it has now ({@code OPEN}), or one
 * closed at the provider when the customer changed the method ({@code CLOSED}), paid there all the
 * same ({@code LATE}, its refund owed) and given back ({@code REFUNDED}).
 */
public record OrderPayment(long id, long orderPk, String sofType, String paymentCode, long amount, String state,
                           OffsetDateTime attachedAt, OffsetDateTime closedAt, String refundRef) {

    public static final String OPEN = "OPEN";
    public static final String CLOSED = "CLOSED";
    public static final String LATE = "LATE";
    public static final String REFUNDED = "REFUNDED";
}
