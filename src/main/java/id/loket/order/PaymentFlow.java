package id.loket.order;

import id.loket.api.ApiException;
import id.loket.biller.BillerAnswer;
import id.loket.codec.PhpJson;
import id.loket.sof.SofAnswer;
import id.loket.sof.SofFamily;
import id.loket.config.HubProperties;
import id.loket.config.Wib;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The steps the payment routes take on an order: each reads the partner's answer the route just
 * got and makes the one guarded move it allows. A move into a final status leaves the outbox
 * row's id in {@link #NOTIFICATION} for the Wire Tap.
 */
@Component("paymentFlow")
public class PaymentFlow {

    private static final Logger LOG = LoggerFactory.getLogger(PaymentFlow.class);
    public static final String ORDER = "loketOrder";
    public static final String NOTIFICATION = "loketNotificationId";
    /** The {@code order_payment} id, code and type of a closed payment the next provider operation is about. */
    public static final String PAYMENT = "loketOrderPayment";
    public static final String PAYMENT_CODE = "loketPaymentCode";
    public static final String PAYMENT_TYPE = "loketPaymentType";
    /** The customer asked to change the method and the order keeps its payment. */
    public static final String METHOD_KEPT = "loketMethodKept";
    private static final DateTimeFormatter SETTLEMENT = DateTimeFormatter.ofPattern("MMdd");

    private final OrderStore orders;
    private final OrderPayments payments;
    private final HubProperties props;
    private final Counter flaggedForReview;
    private final Counter billerUnknown;

    public PaymentFlow(OrderStore orders, OrderPayments payments, HubProperties props, MeterRegistry metrics) {
        this.orders = orders;
        this.payments = payments;
        this.props = props;
        this.flaggedForReview = Counter.builder("loket.orders.manual.review")
                .description("Orders left PROCESSING after the last biller repeat, for an operator").register(metrics);
        this.billerUnknown = Counter.builder("loket.biller.payment.unknown")
                .description("Biller payment messages with no answer or an unrecognised one").register(metrics);
    }

    private static PaymentOrder order(Exchange exchange) {
        return exchange.getProperty(ORDER, PaymentOrder.class);
    }

    private static void finished(Exchange exchange, long notificationId) {
        if (notificationId > 0) {
            exchange.setProperty(NOTIFICATION, notificationId);
        }
    }

    /** Selected SOF: which adapter family serves the chosen type. */
    public void chooseSof(Exchange exchange) {
        String sofType = exchange.getProperty("loketCoreSof", String.class);
        SofFamily family = SofFamily.ofType(sofType).orElseThrow(() -> ApiException.invalidFormat("sourceOfFunds.type"));
        exchange.setProperty("loketSofType", sofType);
        exchange.setProperty("loketSofFamily", family.key());
    }

    /** Attaches the provider's payment; the order now waits for the customer to pay it. */
    public void attachPayment(Exchange exchange) {
        PaymentOrder o = order(exchange);
        SofAnswer a = exchange.getMessage().getBody(SofAnswer.class);
        String type = exchange.getProperty("loketSofType", String.class);
        if (!a.ok() || a.paymentCode() == null) {
            orders.event(o.pk, "selected-sof", a.answered() ? "REFUSED" : "UNKNOWN",
                    type + ": provider answered HTTP " + a.httpStatus());
            orders.releaseSofChoice(o);
            throw a.answered() ? new ApiException("5000000", "General error (payment provider refused)") : ApiException.timeout();
        }
        if (!orders.attachPayment(o, OrderStatus.REQUEST_INITIATED, type, a.channel(), a.paymentCode(), a.stringQr(),
                a.redirectUrl(), a.providerRef())) {
            // Another tab chose first; this order keeps the payment it already has.
            exchange.setProperty(ORDER, orders.byPk(o.pk));
        }
    }

