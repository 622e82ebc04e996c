package id.loket.api;

import id.loket.order.InitiateCommand;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.loket.biller.BillerAnswer;
import id.loket.config.HubProperties;
import id.loket.order.NotificationBuilder;
import id.loket.config.Wib;
import id.loket.order.OrderStatus;
import id.loket.order.OrderStore;
import id.loket.order.PaymentOrder;
import id.loket.order.Refusal;
import id.loket.route.FlowVariables;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.io.IOException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.apache.camel.Variable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;
import org.apache.camel.component.platform.http.springboot.PlatformHttpMessage;

/**
 * The steps of the Mitra API routes (contract section 2): authentication, the initiate
 * request's idempotency, and every response in the contract's envelope.
 */
@Component("mitraApi")
public class MitraApi {

    private static final Logger LOG = LoggerFactory.getLogger(MitraApi.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HubProperties props;
    private final InitiateRequestParser parser;
    private final OrderStore orders;
    private final NotificationBuilder notifications;
    private final Throttle throttle;

    public MitraApi(HubProperties props, InitiateRequestParser parser, OrderStore orders, NotificationBuilder notifications,
                    Throttle throttle) {
        this.props = props;
        this.throttle = throttle;
        this.parser = parser;
        this.orders = orders;
        this.notifications = notifications;
    }

    /** Basic auth: the same 4010000 for an unknown merchant, a wrong key and a disabled merchant. */
    public void authenticate(Exchange exchange) {
        exchange.setVariable(FlowVariables.STARTED, System.nanoTime());
        String client = clientAddress(exchange);
        if (throttle.blocked(client)) {
            throw ApiException.tooManyRequests();
        }
        String header = exchange.getMessage().getHeader("Authorization", String.class);
        String merchantId = null;
        boolean ok = false;
        if (header != null && header.regionMatches(true, 0, "Basic ", 0, 6)) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                decoded = "";
            }
            int colon = decoded.indexOf(':');
            if (colon > 0) {
                merchantId = decoded.substring(0, colon);
                HubProperties.Merchant m = props.merchants().get(merchantId);
                byte[] given = decoded.substring(colon + 1).getBytes(StandardCharsets.UTF_8);
                byte[] expected = (m == null || m.key() == null ? "\u0000no-such-merchant" : m.key())
                        .getBytes(StandardCharsets.UTF_8);
                ok = MessageDigest.isEqual(expected, given) && m != null && m.enabled();
            }
        }
        // Auth headers never travel further than this step.
        exchange.getMessage().removeHeader("Authorization");
        if (!ok) {
            throttle.failed(client);
            throw ApiException.unauthorized();
        }
        if (!throttle.allowRequest(merchantId, props.merchants().get(merchantId).rateLimit())) {
            throw ApiException.tooManyRequests();
        }
        exchange.setVariable(FlowVariables.MERCHANT, merchantId);
    }

    /** The calling client's address, as the servlet container saw it (the route runs on another thread). */
    private static String clientAddress(Exchange exchange) {
        PlatformHttpMessage message = exchange.getIn(PlatformHttpMessage.class);
        if (message != null && message.getRequest() != null) {
            return message.getRequest().getRemoteAddr();
        }
        return "unknown";
    }

    /**
     * A body that is not JSON under a Content-Type that is not JSON is 4150000 (contract section 1).
     * A JSON body is read whatever its Content-Type says (PHP's curl sends form-urlencoded unless
     * told otherwise), and a malformed body declared as JSON is the parser's 4000001.
     */
    public void requireJsonBody(Exchange exchange) {
        String type = exchange.getMessage().getHeader(Exchange.CONTENT_TYPE, String.class);
        if (type == null || isJson(type)) {
            return;
        }
        if (type.toLowerCase(Locale.ROOT).startsWith("multipart/")) {
            // Spring has taken the parts apart already: whatever they were, they are no JSON body
            throw ApiException.unsupportedMediaType();
        }
        String body = exchange.getMessage().getBody(String.class);
        if (body == null || body.isBlank()) {
            return;
        }
        try {
            if (JSON.readTree(body) != null) {
                return;
            }
        } catch (IOException | RuntimeException e) {
            // not JSON: refused below
        }
        throw ApiException.unsupportedMediaType();
    }

    private static boolean isJson(String contentType) {
        String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return type.equals("application/json") || (type.startsWith("application/") && type.endsWith("+json"));
    }

    /** Validates the request and drafts the order (not stored yet: its {@code pk} is 0). */
    public PaymentOrder parseInitiate(@Body String body, @Variable(FlowVariables.KIND) String kind,
                                      @Variable(FlowVariables.MERCHANT) String merchantId) {
        InitiateCommand cmd = parser.parse(body, kind, merchantId);
        return orders.draft(cmd, merchantId);
    }

    /**
     * Idempotency: a known order id with the same request is answered again (the stored order is
     * returned); another request is 4090001; a new order id returns the draft.
     */
    public PaymentOrder findExisting(@Body PaymentOrder draft) {
        return orders.byMerchantOrder(draft.merchantId, draft.orderId).map(existing -> replayOrRefuse(draft, existing))
                .orElse(draft);
    }

    private static PaymentOrder replayOrRefuse(PaymentOrder draft, PaymentOrder existing) {
        if (!existing.requestHash.equals(draft.requestHash)) {
            throw ApiException.duplicateOrder();
        }
        return existing;
    }

    /** Core-mode bill payment: the inquiry ran at initiate; a bill that cannot be paid stores nothing. */
    public void requirePayableBill(@Body PaymentOrder draft, @Variable(FlowVariables.INQUIRY) BillerAnswer answer) {
        switch (answer.outcome()) {
            case APPROVED -> {
                if (draft.requestedAmount != null && !draft.requestedAmount.equals(draft.amount)) {
                    throw new ApiException("4000001", "Invalid field format order.amount (the bill's total is "
                            + draft.amount + ")");
                }
            }
            case NOT_FOUND -> throw ApiException.billNotFound();
            case ALREADY_PAID -> throw ApiException.billAlreadyPaid();
            case REFUSED -> throw new ApiException("4030015", "Transaction not permitted (biller " + answer.resultCode() + ")");
            default -> throw ApiException.timeout();
        }
    }

    /** Stores the new order; a concurrent duplicate that won the race is answered as a replay. */
    public PaymentOrder store(@Body PaymentOrder draft) {
        try {
            return orders.insert(draft);
        } catch (DuplicateKeyException e) {
            PaymentOrder existing = orders.byMerchantOrder(draft.merchantId, draft.orderId).orElseThrow(() -> e);
            return replayOrRefuse(draft, existing);
        }
    }

    /** The initiate answer: the same {@code redirecturl}, {@code expiryLink} and payment code on every replay. */
    public String initiated(Exchange exchange) {
        PaymentOrder o = exchange.getMessage().getBody(PaymentOrder.class);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("responseCode", "2000000");
        body.put("responseMessage", "Success");
        body.put("redirecturl", paymentUrl(o));
        body.put("expiryLink", Wib.format(o.expiresAt));
        if (o.sofPaymentCode != null) {
            body.put("paymentCode", o.sofPaymentCode);
        }
        if (o.sofStringQr != null) {
            body.put("stringQr", o.sofStringQr);
        }
        return respond(exchange, 200, body);
    }

    public String paymentUrl(PaymentOrder o) {
        return props.publicBaseUrl() + "/pg/payment/card/access/" + o.token;
    }

    /** Loads the calling merchant's order; another merchant's order is as missing as an unknown one. */
    public PaymentOrder merchantOrder(@Header("orderId") String orderId, @Variable(FlowVariables.MERCHANT) String merchantId) {
        return orders.byMerchantOrder(merchantId, orderId).orElseThrow(ApiException::orderNotFound);
    }

    /** Status (and cancel) answer: {@code data} is the notification object as it stands, signed. */
    public String status(Exchange exchange) {
        PaymentOrder o = orders.byPk(exchange.getMessage().getBody(PaymentOrder.class).pk);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("responseCode", "2000000");
        body.put("responseMessage", "Success");
        body.put("data", notifications.signedBody(o));
        return respond(exchange, 200, body);
    }

    /** Cancel is only for orders nobody has paid yet. */
    public void requireCancellable(@Body PaymentOrder o) {
        if (o.status != OrderStatus.REQUEST_INITIATED && o.status != OrderStatus.PENDING) {
            throw ApiException.invalidStatus(o.status.name());
        }
    }

    /** Any refusal, in the contract's envelope with its HTTP status. */
    public String error(Exchange exchange) {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        Refusal api;
        if (e instanceof Refusal a) {
            api = a;
        } else {
            LOG.error("Unexpected failure on {}", exchange.getFromRouteId(), e);
            api = new Refusal("5000000", "General error");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("responseCode", api.responseCode());
        body.put("responseMessage", api.getMessage());
        return respond(exchange, api.httpStatus(), body);
    }

    String respond(Exchange exchange, int status, Map<String, Object> body) {
        var msg = exchange.getMessage();
        msg.removeHeaders("*");
        msg.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        msg.setHeader(Exchange.CONTENT_TYPE, "application/json");
        msg.setHeader("Cache-Control", "no-store");
        return Envelope.json(body, started(exchange));
    }

    /** When authentication began, or else when the servlet filter first saw the request. */
    private static Long started(Exchange exchange) {
        Long started = exchange.getVariable(FlowVariables.STARTED, Long.class);
        PlatformHttpMessage message = exchange.getIn(PlatformHttpMessage.class);
        if (started == null && message != null && message.getRequest() != null) {
            started = (Long) message.getRequest().getAttribute(Envelope.STARTED);
        }
        return started;
    }
}
