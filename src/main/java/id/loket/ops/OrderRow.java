package id.loket.ops;

import java.time.OffsetDateTime;

/** An order in the operations lists (times in WIB with their offset, amounts in rupiah). */
public record OrderRow(String merchantId, String orderId, String reference, String status, Long amount,
                       String productCode, String billNumber, String sofType, boolean needsReview,
                       OffsetDateTime createdAt, OffsetDateTime updatedAt) {
}
