package id.loket.ops;

import java.time.OffsetDateTime;

/** An order in the review queue, and since when it has waited for a person. */
public record ReviewItem(OrderRow order, OffsetDateTime flaggedAt) {
}
