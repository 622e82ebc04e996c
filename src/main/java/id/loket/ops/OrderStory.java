package id.loket.ops;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * One order's whole story ({@code GET /ops/api/orders/{merchantId}/{orderId}}).
 *
 * @param timeline every event of the order in time order
 * @param biller   the biller messages: {@code kind} inquiry, payment or repeat
 */
public record OrderStory(Order order, List<Event> timeline, List<BillerMessage> biller,
                         List<NotificationAttempt> notifications, List<RefundEntry> refunds, List<OpsAction> actions,
                         @JsonIgnore long orderPk) {

    public record Order(String merchantId, String orderId, String reference, String status, Long amount,
                        String productCode, String billNumber, String sofType, boolean needsReview,
                        OffsetDateTime createdAt, OffsetDateTime updatedAt, String description, Customer customer) {
    }

    public record Customer(String email, String mobilePhone) {
    }

    public record Event(OffsetDateTime at, String kind, String detail) {
    }

    public record BillerMessage(OffsetDateTime at, String traxId, String kind, String resultCode) {
    }

    public record NotificationAttempt(OffsetDateTime at, int attempt, String outcome, Integer httpStatus) {
    }

    public record RefundEntry(OffsetDateTime at, long amount, String state) {
    }
}
