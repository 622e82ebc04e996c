package id.loket.order;

import java.time.OffsetDateTime;

/** One arrow of the sequence diagram that happened to an order, with its outcome. */
public record OrderEvent(String arrow, String outcome, String fromStatus, String toStatus, String detail,
                         OffsetDateTime at) {
}
