package id.loket.route;

/**
 * The few named values the routes keep beside the message, as Camel exchange variables
 * ({@code ${variable.order}} in YAML, {@code @Variable(FlowVariables.ORDER)} in Java). Everything
 * else a step needs is the body the previous step returned. The YAML routes use the same names.
 */
public final class FlowVariables {

    /** The {@link id.loket.order.PaymentOrder} the route is working on, while the body is a partner's request or answer. */
    public static final String ORDER = "order";
    /** The outbox row a final move wrote; {@code notify-mitra}'s Wire Tap hands it to the sender. */
    public static final String NOTIFICATION = "notificationId";
    /** A payment closed when the customer changed the method, that a late refund goes to (absent: the order's own). */
    public static final String CLOSED_PAYMENT = "closedPayment";
    /** The biller's answer to the inquiry ({@code enrich}'s {@code variableReceive}); the body stays the order. */
    public static final String INQUIRY = "inquiry";
    /** The provider's answer to a create or a close ({@code to}'s {@code variableReceive}); the body stays as it was. */
    public static final String SOF_ANSWER = "sofAnswer";
    /** Set by the partner-call template when the call failed (the exception's simple name); the body is then empty. */
    public static final String PARTNER_ERROR = "partnerError";
    /** The merchant id Basic auth proved. */
    public static final String MERCHANT = "merchantId";
    /** {@code System.nanoTime()} when authentication began, for the envelope's {@code processingTime}. */
    public static final String STARTED = "startedNanos";
    /** BILL or PLAIN: which initiate door the request came through. */
    public static final String KIND = "kind";
    /** REFUND or VOID: which door a Mitra's refund came through. */
    public static final String REFUND_KIND = "refundKind";
    /** The Mitra's {@link id.loket.order.Refund} being asked at the provider. */
    public static final String REFUND = "refund";
    /** The payment page's language, {@code id} or {@code en}. */
    public static final String LANG = "lang";
    /** A page state the step decided (a bill that cannot be paid), shown instead of the order's own. */
    public static final String PAGE_STATE = "pageState";
    /** The customer asked to change the method and the order keeps its payment. */
    public static final String METHOD_KEPT = "methodKept";

    private FlowVariables() {
    }
}
