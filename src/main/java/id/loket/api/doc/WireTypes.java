package id.loket.api.doc;

/**
 * Values of the Mitra API's wire format that no Java type describes by itself (a digit string that
 * may also come as a JSON number, a catalogue that grows). The documentation records name them as
 * their types; {@link WireSchemas} gives each its schema. In a request an optional member may be
 * JSON null, read as absent; so their schemas admit null.
 */
public final class WireTypes {

    private WireTypes() {
    }

    /** Rupiah: 1-14 digits as a string ({@code "200000"}), or a JSON integer; at least 1. */
    public static final class Amount {
        private Amount() {
        }
    }

    /** An item's unit price: like {@link Amount}, but 0 is allowed. */
    public static final class UnitPrice {
        private UnitPrice() {
        }
    }

    /** {@code order.timeout}: minutes, 1-99999999, as digits or a JSON integer. */
    public static final class Minutes {
        private Minutes() {
        }
    }

    /** A Mitra's order id in a request: 1-30 of {@code [A-Za-z0-9_-]}, or a JSON integer read as its digits. */
    public static final class OrderId {
        private OrderId() {
        }
    }

    /** A source-of-funds type of the catalogue (contract section 5). */
    public static final class SofType {
        private SofType() {
        }
    }

    /** {@code sourceOfFunds} in an initiate request: {@code {"type": ...}}, or the bare type string. */
    public static final class SofChoice {
        private SofChoice() {
        }
    }

    /** {@code meta} in an initiate request: {@code {"data": <string of at most 999 chars, or null>}}, or null. */
    public static final class MetaIn {
        private MetaIn() {
        }
    }

    /** {@code result.payment.status}: a status of the order state machine. */
    public static final class PaymentStatus {
        private PaymentStatus() {
        }
    }
}
