package id.loket.ops;

import java.time.OffsetDateTime;

/**
 * An operator's action on an order ({@code operations.md}, "An action").
 *
 * @param kind  RESOLVE_PAID, RESOLVE_NOT_PAID, REFUND, RESEND, RETRY_BILLER
 * @param state PENDING_APPROVAL, DONE, REJECTED, FAILED
 */
public record OpsAction(long id, String kind, String merchantId, String orderId, String state, String proposedBy,
                        OffsetDateTime proposedAt, String approvedBy, OffsetDateTime approvedAt, String reason,
                        String comment, String detail) {
}
