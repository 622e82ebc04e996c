package id.loket.order;

import java.util.EnumSet;
import java.util.Set;

/**
 * The order's life (contract sections 2 and 3). A hosted order starts {@link #REQUEST_INITIATED},
 * a core-mode order {@link #PENDING}; the five final ones each send one notification. A paid order
 * may still be refunded by its Mitra: {@link #PARTIALLY_REFUNDED} (not final, sent once per confirmed
 * refund) or {@link #REFUNDED}.
 */
public enum OrderStatus {
    REQUEST_INITIATED,
    PENDING,
    PROCESSING,
    PAID,
    FAILED,
    REFUNDED,
    EXPIRED,
    CANCELLED,
    PARTIALLY_REFUNDED;

    private static final Set<OrderStatus> FINAL = EnumSet.of(PAID, FAILED, REFUNDED, EXPIRED, CANCELLED);

    public boolean isFinal() {
        return FINAL.contains(this);
    }

    /** Whether the Mitra is notified of this status: every final one, and each partial refund. */
    public boolean notifies() {
        return isFinal() || this == PARTIALLY_REFUNDED;
    }

    /** A Mitra's refund (or void) may start from these: money paid and not all of it returned. */
    public boolean refundable() {
        return this == PAID || this == PARTIALLY_REFUNDED;
    }

    /** The moves the state machine allows; anything else is refused and logged by the store. */
    public boolean canMoveTo(OrderStatus next) {
        return switch (this) {
            case REQUEST_INITIATED -> next == PENDING || next == FAILED || next == EXPIRED || next == CANCELLED;
            // PENDING -> REQUEST_INITIATED: the customer changed the method after the provider closed the payment.
            case PENDING -> next == PROCESSING || next == FAILED || next == EXPIRED || next == CANCELLED
                    || next == REQUEST_INITIATED;
            case PROCESSING -> next == PAID || next == REFUNDED;
            case PAID, PARTIALLY_REFUNDED -> next == PARTIALLY_REFUNDED || next == REFUNDED;
            default -> false;
        };
    }

    /** Human text for {@code result.payment.statusDesc}: {@link StatusText#of}. */
    public String description() {
        return StatusText.of(this);
    }
}