    /** Success branch for a plain payment: the SOF captured it, nothing to pay at a biller. */
    public void paidWithoutBiller(Exchange exchange) {
        PaymentOrder o = order(exchange);
        o.statusDesc = OrderStatus.PAID.description();
        finished(exchange, orders.move(o, OrderStatus.PROCESSING, OrderStatus.PAID, "payment-success", "plain payment"));
    }

    /** Failure branch: the SOF declined; no biller is called. */
    public void declined(Exchange exchange) {
        PaymentOrder o = order(exchange);
        o.statusDesc = StatusText.declined(o.sofType);
        finished(exchange, orders.move(o, OrderStatus.PENDING, OrderStatus.FAILED, "payment-failure", "SOF declined"));
    }

    /**
     * The one biller transaction id of this order's payment, and the attempt counted before the
     * message leaves: after a crash the next message is sent as a repeat of the same traxId.
     */
    public PaymentOrder prepareBillerPayment(Exchange exchange) {
        PaymentOrder o = orders.startBillerAttempt(order(exchange).pk);
        exchange.setProperty(ORDER, o);
        return o;
    }

    /** {@code 00}: the bill is paid; the notification carries the biller's flagging. */
    public void billerApproved(Exchange exchange) {
        PaymentOrder o = order(exchange);
        BillerAnswer a = exchange.getMessage().getBody(BillerAnswer.class);
        OffsetDateTime now = orders.now();
        Map<String, Object> flagging = new LinkedHashMap<>();
        put(flagging, "paymentCode", o.sofPaymentCode);
        put(flagging, "productCode", o.productCode);
        put(flagging, "bill", "1");
        put(flagging, "reffNo", a.field("sysCode"));
        put(flagging, "amount", String.valueOf(o.amount));
        put(flagging, "customerName", a.customerData("customerName") != null ? a.customerData("customerName") : o.customerName);
        put(flagging, "billingInfo1", a.customerData("billInfo1") != null ? a.customerData("billInfo1") : a.field("bit48"));
        put(flagging, "ntb", a.field("traxId") != null ? a.field("traxId") : o.traxId);
        put(flagging, "paymentDateTime", Wib.format(now));
        put(flagging, "gmt", now.format(Wib.DATE_TIME));
        put(flagging, "settlementDate", now.atZoneSameInstant(Wib.ZONE).format(SETTLEMENT));
        o.flaggingJson = PhpJson.encode(flagging);
        o.billerJson = PhpJson.encode(a.fields());
        o.statusDesc = OrderStatus.PAID.description();
        finished(exchange, orders.move(o, OrderStatus.PROCESSING, OrderStatus.PAID, "biller-payment",
                "resultCode 00, sysCode " + a.field("sysCode")));
    }

    /**
     * No answer or an unrecognised one: the outcome is unknown, so the order stays PROCESSING and is
     * never refunded. The same message is repeated on {@code hub.biller.repeat-delays}; after the
     * last repeat the order is flagged for manual review.
     */
    public void billerSuspect(Exchange exchange) {
        PaymentOrder o = order(exchange);
        BillerAnswer a = exchange.getMessage().getBody(BillerAnswer.class);
        billerUnknown.increment();
        orders.event(o.pk, "biller-payment", "UNKNOWN", "traxId " + o.traxId + " attempt " + o.billerAttempts + ": "
                + a.resultDesc() + (a.resultCode() == null ? "" : " (resultCode " + a.resultCode() + ")"));
        List<Duration> delays = props.biller().repeatDelays();
        int repeatsDone = o.billerAttempts - 1;
        if (repeatsDone < delays.size()) {
            orders.scheduleWork(o, orders.now().plus(delays.get(repeatsDone)));
            LOG.warn("Biller outcome unknown for {} (traxId {}, attempt {}): repeating in {}", o, o.traxId,
                    o.billerAttempts, delays.get(repeatsDone));
        } else {
            flaggedForReview.increment();
            orders.flagForReview(o, "biller outcome still unknown after " + o.billerAttempts + " messages for traxId "
                    + o.traxId + "; not refunded");
            LOG.error("Biller outcome unknown for {} after {} messages: flagged for manual review", o, o.billerAttempts);
        }
    }

