package id.loket.ops;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * One order's whole story ({@code GET /ops/api/orders/{merchantId}/{orderId}}).
 *
 * @param timeline every event of the order in time order: the arrows of the diagram it went through
 *                 ({@code order_event}), its notification attempts and the operators' actions on it
 * @param biller   the biller messages: {@code kind} inquiry, payment or repeat
 */
public record OrderStory(Order order, List<Event> timeline, List<BillerMessage> biller,
                         List<NotificationAttempt> notifications, List<RefundEntry> refunds, List<OpsAction> actions,
                         @JsonIgnore long orderPk) {

    /**
     * @param flaggedAt        when the order was last flagged for manual review, if it was
     * @param billCustomerName the customer's name as the biller's inquiry gave it (the biller's text, untrusted)
     */
    public record Order(String merchantId, String orderId, String reference, String status, Long amount,
                        String productCode, String billNumber, String sofType, boolean needsReview,
                        OffsetDateTime createdAt, OffsetDateTime updatedAt, String description, Customer customer,
                        String statusDesc, String kind, String mode, String traxId, OffsetDateTime expiresAt,
                        OffsetDateTime paidAt, OffsetDateTime finalAt, OffsetDateTime flaggedAt,
                        String billCustomerName) {
    }

    public record Customer(String email, String mobilePhone) {
    }

    /**
     * One step of the story.
     *
     * @param kind    the arrow of the sequence diagram ({@code biller-payment}, {@code payment-process}, ...),
     *                {@code notification-attempt} for an attempt to notify the Mitra, {@code ops-<action>}
     *                ({@code ops-resend}, {@code ops-propose}, ...) for an operator's
     * @param outcome the arrow's outcome ({@code CREATED}, {@code SENT}, {@code PAID}, {@code UNKNOWN}, ...),
     *                the attempt's ({@code DELIVERED}, {@code FAILED}, ...), or the audit entry's
     * @param actor   the operator, for an operator's action
     * @param traceId the trace id of the work that wrote the event, when known (it is on the log lines)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Event(OffsetDateTime at, String kind, String detail, String outcome, String fromStatus,
                        String toStatus, String actor, String traceId) {
    }

    /**
     * A message to the biller or its answer.
     *
     * @param kind    inquiry, payment (the first payment message) or repeat (the same traxId again); an
     *                answer has the kind of the message it answers
     * @param outcome SENT or REPEATED for a payment message leaving; the answer's outcome otherwise
     *                (APPROVED, PAID, UNKNOWN, REFUSED, FAILED)
     */
    public record BillerMessage(OffsetDateTime at, String traxId, String kind, String resultCode, String outcome,
                                String detail) {
    }

    /** @param paymentStatus the status the notification told ({@code PAID}, {@code REFUNDED}, ...) */
    public record NotificationAttempt(OffsetDateTime at, int attempt, String outcome, Integer httpStatus,
                                      String paymentStatus) {
    }

    /**
     * A refund of the order's money.
     *
     * @param state OWED (taken, not yet confirmed by the provider) or CONFIRMED
     * @param kind  REFUND or VOID (the Mitra's or an operator's), AUTOMATIC (the biller refused the
     *              payment) or LATE_PAYMENT (a payment that arrived for an order that could no longer use it)
     */
    public record RefundEntry(OffsetDateTime at, long amount, String state, String kind, String refundRef,
                              OffsetDateTime confirmedAt) {
    }
}
