package id.loket.page;

import com.fasterxml.jackson.databind.ObjectMapper;
import id.loket.api.ApiException;
import id.loket.biller.BillerAnswer;
import id.loket.codec.Hex;
import id.loket.config.HubProperties;
import id.loket.order.OrderPayment;
import id.loket.order.OrderPayments;
import id.loket.order.OrderStatus;
import id.loket.order.OrderStore;
import id.loket.order.PaymentFlow;
import id.loket.order.PaymentOrder;
import id.loket.order.StatusText;
import id.loket.route.FlowVariables;
import id.loket.sof.SofFamily;
import id.loket.sof.SofRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * The hosted payment page's steps: find the order behind the token, fold in the biller's
 * inquiry, take the customer's choice of SOF (CSRF-checked), and render what the customer sees.
 */
@Component("paymentPage")
public class PaymentPage {

    /** The page's notice after a refused change of method (the query's {@code notice}). */
    static final String METHOD_KEPT_NOTICE = "method-kept";
    private static final String CSP = PaymentPageRenderer.contentSecurityPolicy();

    private final OrderStore orders;
    private final HubProperties props;
    private final PaymentPageRenderer renderer;
    private final PaymentFlow flow;
    private final OrderPayments payments;
    private final String secret;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();

    public PaymentPage(OrderStore orders, HubProperties props, PaymentPageRenderer renderer, PaymentFlow flow,
                       OrderPayments payments, Clock clock) {
        this.orders = orders;
        this.clock = clock;
        this.payments = payments;
        this.props = props;
        this.renderer = renderer;
        this.flow = flow;
        if (props.pageSecret() != null && !props.pageSecret().isBlank()) {
            this.secret = props.pageSecret();
        } else {
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            this.secret = HexFormat.of().formatHex(random);
        }
    }

    /** Open Payment URL: the order behind the token, and whether its bill still needs an inquiry. */
    public void load(Exchange exchange) {
        String token = exchange.getMessage().getHeader("token", String.class);
        PaymentOrder o = token == null || token.length() > 64 ? null : orders.byToken(token).orElse(null);
        exchange.setVariable(FlowVariables.ORDER, o);
        exchange.getMessage().setBody(o);
    }

    /**
     * The inquiry's answer decides what the customer may do: pay the biller's total, or see why not.
     * A bill that cannot be paid fails the order (and the Mitra is told); a silent biller only
     * shows "try again later".
     */
    public void applyInquiry(Exchange exchange) {
        PaymentOrder o = exchange.getMessage().getBody(PaymentOrder.class);
        BillerAnswer a = exchange.getVariable(FlowVariables.INQUIRY, BillerAnswer.class);
        orders.recordInquiry(o, a);
        switch (a.outcome()) {
            case APPROVED -> {
                if (o.requestedAmount != null && !o.requestedAmount.equals(o.amount)) {
                    fail(exchange, o, StatusText.amountMismatch(o.requestedAmount, o.amount), "AMOUNT_MISMATCH");
                }
            }
            case NOT_FOUND -> fail(exchange, o, StatusText.billNotFound(), "BILL_NOT_FOUND");
            case ALREADY_PAID -> fail(exchange, o, StatusText.billAlreadyPaid(), "BILL_ALREADY_PAID");
            default -> exchange.setVariable(FlowVariables.PAGE_STATE, "UNAVAILABLE");
        }
    }

    private void fail(Exchange exchange, PaymentOrder o, String why, String state) {
        o.statusDesc = why;
        long id = orders.move(o, OrderStatus.REQUEST_INITIATED, OrderStatus.FAILED, "biller-inquiry", why);
        if (id > 0) {
            exchange.setVariable(FlowVariables.NOTIFICATION, id);
        }
        exchange.setVariable(FlowVariables.PAGE_STATE, state);
    }

    /**
     * Request Payment: the customer's choice, accepted only with the page's CSRF value and while payable.
     * Returns the provider payment to create, or null when the order is no longer choosing.
     */
    public SofRequest selectSof(Exchange exchange) {
        Map<String, String> form = form(exchange);
        PaymentOrder o = postedOrder(exchange, form);
        String type = form.get("sofType");
        if (type == null || !sofTypes(o).contains(type)) {
            throw ApiException.notAllowed("sourceOfFunds.type");
        }
        // Exactly one of two tabs (or a double click) creates a payment at a provider.
        return orders.claimSofChoice(o, type) ? flow.chooseSof(o, type) : null;
    }