    /** The biller definitively refused: remember why, then the refund decides the final status. */
    public void billerRefused(Exchange exchange) {
        PaymentOrder o = order(exchange);
        BillerAnswer a = exchange.getMessage().getBody(BillerAnswer.class);
        o.billerJson = PhpJson.encode(a.fields());
        o.refusalText = StatusText.billerRefused(a.resultCode());
        orders.refundOwed(o);
        orders.event(o.pk, "biller-payment", "REFUSED", "resultCode " + a.resultCode() + " " + a.resultDesc());
        exchange.setProperty("loketRefundReason", "biller refused: " + a.resultCode());
        o.statusDesc = o.refusalText;
    }

    /** The SOF confirmed the refund: REFUNDED. Otherwise the order stays PROCESSING for review. */
    public void refunded(Exchange exchange) {
        PaymentOrder o = order(exchange);
        SofAnswer a = exchange.getMessage().getBody(SofAnswer.class);
        if (a.ok() && "REFUNDED".equals(a.status())) {
            orders.event(o.pk, "sof-refund", "OK", "refundRef " + a.refundRef());
            o.statusDesc = o.refusalText; // as stored with the refund owed, whichever attempt confirms it
            finished(exchange, orders.move(o, OrderStatus.PROCESSING, OrderStatus.REFUNDED, "payment-refunded",
                    "refundRef " + a.refundRef()));
        } else {
            // The refund is owed (refund_pending); it is asked again, the provider's refund being idempotent.
            orders.event(o.pk, "sof-refund", a.answered() ? "REFUSED" : "UNKNOWN",
                    "HTTP " + a.httpStatus() + " status " + a.status() + "; asking again");
            orders.scheduleWork(o, orders.now().plus(props.work().lease()));
            LOG.error("Refund of {} not confirmed (HTTP {}, {}): asking again", o, a.httpStatus(), a.status());
        }
    }

    /**
     * The provider operations that follow act on the closed payment {@code p}, not on the order's own:
     * {@link id.loket.sof.SofCodec} sends its code, {@link id.loket.sof.SofRouting} picks its family.
     */
    public static void refundClosedPayment(Exchange exchange, OrderPayment p) {
        exchange.setProperty(PAYMENT, p.id());
        exchange.setProperty(PAYMENT_CODE, p.paymentCode());
        exchange.setProperty(PAYMENT_TYPE, p.sofType());
        exchange.setProperty("loketRefundAmount", p.amount());
    }

    /** A payment for an order that can no longer use it went back to the customer. */
    public void lateRefunded(Exchange exchange) {
        PaymentOrder o = order(exchange);
        SofAnswer a = exchange.getMessage().getBody(SofAnswer.class);
        Long payment = exchange.getProperty(PAYMENT, Long.class);
        String code = payment == null ? o.sofPaymentCode : exchange.getProperty(PAYMENT_CODE, String.class);
        orders.event(o.pk, "late-payment-refund", a.ok() ? "OK" : a.answered() ? "REFUSED" : "UNKNOWN",
                "order " + o.status + ", payment " + code + ", HTTP " + a.httpStatus() + ", refundRef " + a.refundRef());
        if (a.ok() && "REFUNDED".equals(a.status())) {
            settled(o, payment, a.refundRef());
        } else if (a.httpStatus() == 409 && a.status() != null && !"PAID".equals(a.status())) {
            // The provider holds no money for it (never paid, or already refunded): nothing is owed.
            orders.event(o.pk, "late-payment-refund", "NOTHING_OWED", "provider says " + a.status());
            settled(o, payment, "REFUNDED".equals(a.status()) ? a.refundRef() : null);
        } else if (payment != null) {
            payments.refundDue(payment, orders.now().plus(props.work().lease()));
        } else {
            orders.scheduleWork(o, orders.now().plus(props.work().lease()));
        }
    }

