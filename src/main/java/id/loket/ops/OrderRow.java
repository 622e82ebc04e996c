package id.loket.ops;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.OffsetDateTime;

/**
 * An order in the operations lists (times in WIB with their offset, amounts in rupiah). {@code pk}
 * is the order's row id, kept for the cursor and never shown.
 */
public record OrderRow(String merchantId, String orderId, String reference, String status, Long amount,
                       String productCode, String billNumber, String sofType, boolean needsReview,
                       OffsetDateTime createdAt, OffsetDateTime updatedAt, @JsonIgnore long pk) {
}
