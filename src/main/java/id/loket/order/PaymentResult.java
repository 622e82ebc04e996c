package id.loket.order;

/**
 * What a provider's callback (or a status check standing in for an overdue one) means for an order:
 * the body the {@code payment-process} router decides on.
 *
 * @param result        the router's branch
 * @param order         the order it is about
 * @param closedPayment the payment closed when the customer changed the method that the callback was
 *                      about, or null when it was about the order's own payment
 */
public record PaymentResult(Result result, PaymentOrder order, OrderPayment closedPayment) {

    public enum Result {
        /** Money taken for a waiting order: it is PROCESSING now. */
        SUCCESS,
        /** The provider declined the payment. */
        DECLINED,
        /** Money taken for an order (or a closed payment) that can no longer use it: it goes back. */
        LATE,
        /** A callback seen before: nothing changes. */
        REPEAT,
        /** The status check found nothing to do yet. */
        NONE
    }

    public static PaymentResult of(Result result, PaymentOrder order) {
        return new PaymentResult(result, order, null);
    }
}