    /**
     * "Choose another method": accepted with the page's CSRF value; the order's payment is closed at
     * the provider (by the route) only while the order waits for the payment the form names and
     * another method is left. A stale form (the order moved on, another tab changed the method)
     * just shows the page as it stands. Returns whether the payment is to be closed.
     */
    public boolean changeMethod(Exchange exchange) {
        Map<String, String> form = form(exchange);
        PaymentOrder o = postedOrder(exchange, form);
        return methodChangeable(o) && o.sofPaymentCode.equals(form.get("payment"));
    }

    private PaymentOrder postedOrder(Exchange exchange, Map<String, String> form) {
        String token = exchange.getMessage().getHeader("token", String.class);
        PaymentOrder o = token == null ? null : orders.byToken(token).orElse(null);
        if (o == null) {
            throw ApiException.orderNotFound();
        }
        exchange.setVariable(FlowVariables.ORDER, o);
        exchange.setVariable(FlowVariables.LANG, "en".equals(form.get("lang")) ? "en" : "id");
        if (!Hex.sameHex(csrf(token), form.get("csrf"))) {
            throw new ApiException("4030015", "Transaction not permitted (stale or forged form)");
        }
        return o;
    }

    /** A hosted order waiting for its provider payment, with some other method still to choose. */
    private boolean methodChangeable(PaymentOrder o) {
        if (!"HOSTED".equals(o.mode) || o.status != OrderStatus.PENDING || o.sofPaymentCode == null) {
            return false;
        }
        String current = SofFamily.ofType(o.sofType).map(SofFamily::key).orElse(null);
        return sofTypes(o).stream().anyMatch(t -> !SofFamily.ofType(t).map(SofFamily::key).orElse("").equals(current));
    }

    /** After a POST the browser goes back to the page (303), so a reload never re-submits. */
    public void redirectToPage(Exchange exchange) {
        PaymentOrder o = exchange.getVariable(FlowVariables.ORDER, PaymentOrder.class);
        String lang = exchange.getVariable(FlowVariables.LANG, "id", String.class);
        var msg = exchange.getMessage();
        msg.removeHeaders("*");
        msg.setHeader(Exchange.HTTP_RESPONSE_CODE, 303);
        boolean kept = exchange.getVariable(FlowVariables.METHOD_KEPT, false, Boolean.class);
        msg.setHeader("Location", "/pg/payment/card/access/" + o.token + ("en".equals(lang) ? "?lang=en" : "")
                + (kept ? ("en".equals(lang) ? "&" : "?") + "notice=" + METHOD_KEPT_NOTICE : ""));
        msg.setHeader("Cache-Control", "no-store");
        msg.setBody("");
    }

    /** The page polls this while it waits: just the status, nothing else about the order. */
    public String state(Exchange exchange) {
        String token = exchange.getMessage().getHeader("token", String.class);
        PaymentOrder o = token == null ? null : orders.byToken(token).orElse(null);
        var msg = exchange.getMessage();
        msg.removeHeaders("*");
        msg.setHeader(Exchange.CONTENT_TYPE, "application/json");
        msg.setHeader("Cache-Control", "no-store");
        if (o == null) {
            msg.setHeader(Exchange.HTTP_RESPONSE_CODE, 404);
            return "{\"status\":\"NOT_FOUND\"}";
        }
        return "{\"status\":\"" + o.status.name() + "\"}";
    }

    /** What the customer sees, with the headers that keep the page out of frames and caches. */
    public String render(Exchange exchange) {
        PaymentOrder loaded = exchange.getVariable(FlowVariables.ORDER, PaymentOrder.class);
        PaymentOrder o = loaded == null ? null : orders.byPk(loaded.pk);
        String lang = "en".equals(exchange.getMessage().getHeader("lang", String.class)) ? "en" : "id";
        String forced = exchange.getVariable(FlowVariables.PAGE_STATE, String.class);
        // The only notice the page takes from its URL: a fixed text, never the query's own.
        boolean methodKept = METHOD_KEPT_NOTICE.equals(exchange.getMessage().getHeader("notice", String.class));
        PageView view = o == null ? notFound(lang) : view(o, lang, forced, methodKept);
        var msg = exchange.getMessage();
        msg.removeHeaders("*");
        msg.setHeader(Exchange.HTTP_RESPONSE_CODE, o == null ? 404 : 200);
        msg.setHeader(Exchange.CONTENT_TYPE, "text/html; charset=UTF-8");
        msg.setHeader("Cache-Control", "no-store");
        msg.setHeader("Content-Security-Policy", CSP);
        msg.setHeader("X-Frame-Options", "DENY");
        msg.setHeader("X-Content-Type-Options", "nosniff");
        msg.setHeader("Referrer-Policy", "no-referrer");
        return renderer.render(view);
    }