    private void settled(PaymentOrder o, Long payment, String refundRef) {
        if (payment == null) {
            orders.refundSettled(o);
        } else {
            payments.refunded(payment, refundRef);
        }
    }

    /**
     * The customer changed the method: the order goes back to choosing only once the provider confirmed
     * the close of its payment. A provider that says the payment was paid keeps the order as it is (its
     * callback will come); one that does not answer leaves the payment open (unknown is never closed).
     */
    public void reopenChoice(Exchange exchange) {
        PaymentOrder o = order(exchange);
        SofAnswer a = exchange.getMessage().getBody(SofAnswer.class);
        String payment = o.sofType + " " + o.sofPaymentCode;
        if (a.ok() && "CLOSED".equals(a.status())) {
            orders.event(o.pk, "sof-close", "OK", payment);
            if (orders.reopenChoice(o, o.sofType, o.sofPaymentCode)) {
                exchange.setProperty(ORDER, o);
                return;
            }
            orders.event(o.pk, "customer-change-payment-method", "REFUSED", payment + ": the order moved meanwhile");
        } else {
            orders.event(o.pk, "sof-close", a.answered() ? "REFUSED" : "UNKNOWN",
                    payment + ": HTTP " + a.httpStatus() + " " + a.status());
            orders.event(o.pk, "customer-change-payment-method", "REFUSED", "PAID".equals(a.status())
                    ? payment + " was paid: the order goes on with it" : payment + " not closed: it stays the order's payment");
        }
        exchange.setProperty(METHOD_KEPT, true);
        exchange.setProperty(ORDER, orders.byPk(o.pk));
    }

    /** Cancel may close the payment only while nobody has paid it. */
    public void requireClosed(Exchange exchange) {
        PaymentOrder o = order(exchange);
        SofAnswer a = exchange.getMessage().getBody(SofAnswer.class);
        if (a.ok() || a.httpStatus() == 404) {
            orders.event(o.pk, "sof-close", "OK", o.sofType + " " + o.sofPaymentCode);
            return;
        }
        orders.event(o.pk, "sof-close", a.answered() ? "REFUSED" : "UNKNOWN", "HTTP " + a.httpStatus() + " " + a.status());
        if ("PAID".equals(a.status())) {
            throw ApiException.invalidStatus("PROCESSING");
        }
        throw ApiException.timeout();
    }

    public void cancel(Exchange exchange) {
        PaymentOrder o = order(exchange);
        o.statusDesc = OrderStatus.CANCELLED.description();
        long id = orders.move(o, o.status, OrderStatus.CANCELLED, "mitra-cancel-payment", "cancelled by the Mitra");
        if (id < 0) {
            throw ApiException.invalidStatus(orders.byPk(o.pk).status.name());
        }
        finished(exchange, id);
    }

    public PaymentOrder loadForExpiry(Exchange exchange, Long pk) {
        PaymentOrder o = orders.byPk(pk);
        exchange.setProperty(ORDER, o);
        exchange.setProperty("loketHasPayment", o.sofPaymentCode != null);
        exchange.removeProperty(NOTIFICATION);
        return o;
    }

    /** Time is up: the order expires unless the provider says it was paid meanwhile (its callback will come). */
    public void expire(Exchange exchange) {
        PaymentOrder o = order(exchange);
        SofAnswer close = exchange.getProperty("loketCloseAnswer", SofAnswer.class);
        if (close != null && !(close.ok() || close.httpStatus() == 404)) {
            orders.event(o.pk, "order-expiry", "DEFERRED", "provider answered HTTP " + close.httpStatus() + " " + close.status());
            return;
        }
        o.statusDesc = OrderStatus.EXPIRED.description();
        finished(exchange, orders.move(o, o.status, OrderStatus.EXPIRED, "order-expiry", "expired at " + o.expiresAt));
    }

    private static void put(Map<String, Object> map, String key, String value) {
        if (value != null && !value.isEmpty()) {
            map.put(key, value);
        }
    }
}
