package id.loket.ops;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.time.OffsetDateTime;

/**
 * An order in the review queue, and since when it has waited for a person. In JSON the order's
 * members, then {@code flaggedAt} and {@code waitingSeconds}.
 */
public record ReviewItem(@JsonUnwrapped OrderRow order, OffsetDateTime flaggedAt, long waitingSeconds,
                         @JsonIgnore long orderPk) {
}