    private PageView view(PaymentOrder o, String lang, String forced, boolean methodKept) {
        PageState state = forced != null ? PageState.valueOf(forced) : stateOf(o);
        boolean changeable = forced == null && methodChangeable(o);
        String notice = methodKept && state.waiting() ? renderer.message("method.kept", lang) : null;
        String merchantName = props.merchants().containsKey(o.merchantId)
                && props.merchants().get(o.merchantId).name() != null
                ? props.merchants().get(o.merchantId).name() : o.merchantId;
        return new PageView(lang, state, o.token, csrf(o.token), merchantName, o.orderId, o.reference, o.description,
                o.amount, o.billAmount, o.adminFee, o.customerName, o.billNumber, o.productCode, o.dueDate,
                sofTypes(o), o.sofType, o.sofPaymentCode, o.sofStringQr, o.sofRedirectUrl, o.expiresAt.toInstant(),
                o.successUrl, o.failUrl, o.backUrl, notice, changeable);
    }

    private PageState stateOf(PaymentOrder o) {
        return switch (o.status) {
            case REQUEST_INITIATED -> o.isBill() && !o.hasInquiry() ? PageState.UNAVAILABLE : PageState.CHOOSE;
            case PENDING -> SofFamily.ofType(o.sofType).map(SofFamily::paysToCode).orElse(true)
                    ? PageState.PAY_INSTRUCTIONS : PageState.CONTINUE_AT_PROVIDER;
            case PROCESSING -> PageState.PROCESSING;
            case PAID, PARTIALLY_REFUNDED -> PageState.PAID;
            case REFUNDED -> PageState.REFUNDED;
            case EXPIRED -> PageState.EXPIRED;
            case CANCELLED -> PageState.CANCELLED;
            case FAILED -> failedState(o);
        };
    }

    private PageState failedState(PaymentOrder o) {
        String code = inquiryResult(o);
        if ("14".equals(code)) {
            return PageState.BILL_NOT_FOUND;
        }
        if ("88".equals(code)) {
            return PageState.BILL_ALREADY_PAID;
        }
        if (o.isBill() && o.requestedAmount != null && o.amount != null && !o.requestedAmount.equals(o.amount)) {
            return PageState.AMOUNT_MISMATCH;
        }
        return PageState.FAILED;
    }

    private String inquiryResult(PaymentOrder o) {
        if (o.inquiryJson == null) {
            return null;
        }
        try {
            var node = json.readTree(o.inquiryJson).get("resultCode");
            return node == null ? null : node.asText();
        } catch (Exception e) {
            return null;
        }
    }

    private PageView notFound(String lang) {
        return new PageView(lang, PageState.NOT_FOUND, "", "", "Loket", "", "", null, null, null, null, null, null,
                null, null, List.of(), null, null, null, null, clock.instant(), null, null, null, null, false);
    }

    /**
     * The SOF types this merchant lets its customers choose, in the contract's order. After a change of
     * method, the families the order already had a payment with are left out: a provider keeps one
     * payment per order reference, and the closed one cannot be paid again.
     */
    public List<String> sofTypes(PaymentOrder o) {
        HubProperties.Merchant m = props.merchants().get(o.merchantId);
        List<String> enabled = m == null ? List.of() : m.sofTypes();
        Set<String> used = new HashSet<>();
        // A family is used up by a payment closed at its provider. Not by the open one: another tab's
        // order read just before that payment was attached must still see its type as allowed (and
        // then lose the claim), not be refused a type the other tab is at this moment paying with.
        for (OrderPayment p : payments.ofOrder(o.pk)) {
            if (!OrderPayment.OPEN.equals(p.state())) {
                SofFamily.ofType(p.sofType()).ifPresent(f -> used.add(f.key()));
            }
        }
        return SofFamily.allTypes().stream().filter(t -> enabled.isEmpty() || enabled.contains(t))
                .filter(t -> !used.contains(SofFamily.ofType(t).orElseThrow().key())).toList();
    }

    String csrf(String token) {
        return Hex.hmac("HmacSHA256", secret, "csrf:" + token);
    }

    private static Map<String, String> form(Exchange exchange) {
        Map<String, String> form = new HashMap<>();
        for (String name : List.of("sofType", "csrf", "lang", "payment")) {
            String v = exchange.getMessage().getHeader(name, String.class);
            if (v != null) {
                form.put(name, v);
            }
        }
        String body = exchange.getMessage().getBody(String.class);
        if (body != null && !body.isBlank()) {
            for (String pair : body.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    form.putIfAbsent(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return form;
    }
}
