package id.loket.api;

import id.loket.order.InitiateCommand;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import id.loket.codec.Hex;
import id.loket.config.BillerRoutes;
import id.loket.config.HubProperties;
import id.loket.merchant.CallbackAddressPolicy;
import id.loket.sof.SofFamily;
import java.math.BigInteger;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * Turns the body of an initiate request (contract section 2) into an {@link InitiateCommand},
 * or refuses it with exactly one {@link ApiException}: the first problem found, checked in a
 * fixed order ({@code order.*}, {@code customer.*}, {@code url.*}, {@code billing.*},
 * {@code meta}, {@code sourceOfFunds}).
 *
 * <p>Conventions where the contract is silent:
 * <ul>
 *   <li>A missing member, JSON {@code null} or {@code ""} for a mandatory member is 4000002;
 *       present with a wrong type, format or length is 4000001. For an optional member
 *       {@code null} means absent. {@code ""} is absent for {@code customer.email},
 *       {@code customer.mobilePhone} and the free-text members that have only a maximum
 *       ({@code firstName}, {@code lastName}, {@code customer.id}, {@code subId}); it is a format
 *       error where the rule has a minimum ({@code description}, {@code currency}, {@code timeout},
 *       the page URLs).</li>
 *   <li>Digit fields are ASCII {@code 0-9} only, no sign, no spaces. Leading zeros are allowed
 *       ({@code "007"} is 7) and count towards the length; the value rule applies to the number.
 *       Amount, timeout, quantity and unit price also take a JSON integer (never a fraction or an
 *       exponent); product code and bill number must be strings, so their leading zeros survive.</li>
 *   <li>Lengths count Unicode code points, as PHP's {@code mb_strlen} does.</li>
 *   <li>URLs: absolute {@code http}/{@code https}, a host, no user-info (also on the page URLs,
 *       where {@code https://bank@evil} would mislead the customer).</li>
 *   <li>Tolerant reading (contract section 2, "What real clients send"): an integer
 *       {@code order.id} is its decimal string, a bare-string {@code sourceOfFunds} is
 *       {@code {"type": ...}}, and members the hub does not know are ignored, for validation and
 *       for idempotency alike.</li>
 * </ul>
 */
@Component("initiateRequestParser")
public class InitiateRequestParser {

    public static final String BILL = "BILL";
    public static final String PLAIN = "PLAIN";

    /** Contract section 1: request bodies over 1 MiB are refused. */
    static final int MAX_BODY = 1 << 20;

    private static final Pattern ORDER_ID = Pattern.compile("[A-Za-z0-9_-]{1,30}");
    private static final Pattern DIGITS = Pattern.compile("[0-9]+");
    private static final Pattern PHONE = Pattern.compile("\\+62[0-9]{8,13}");
    /** A pragmatic subset of RFC 5322: dot-atom local part, a DNS domain with an alphabetic TLD. */
    private static final Pattern EMAIL = Pattern.compile(
            "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
                    + "@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z]{2,63}");
    private static final long MAX_AMOUNT_DIGITS = 14;
    private static final long MAX_TIMEOUT = 99_999_999L;
    private static final Set<String> ITEM_MEMBERS = Set.of("name", "quantity", "unitPrice", "category", "subMerchantId");

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private final HubProperties props;
    private final BillerRoutes billers;

    public InitiateRequestParser(HubProperties props, BillerRoutes billers) {
        this.props = props;
        this.billers = billers;
    }

    /**
     * @param rawBody    the request body as received
     * @param kind       {@link #BILL} ({@code POST /sof/bp/paymentCard}) or {@link #PLAIN} ({@code POST /pg/payment/card/initiate})
     * @param merchantId the authenticated merchant
     */
    public InitiateCommand parse(String rawBody, String kind, String merchantId) {
        if (!BILL.equals(kind) && !PLAIN.equals(kind)) {
            throw new IllegalArgumentException("kind must be BILL or PLAIN: " + kind);
        }
        HubProperties.Merchant merchant = merchantId == null ? null : props.merchants().get(merchantId);
        if (merchant == null) {
            // Authentication happens before; a merchant without configuration cannot initiate.
            throw ApiException.unauthorized();
        }
        JsonNode root = readBody(rawBody);
        boolean bill = BILL.equals(kind);

        // order.*
        JsonNode order = mandatoryObject(root, "order", "order");
        String orderId = orderId(order);
        Long amount;
        if (bill) {
            amount = optionalDigits(order, "amount", "order.amount", (int) MAX_AMOUNT_DIGITS, 1, Long.MAX_VALUE);
        } else {
            JsonNode a = order.get("amount");
            if (absentOrEmpty(a)) {
                throw ApiException.missing("order.amount");
            }
            amount = optionalDigits(order, "amount", "order.amount", (int) MAX_AMOUNT_DIGITS, 1, Long.MAX_VALUE);
        }
        String currency = optionalString(order, "currency", "order.currency", 1, 3, false);
        if (currency == null) {
            currency = "IDR";
        } else if (!"IDR".equals(currency)) {
            throw ApiException.invalidFormat("order.currency");
        }
        String description = optionalString(order, "description", "order.description", 1, 127, false);
        Long timeout = optionalDigits(order, "timeout", "order.timeout", 8, 1, MAX_TIMEOUT);
        long timeoutMinutes = timeout != null ? timeout : props.order().defaultTimeout();
        List<Map<String, Object>> items = items(order);

        // customer.*
        JsonNode customer = mandatoryObject(root, "customer", "customer");
        String email = optionalString(customer, "email", "customer.email", 0, 320, true);
        if (email != null && !EMAIL.matcher(email).matches()) {
            throw ApiException.invalidFormat("customer.email");
        }
        String phone = optionalString(customer, "mobilePhone", "customer.mobilePhone", 0, 20, true);
        if (phone != null && !PHONE.matcher(phone).matches()) {
            throw ApiException.invalidFormat("customer.mobilePhone");
        }
        if (email == null && phone == null) {
            throw ApiException.missing("customer.email");
        }
        String firstName = optionalString(customer, "firstName", "customer.firstName", 0, 50, true);
        String lastName = optionalString(customer, "lastName", "customer.lastName", 0, 50, true);
        String customerId = optionalString(customer, "id", "customer.id", 0, 320, true);

        // url.*
        JsonNode url = mandatoryObject(root, "url", "url");
        String callbackUrl = mandatoryString(url, "callbackUrl", "url.callbackUrl");
        URI callback = httpUrl(callbackUrl, "url.callbackUrl");
        if (!CallbackAddressPolicy.hostAllowed(callback, merchant.callbackHosts())) {
            throw ApiException.invalidFormat("url.callbackUrl");
        }
        String successUrl = optionalUrl(url, "successUrl", "url.successUrl");
        String failUrl = optionalUrl(url, "failUrl", "url.failUrl");
        String backUrl = optionalUrl(url, "backUrl", "url.backUrl");

        // billing.* (bill payments only; a plain payment ignores it entirely)
        String productCode = null;
        String billNumber = null;
        String billSubId = null;
        String billType = null;
        if (bill) {
            JsonNode billing = mandatoryObject(root, "billing", "billing");
            JsonNode bsp = mandatoryObject(billing, "billerServiceProvider", "billing.billerServiceProvider");
            productCode = mandatoryString(bsp, "id", "billing.billerServiceProvider.id");
            if (productCode.length() != 6 || !DIGITS.matcher(productCode).matches()) {
                throw ApiException.invalidFormat("billing.billerServiceProvider.id");
            }
            billNumber = mandatoryString(bsp, "customerId", "billing.billerServiceProvider.customerId");
            if (billNumber.length() > 20 || !DIGITS.matcher(billNumber).matches()) {
                throw ApiException.invalidFormat("billing.billerServiceProvider.customerId");
            }
            billSubId = optionalString(bsp, "subId", "billing.billerServiceProvider.subId", 0, 64, true);
            billType = optionalString(bsp, "type", "billing.billerServiceProvider.type", 1, 4, false);
            if (billType != null && !billType.equals("post") && !billType.equals("pre")) {
                throw ApiException.invalidFormat("billing.billerServiceProvider.type");
            }
            List<String> enabled = merchant.products();
            boolean merchantMay = enabled == null || enabled.isEmpty() || enabled.contains(productCode);
            boolean served = billers.products().containsKey(productCode);
            if (!merchantMay || !served) {
                throw ApiException.notAllowed("billing.billerServiceProvider.id");
            }
        }

        // meta
        boolean metaPresent = false;
        String metaData = null;
        JsonNode meta = root.get("meta");
        if (meta != null && !meta.isNull()) {
            if (!meta.isObject()) {
                throw ApiException.invalidFormat("meta");
            }
            metaPresent = true;
            JsonNode data = meta.get("data");
            if (data != null && !data.isNull()) {
                if (!data.isTextual() || codePoints(data.textValue()) > 999) {
                    throw ApiException.invalidFormat("meta.data");
                }
                metaData = data.textValue();
            }
        }

        // sourceOfFunds
        String sofType = null;
        JsonNode sof = sourceOfFunds(root);
        if (sof != null) {
            sofType = mandatoryString(sof, "type", "sourceOfFunds.type");
            if (!SofFamily.allTypes().contains(sofType)) {
                throw ApiException.invalidFormat("sourceOfFunds.type");
            }
            List<String> enabled = merchant.sofTypes();
            if (enabled != null && !enabled.isEmpty() && !enabled.contains(sofType)) {
                throw ApiException.notAllowed("sourceOfFunds.type");
            }
        }

        return new InitiateCommand(kind, orderId, amount, currency, description, timeoutMinutes, items,
                customerId, email, phone, firstName, lastName,
                callbackUrl, successUrl, failUrl, backUrl,
                productCode, billNumber, billSubId, billType,
                metaPresent, metaData, sofType, RequestHash.of(kind, asRead(root, bill)));
    }

    /**
     * {@code order.id}: a string, or a JSON integer read as its decimal string (WooCommerce sends
     * its order number so); either way 1-30 letters, digits, {@code -} and {@code _}. A negative,
     * fractional or exponent number is a format error, never rewritten into a valid id.
     */
    private static String orderId(JsonNode order) {
        JsonNode n = order.get("id");
        if (n != null && n.isIntegralNumber()) {
            BigInteger v = n.bigIntegerValue();
            String id = v.toString();
            if (v.signum() < 0 || !ORDER_ID.matcher(id).matches()) {
                throw ApiException.invalidFormat("order.id");
            }
            return id;
        }
        String id = mandatoryString(order, "id", "order.id");
        if (!ORDER_ID.matcher(id).matches()) {
            throw ApiException.invalidFormat("order.id");
        }
        return id;
    }

    /**
     * {@code sourceOfFunds} as an object, or null when absent: a bare string ({@code "vabca"}, as a
     * public shop client sends it) is read as {@code {"type": "vabca"}}.
     */
    private static JsonNode sourceOfFunds(JsonNode root) {
        JsonNode sof = root.get("sourceOfFunds");
        if (sof == null || sof.isNull()) {
            return null;
        }
        if (sof.isTextual()) {
            return JSON.createObjectNode().put("type", sof.textValue());
        }
        if (!sof.isObject()) {
            throw ApiException.invalidFormat("sourceOfFunds");
        }
        return sof;
    }

    /** The members the hub reads, per object; everything else in a request is ignored. */
    private static final Map<String, Set<String>> KNOWN = Map.of(
            "", Set.of("order", "customer", "url", "billing", "meta", "sourceOfFunds"),
            "order", Set.of("id", "amount", "currency", "description", "timeout", "item"),
            "customer", Set.of("email", "mobilePhone", "firstName", "lastName", "id"),
            "url", Set.of("callbackUrl", "successUrl", "failUrl", "backUrl"),
            "billing", Set.of("billerServiceProvider"),
            "billing.billerServiceProvider", Set.of("id", "customerId", "subId", "type"),
            "meta", Set.of("data"),
            "sourceOfFunds", Set.of("type"));

    /**
     * The request as the hub reads it, for the idempotency hash: only the members the hub knows
     * (unknown ones such as {@code merchant_pwd} or a misspelt {@code sourceOfFund} are ignored, so
     * they do not make a retry a different request), a bare-string {@code sourceOfFunds} as its
     * object, items with only the members the hub keeps, and no {@code billing} on a plain payment
     * (which ignores it). Call it on a body that passed validation.
     */
    static JsonNode asRead(JsonNode root, boolean bill) {
        ObjectNode read = known(root, "");
        if (!bill) {
            read.remove("billing");
        }
        JsonNode sof = sourceOfFunds(root);
        if (sof != null) {
            read.set("sourceOfFunds", known(sof, "sourceOfFunds"));
        }
        JsonNode items = read.path("order").get("item");
        if (items != null && items.isArray()) {
            ArrayNode kept = JSON.createArrayNode();
            for (JsonNode item : items) {
                ObjectNode k = JSON.createObjectNode();
                item.properties().forEach(e -> {
                    if (ITEM_MEMBERS.contains(e.getKey())) {
                        k.set(e.getKey(), e.getValue());
                    }
                });
                if (!k.isEmpty()) {
                    kept.add(k); // as stored: an item with nothing the hub keeps is left out
                }
            }
            ((ObjectNode) read.get("order")).set("item", kept);
        }
        return read;
    }

    private static ObjectNode known(JsonNode node, String path) {
        ObjectNode out = JSON.createObjectNode();
        Set<String> members = KNOWN.get(path);
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (!members.contains(e.getKey())) {
                continue;
            }
            String childPath = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
            JsonNode v = e.getValue();
            out.set(e.getKey(), v.isObject() && KNOWN.containsKey(childPath) ? known(v, childPath) : v);
        }
        return out;
    }

    // ---------------------------------------------------------------- body and members

    private static JsonNode readBody(String rawBody) {
        if (rawBody != null && (rawBody.length() > MAX_BODY
                || (rawBody.length() > MAX_BODY / 3 && rawBody.getBytes(StandardCharsets.UTF_8).length > MAX_BODY))) {
            throw ApiException.tooLarge();
        }
        if (rawBody == null || rawBody.isBlank()) {
            throw ApiException.invalidFormat("body");
        }
        JsonNode root;
        try {
            root = JSON.readTree(rawBody);
        } catch (JsonProcessingException | RuntimeException e) {
            // malformed JSON, duplicate member names, trailing tokens, nesting or number limits
            throw ApiException.invalidFormat("body");
        }
        if (root == null || !root.isObject()) {
            throw ApiException.invalidFormat("body");
        }
        return root;
    }

    private static boolean absentOrEmpty(JsonNode n) {
        return n == null || n.isNull() || n.isMissingNode() || (n.isTextual() && n.textValue().isEmpty());
    }

    private static JsonNode mandatoryObject(JsonNode parent, String name, String path) {
        JsonNode n = parent.get(name);
        if (n == null || n.isNull()) {
            throw ApiException.missing(path);
        }
        if (!n.isObject()) {
            throw ApiException.invalidFormat(path);
        }
        return n;
    }

    private static String mandatoryString(JsonNode parent, String name, String path) {
        JsonNode n = parent.get(name);
        if (absentOrEmpty(n)) {
            throw ApiException.missing(path);
        }
        if (!n.isTextual()) {
            throw ApiException.invalidFormat(path);
        }
        return n.textValue();
    }

    /**
     * An optional string member: null when absent or JSON null (and when {@code ""} if
     * {@code emptyIsAbsent}); otherwise it must be a string of {@code min..max} code points.
     */
    private static String optionalString(JsonNode parent, String name, String path, int min, int max,
                                         boolean emptyIsAbsent) {
        JsonNode n = parent.get(name);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw ApiException.invalidFormat(path);
        }
        String s = n.textValue();
        if (s.isEmpty() && emptyIsAbsent) {
            return null;
        }
        int len = codePoints(s);
        if (len < min || len > max) {
            throw ApiException.invalidFormat(path);
        }
        return s;
    }

    /**
     * An optional whole number given as a string of 1..{@code maxDigits} ASCII digits or as a
     * JSON integer, with a value in {@code min..max}; null when absent or JSON null.
     */
    private static Long optionalDigits(JsonNode parent, String name, String path, int maxDigits, long min, long max) {
        JsonNode n = parent.get(name);
        if (n == null || n.isNull()) {
            return null;
        }
        long value;
        if (n.isTextual()) {
            String s = n.textValue();
            if (s.isEmpty() || s.length() > maxDigits || !DIGITS.matcher(s).matches()) {
                throw ApiException.invalidFormat(path);
            }
            value = Long.parseLong(s);
        } else if (n.isIntegralNumber()) {
            BigInteger v = n.bigIntegerValue();
            if (v.signum() < 0 || v.toString().length() > maxDigits) {
                throw ApiException.invalidFormat(path);
            }
            value = v.longValueExact();
        } else {
            throw ApiException.invalidFormat(path);
        }
        if (value < min || value > max) {
            throw ApiException.invalidFormat(path);
        }
        return value;
    }

    private List<Map<String, Object>> items(JsonNode order) {
        JsonNode n = order.get("item");
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isArray()) {
            throw ApiException.invalidFormat("order.item");
        }
        List<Map<String, Object>> items = new ArrayList<>(n.size());
        for (int i = 0; i < n.size(); i++) {
            String path = "order.item[" + i + "]";
            JsonNode item = n.get(i);
            if (!item.isObject()) {
                throw ApiException.invalidFormat(path);
            }
            Map<String, Object> normalized = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : item.properties()) {
                String member = e.getKey();
                if (!ITEM_MEMBERS.contains(member)) {
                    continue;
                }
                Object value = switch (member) {
                    case "name" -> optionalString(item, member, path + ".name", 0, 255, false);
                    case "quantity" -> optionalDigits(item, member, path + ".quantity", (int) MAX_AMOUNT_DIGITS, 1, Long.MAX_VALUE);
                    case "unitPrice" -> optionalDigits(item, member, path + ".unitPrice", (int) MAX_AMOUNT_DIGITS, 0, Long.MAX_VALUE);
                    default -> optionalString(item, member, path + "." + member, 0, 64, false);
                };
                if (value != null) {
                    normalized.put(member, value);
                }
            }
            // the hub never writes an empty object: an item with nothing the hub keeps is left out
            if (!normalized.isEmpty()) {
                items.add(Collections.unmodifiableMap(normalized));
            }
        }
        return items.isEmpty() ? null : List.copyOf(items);
    }

    private static int codePoints(String s) {
        return s.codePointCount(0, s.length());
    }

    // ---------------------------------------------------------------- URLs

    private static final int MAX_URL = 2048;

    private static String optionalUrl(JsonNode parent, String name, String path) {
        String s = optionalString(parent, name, path, 1, MAX_URL, false);
        if (s != null) {
            httpUrl(s, path);
        }
        return s;
    }

    /** An absolute http(s) URL with a host and no user-info, at most 2048 characters. */
    private static URI httpUrl(String s, String path) {
        if (s.length() > MAX_URL) {
            throw ApiException.invalidFormat(path);
        }
        URI uri;
        try {
            uri = new URI(s);
        } catch (URISyntaxException e) {
            throw ApiException.invalidFormat(path);
        }
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                || uri.isOpaque() || uri.getHost() == null || uri.getHost().isEmpty()
                || uri.getRawUserInfo() != null) {
            throw ApiException.invalidFormat(path);
        }
        return uri;
    }
}
