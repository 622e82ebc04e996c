package id.loket.order;

import java.util.EnumSet;
import java.util.Set;

/**
 * The order's life (contract sections 2 and 3). A hosted order starts {@link #REQUEST_INITIATED},
 * a core-mode order {@link #PENDING}; the last five are final and each sends one notification.
 */
public enum OrderStatus {
    REQUEST_INITIATED,
    PENDING,
    PROCESSING,
    PAID,
    FAILED,
    REFUNDED,
    EXPIRED,
    CANCELLED;

    private static final Set<OrderStatus> FINAL = EnumSet.of(PAID, FAILED, REFUNDED, EXPIRED, CANCELLED);

    public boolean isFinal() {
        return FINAL.contains(this);
    }

    /** The moves the state machine allows; anything else is refused and logged by the store. */
    public boolean canMoveTo(OrderStatus next) {
        return switch (this) {
            case REQUEST_INITIATED -> next == PENDING || next == FAILED || next == EXPIRED || next == CANCELLED;
            case PENDING -> next == PROCESSING || next == FAILED || next == EXPIRED || next == CANCELLED;
            case PROCESSING -> next == PAID || next == REFUNDED;
            default -> false;
        };
    }

    /** Human text for {@code result.payment.statusDesc}: {@link StatusText#of}. */
    public String description() {
        return StatusText.of(this);
    }
}
