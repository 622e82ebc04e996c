package id.loket.order;

import id.loket.biller.BillerAnswer;
import id.loket.biller.BillerRequest;
import id.loket.biller.BillerRouting;
import id.loket.codec.PhpJson;
import id.loket.route.FlowVariables;
import id.loket.sof.SofAnswer;
import id.loket.sof.SofRequest;
import id.loket.config.HubProperties;
import id.loket.config.Wib;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Body;
import org.apache.camel.Variable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The steps the payment routes take on an order: each takes the order (the route's
 * {@link FlowVariables#ORDER}) and the partner's answer the route just got (the body), makes the one
 * guarded move it allows and returns what the next step needs. A move into a final status returns the
 * outbox row's id, which the route keeps as {@link FlowVariables#NOTIFICATION} for the Wire Tap.
 */
@Component("paymentFlow")
public class PaymentFlow {

    private static final Logger LOG = LoggerFactory.getLogger(PaymentFlow.class);
    private static final DateTimeFormatter SETTLEMENT = DateTimeFormatter.ofPattern("MMdd");
    /** Why an automatic refund is asked, when the biller's code is not at hand (a repeat). */
    private static final String BILLER_REFUSED = "biller refused";
    private static final String LATE_PAYMENT = "payment arrived for an order or a payment that can no longer be paid";

    private final OrderStore orders;
    private final OrderPayments payments;
    private final HubProperties props;
    private final BillerRouting billers;
    private final Counter flaggedForReview;
    private final Counter billerUnknown;
    private final ObjectMapper json = new ObjectMapper();

    public PaymentFlow(OrderStore orders, OrderPayments payments, HubProperties props, BillerRouting billers,
                       MeterRegistry metrics) {
        this.orders = orders;
        this.payments = payments;
        this.props = props;
        this.billers = billers;
        this.flaggedForReview = Counter.builder("loket.orders.manual.review")
                .description("Orders left PROCESSING after the last biller repeat, for an operator").register(metrics);
        this.billerUnknown = Counter.builder("loket.biller.payment.unknown")
                .description("Biller payment messages with no answer or an unrecognised one").register(metrics);
    }

    /** Finpay ->> Biller : Request inquiry, for the biller configured for the order's product. */
    public BillerRequest inquiryRequest(@Body PaymentOrder o) {
        return BillerRequest.inquiry(billers.billerOf(o.productCode), o.productCode, o.billNumber);
    }

    /**
     * The Content Enricher's fold: an approved inquiry gives the order its bill, and the total the
     * customer pays is the biller's bill amount plus its admin fee, whatever the Mitra sent.
     */
    public void foldInquiry(@Body PaymentOrder o, @Variable(FlowVariables.INQUIRY) BillerAnswer a) {
        if (a.approved()) {
            o.billAmount = a.billAmount();
            o.adminFee = a.adminFee();
            o.amount = Math.addExact(a.billAmount(), a.adminFee());
            o.customerName = a.customerName();
            o.dueDate = a.dueDate();
            o.bit61 = a.carried();
            try {
                o.inquiryJson = json.writeValueAsString(a.received());
            } catch (Exception e) {
                o.inquiryJson = null;
            }
        } else if (!a.received().isEmpty()) {
            o.inquiryJson = PhpJson.encode(a.received());
        }
    }

    /** Core mode: the SOF type the Mitra sent is the choice. */
    public SofRequest chooseCoreSof(@Body PaymentOrder o) {
        return chooseSof(o, o.sofType);
    }

    /** Selected SOF: the provider's payment to create for the chosen type. */
    public SofRequest chooseSof(PaymentOrder o, String sofType) {
        String name = o.customerName != null ? o.customerName
                : ((o.customerFirstName == null ? "" : o.customerFirstName) + " "
                + (o.customerLastName == null ? "" : o.customerLastName)).trim();
        return new SofRequest(SofRequest.Operation.CREATE, SofRequest.familyOf(sofType), o.reference, sofType, o.amount,
                name, Wib.format(o.expiresAt), props.publicBaseUrl() + "/pg/payment/card/access/" + o.token,
                null, null, null);
    }

    /** Close (or ask about) the order's own provider payment. */
    public SofRequest aboutPayment(PaymentOrder o, SofRequest.Operation operation) {
        return SofRequest.about(operation, o.sofType, o.reference, o.sofPaymentCode);
    }

    /**
     * Attaches the provider's payment; the order now waits for the customer to pay it. Returns the
     * order as it now is (another tab may have chosen first: then it keeps the payment it has).
     */
    public PaymentOrder attachPayment(@Variable(FlowVariables.ORDER) PaymentOrder o, @Body SofRequest request,
                                      @Variable(FlowVariables.SOF_ANSWER) SofAnswer a) {
        String type = request.type();
        if (!a.ok() || a.paymentCode() == null) {
            orders.event(o.pk, "selected-sof", a.answered() ? "REFUSED" : "UNKNOWN",
                    type + ": provider answered HTTP " + a.httpStatus());
            orders.releaseSofChoice(o);
            throw a.answered() ? new Refusal("5000000", "General error (payment provider refused)") : Refusal.timeout();
        }
        if (!orders.attachPayment(o, OrderStatus.REQUEST_INITIATED, type, a.channel(), a.paymentCode(), a.stringQr(),
                a.redirectUrl(), a.providerRef())) {
            return orders.byPk(o.pk);
        }
        return o;
    }

    /** Success branch for a plain payment: the SOF captured it, nothing to pay at a biller. */
    public long paidWithoutBiller(@Variable(FlowVariables.ORDER) PaymentOrder o) {
        o.statusDesc = OrderStatus.PAID.description();
        return orders.move(o, OrderStatus.PROCESSING, OrderStatus.PAID, "payment-success", "plain payment");
    }

    /** Failure branch: the SOF declined; no biller is called. */
    public long declined(@Variable(FlowVariables.ORDER) PaymentOrder o) {
        o.statusDesc = StatusText.declined(o.sofType);
        return orders.move(o, OrderStatus.PENDING, OrderStatus.FAILED, "payment-failure", "SOF declined");
    }

    /**
     * The one biller transaction id of this order's payment, and the attempt counted before the
     * message leaves: after a crash the next message is sent as a repeat of the same traxId.
     */
    public PaymentOrder startBillerAttempt(@Variable(FlowVariables.ORDER) PaymentOrder o) {
        return orders.startBillerAttempt(o.pk);
    }

    /** Finpay ->> Biller : Request Payment: the inquired amounts and the value the inquiry gave to carry back. */
    public BillerRequest billerPaymentRequest(@Variable(FlowVariables.ORDER) PaymentOrder o) {
        return new BillerRequest(billers.billerOf(o.productCode), o.productCode, o.billNumber, o.traxId, o.billAmount,
                o.adminFee, o.bit61, o.billerAttempts);
    }

    /** Approved: the bill is paid; the notification carries the biller's flagging. */
    public long billerApproved(@Variable(FlowVariables.ORDER) PaymentOrder o, @Body BillerAnswer a) {
        o.flaggingJson = flagging(o, a.reference(), a.customerName(), a.receipt(), a.transactionId());
        o.billerJson = PhpJson.encode(a.received());
        o.statusDesc = OrderStatus.PAID.description();
        long id = orders.move(o, OrderStatus.PROCESSING, OrderStatus.PAID, "biller-payment",
                "resultCode " + a.resultCode() + ", reference " + a.reference());
        if (id < 0) {
            // Resolved by an operator meanwhile (PAID, or NOT_PAID with the refund under way): one outcome only.
            orders.event(o.pk, "biller-payment", "APPROVED_LATE", "resultCode " + a.resultCode() + ", reference "
                    + a.reference() + ": the order was no longer waiting for it");
        }
        return id;
    }

    /**
     * An operator resolved the bill PAID with the biller's reference: the same move and flagging as the
     * biller's approval, {@code reffNo} being that reference. Joins the caller's transaction.
     */
    public long resolvedPaid(PaymentOrder o, String billerReference, String arrow, String detail) {
        o.flaggingJson = flagging(o, billerReference, null, null, null);
        o.statusDesc = OrderStatus.PAID.description();
        return orders.move(o, OrderStatus.PROCESSING, OrderStatus.PAID, arrow, detail);
    }

    /** The notification's {@code result.flagging} of a paid bill. */
    private String flagging(PaymentOrder o, String reference, String customerName, String receipt, String transactionId) {
        OffsetDateTime now = orders.now();
        Map<String, Object> flagging = new LinkedHashMap<>();
        put(flagging, "paymentCode", o.sofPaymentCode);
        put(flagging, "productCode", o.productCode);
        put(flagging, "bill", "1");
        put(flagging, "reffNo", reference);
        put(flagging, "amount", String.valueOf(o.amount));
        put(flagging, "customerName", customerName != null ? customerName : o.customerName);
        put(flagging, "billingInfo1", receipt);
        put(flagging, "ntb", transactionId != null ? transactionId : o.traxId);
        put(flagging, "paymentDateTime", Wib.format(now));
        put(flagging, "gmt", now.format(Wib.DATE_TIME));
        put(flagging, "settlementDate", now.atZoneSameInstant(Wib.ZONE).format(SETTLEMENT));
        return PhpJson.encode(flagging);
    }

    /**
     * No answer or an unrecognised one: the outcome is unknown, so the order stays PROCESSING and is
     * never refunded. The same message is repeated on {@code hub.biller.repeat-delays}; after the
     * last repeat the order is flagged for manual review.
     */
    public void billerSuspect(@Variable(FlowVariables.ORDER) PaymentOrder o, @Body BillerAnswer a) {
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

    /**
     * The biller definitively refused: remember why; the refund it returns decides the final status.
     * Null (no refund) when the order is no longer PROCESSING.
     */
    public SofRequest billerRefused(@Variable(FlowVariables.ORDER) PaymentOrder o, @Body BillerAnswer a) {
        o.billerJson = PhpJson.encode(a.received());
        o.refusalText = StatusText.billerRefused(a.resultCode());
        if (!orders.refundOwed(o)) {
            // Resolved PAID by an operator meanwhile: no refund of a paid order; the route asks none (null).
            orders.event(o.pk, "biller-payment", "REFUSED_LATE", "resultCode " + a.resultCode() + " " + a.resultDesc()
                    + ": the order was no longer waiting for it; not refunded");
            return null;
        }
        orders.event(o.pk, "biller-payment", "REFUSED", "resultCode " + a.resultCode() + " " + a.resultDesc());
        o.statusDesc = o.refusalText;
        return refund(o, null, BILLER_REFUSED + ": " + a.resultCode());
    }

    /** An owed automatic refund, asked again (the provider's refund is idempotent). */
    public SofRequest owedRefund(@Variable(FlowVariables.ORDER) PaymentOrder o) {
        return refund(o, null, BILLER_REFUSED);
    }

    /** A late payment's refund: the closed payment's, if it is about one, or the order's own. */
    public SofRequest lateRefund(@Variable(FlowVariables.ORDER) PaymentOrder o,
                                 @Variable(FlowVariables.CLOSED_PAYMENT) OrderPayment closed) {
        return refund(o, closed, LATE_PAYMENT);
    }

    /** The whole of a payment back; an automatic refund is one per provider payment. */
    private static SofRequest refund(PaymentOrder o, OrderPayment closed, String reason) {
        return closed == null
                ? SofRequest.refund(o.sofType, o.reference, o.sofPaymentCode, o.amount, reason, o.reference + "-A")
                : SofRequest.refund(closed.sofType(), o.reference, closed.paymentCode(), closed.amount(), reason,
                o.reference + "-A");
    }

    /** The SOF confirmed the refund: REFUNDED. Otherwise the order stays PROCESSING for review. */
    public long refunded(@Variable(FlowVariables.ORDER) PaymentOrder o, @Body SofAnswer a) {
        if (a.ok() && "REFUNDED".equals(a.status())) {
            orders.event(o.pk, "sof-refund", "OK", "refundRef " + a.refundRef());
            o.statusDesc = o.refusalText; // as stored with the refund owed, whichever attempt confirms it
            return orders.move(o, OrderStatus.PROCESSING, OrderStatus.REFUNDED, "payment-refunded",
                    "refundRef " + a.refundRef());
        }
        // The refund is owed (refund_pending); it is asked again, the provider's refund being idempotent.
        orders.event(o.pk, "sof-refund", a.answered() ? "REFUSED" : "UNKNOWN",
                "HTTP " + a.httpStatus() + " status " + a.status() + "; asking again");
        orders.scheduleWork(o, orders.now().plus(props.work().lease()));
        LOG.error("Refund of {} not confirmed (HTTP {}, {}): asking again", o, a.httpStatus(), a.status());
        return 0;
    }

    /** A payment for an order that can no longer use it went back to the customer. */
    public void lateRefunded(@Variable(FlowVariables.ORDER) PaymentOrder o,
                             @Variable(FlowVariables.CLOSED_PAYMENT) OrderPayment closed, @Body SofAnswer a) {
        Long payment = closed == null ? null : closed.id();
        String code = closed == null ? o.sofPaymentCode : closed.paymentCode();
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
     * Returns whether the order kept its payment.
     */
    public boolean reopenChoice(@Variable(FlowVariables.ORDER) PaymentOrder o, @Variable(FlowVariables.SOF_ANSWER) SofAnswer a) {
        String payment = o.sofType + " " + o.sofPaymentCode;
        if (a.ok() && "CLOSED".equals(a.status())) {
            orders.event(o.pk, "sof-close", "OK", payment);
            if (orders.reopenChoice(o, o.sofType, o.sofPaymentCode)) {
                return false;
            }
            orders.event(o.pk, "customer-change-payment-method", "REFUSED", payment + ": the order moved meanwhile");
        } else {
            orders.event(o.pk, "sof-close", a.answered() ? "REFUSED" : "UNKNOWN",
                    payment + ": HTTP " + a.httpStatus() + " " + a.status());
            orders.event(o.pk, "customer-change-payment-method", "REFUSED", "PAID".equals(a.status())
                    ? payment + " was paid: the order goes on with it" : payment + " not closed: it stays the order's payment");
        }
        return true;
    }

    /** Cancel may close the payment only while nobody has paid it. */
    public void requireClosed(@Variable(FlowVariables.ORDER) PaymentOrder o, @Variable(FlowVariables.SOF_ANSWER) SofAnswer a) {
        if (a.ok() || a.httpStatus() == 404) {
            orders.event(o.pk, "sof-close", "OK", o.sofType + " " + o.sofPaymentCode);
            return;
        }
        orders.event(o.pk, "sof-close", a.answered() ? "REFUSED" : "UNKNOWN", "HTTP " + a.httpStatus() + " " + a.status());
        if ("PAID".equals(a.status())) {
            throw Refusal.invalidStatus("PROCESSING");
        }
        throw Refusal.timeout();
    }

    public long cancel(@Variable(FlowVariables.ORDER) PaymentOrder o) {
        o.statusDesc = OrderStatus.CANCELLED.description();
        long id = orders.move(o, o.status, OrderStatus.CANCELLED, "mitra-cancel-payment", "cancelled by the Mitra");
        if (id < 0) {
            throw Refusal.invalidStatus(orders.byPk(o.pk).status.name());
        }
        return id;
    }

    public PaymentOrder load(long pk) {
        return orders.byPk(pk);
    }

    /**
     * Time is up: the order expires unless the provider says it was paid meanwhile (its callback will
     * come). {@code close} is the provider's answer to closing the order's payment, null when it had none.
     */
    public long expire(@Variable(FlowVariables.ORDER) PaymentOrder o, @Variable(FlowVariables.SOF_ANSWER) SofAnswer close) {
        if (close != null && !(close.ok() || close.httpStatus() == 404)) {
            orders.event(o.pk, "order-expiry", "DEFERRED", "provider answered HTTP " + close.httpStatus() + " " + close.status());
            return 0;
        }
        o.statusDesc = OrderStatus.EXPIRED.description();
        return orders.move(o, o.status, OrderStatus.EXPIRED, "order-expiry", "expired at " + o.expiresAt);
    }

    private static void put(Map<String, Object> map, String key, String value) {
        if (value != null && !value.isEmpty()) {
            map.put(key, value);
        }
    }
}
