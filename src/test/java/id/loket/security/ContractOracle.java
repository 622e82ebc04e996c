package id.loket.security;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The contract's field table (section 2), read independently of the hub's parser, as a judge of
 * what the hub accepted: {@link #violation} names a rule an initiate body clearly breaks, or
 * returns null. Where the contract leaves room (a minimum phone length, the exact e-mail grammar)
 * it is lenient, so that it flags only what no reading of the contract would accept.
 */
final class ContractOracle {

    private static final ObjectMapper STRICT = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    /** Contract section 5. */
    static final Set<String> SOF_TYPES = Set.of("vabca", "vabjb", "vabnc", "vabni", "vabri", "vabsi", "vabtn", "vacimb",
            "vadanamon", "vadki", "vamandiri", "vamaybank", "vamega", "vamuamalat", "vanagari", "vapermata", "finpaybpd",
            "qris", "ovo", "dana", "shopeepay", "linkaja", "linkajawco", "finpaymoney", "jeniuspay", "virgo",
            "kredivo", "indodana", "octoclicks", "permatanet", "finpaycode", "alfamart", "idm", "pospay", "cc");

    private ContractOracle() {
    }

    /**
     * @param text         the body as sent
     * @param bill         {@code POST /sof/bp/paymentCard} (else the plain payment path)
     * @param callbackHosts the merchant's {@code callback-hosts}
     * @param products     the biller products served
     */
    static String violation(String text, boolean bill, List<String> callbackHosts, Set<String> products) {
        if (text.getBytes(StandardCharsets.UTF_8).length > 1 << 20) {
            return "body over 1 MiB";
        }
        JsonNode root;
        try {
            root = STRICT.readTree(text);
        } catch (Exception e) {
            return "not JSON";
        }
        if (root == null || !root.isObject()) {
            return "not a JSON object";
        }
        JsonNode order = root.get("order");
        if (!isObject(order)) {
            return "order";
        }
        JsonNode id = order.get("id");
        // section 2, tolerant reading: a JSON integer is its decimal string
        String idText = id == null ? null : id.isTextual() ? id.textValue() : id.isIntegralNumber() ? id.asText() : null;
        if (idText == null || !idText.matches("[A-Za-z0-9_-]{1,30}")
                || id.isIntegralNumber() && idText.startsWith("-")) {
            return "order.id";
        }
        JsonNode amount = order.get("amount");
        if (absent(amount) || amount.isTextual() && amount.textValue().isEmpty()) {
            if (!bill) {
                return "order.amount missing";
            }
            if (amount != null && amount.isTextual()) {
                return "order.amount empty";
            }
        } else if (!digits(amount, 14, BigInteger.ONE)) {
            return "order.amount";
        }
        if (!absent(order.get("currency")) && !"IDR".equals(order.get("currency").asText(null))) {
            return "order.currency";
        }
        if (!optionalText(order.get("description"), 1, 127)) {
            return "order.description";
        }
        JsonNode timeout = order.get("timeout");
        if (!absent(timeout) && (!digits(timeout, 8, BigInteger.ONE))) {
            return "order.timeout";
        }
        JsonNode items = order.get("item");
        if (!absent(items)) {
            if (!items.isArray()) {
                return "order.item";
            }
            for (JsonNode item : items) {
                if (!item.isObject()) {
                    return "order.item[]";
                }
                JsonNode q = item.get("quantity");
                if (!absent(q) && !digits(q, 14, BigInteger.ONE)) {
                    return "order.item[].quantity";
                }
                JsonNode p = item.get("unitPrice");
                if (!absent(p) && !digits(p, 14, BigInteger.ZERO)) {
                    return "order.item[].unitPrice";
                }
                for (String member : List.of("name", "category", "subMerchantId")) {
                    JsonNode v = item.get(member);
                    if (!absent(v) && !v.isTextual()) {
                        return "order.item[]." + member;
                    }
                }
            }
        }

        JsonNode customer = root.get("customer");
        if (!isObject(customer)) {
            return "customer";
        }
        JsonNode email = customer.get("email");
        JsonNode phone = customer.get("mobilePhone");
        boolean hasEmail = !absent(email) && !(email.isTextual() && email.textValue().isEmpty());
        boolean hasPhone = !absent(phone) && !(phone.isTextual() && phone.textValue().isEmpty());
        if (!hasEmail && !hasPhone) {
            return "customer.email or mobilePhone";
        }
        if (hasEmail && (!email.isTextual() || !plausibleEmail(email.textValue()))) {
            return "customer.email";
        }
        if (hasPhone && (!phone.isTextual() || !phone.textValue().matches("\\+62[0-9]{1,13}"))) {
            return "customer.mobilePhone";
        }
        if (!optionalText(customer.get("firstName"), 0, 50) || !optionalText(customer.get("lastName"), 0, 50)) {
            return "customer name";
        }
        if (!optionalText(customer.get("id"), 0, 320)) {
            return "customer.id";
        }

        JsonNode url = root.get("url");
        if (!isObject(url)) {
            return "url";
        }
        JsonNode callback = url.get("callbackUrl");
        if (callback == null || !callback.isTextual()) {
            return "url.callbackUrl";
        }
        String host = httpHost(callback.textValue());
        if (host == null || callbackHosts.stream().noneMatch(h -> h.equalsIgnoreCase(host))) {
            return "url.callbackUrl";
        }
        for (String page : List.of("successUrl", "failUrl", "backUrl")) {
            JsonNode v = url.get(page);
            if (!absent(v) && (!v.isTextual() || httpHost(v.textValue()) == null)) {
                return "url." + page;
            }
        }

        if (bill) {
            JsonNode billing = root.get("billing");
            if (!isObject(billing) || !isObject(billing.get("billerServiceProvider"))) {
                return "billing";
            }
            JsonNode bsp = billing.get("billerServiceProvider");
            JsonNode product = bsp.get("id");
            if (product == null || !product.isTextual() || !products.contains(product.textValue())) {
                return "billing.billerServiceProvider.id";
            }
            JsonNode number = bsp.get("customerId");
            if (number == null || !number.isTextual() || !number.textValue().matches("[0-9]{1,20}")) {
                return "billing.billerServiceProvider.customerId";
            }
            JsonNode type = bsp.get("type");
            if (!absent(type) && !Set.of("post", "pre").contains(type.asText(""))) {
                return "billing.billerServiceProvider.type";
            }
            if (!absent(bsp.get("subId")) && !bsp.get("subId").isTextual()) {
                return "billing.billerServiceProvider.subId";
            }
        }

        JsonNode meta = root.get("meta");
        if (!absent(meta)) {
            if (!meta.isObject()) {
                return "meta";
            }
            if (!optionalText(meta.get("data"), 0, 999)) {
                return "meta.data";
            }
        }
        JsonNode sof = root.get("sourceOfFunds");
        if (!absent(sof)) {
            // section 2, tolerant reading: a bare string is the type
            JsonNode type = sof.isTextual() ? sof : sof.get("type");
            if (!sof.isObject() && !sof.isTextual() || type == null || !SOF_TYPES.contains(type.asText(""))
                    || !type.isTextual()) {
                return "sourceOfFunds.type";
            }
        }
        return null;
    }

    private static boolean absent(JsonNode n) {
        return n == null || n.isNull() || n.isMissingNode();
    }

    private static boolean isObject(JsonNode n) {
        return n != null && n.isObject();
    }

    private static boolean optionalText(JsonNode n, int min, int max) {
        if (absent(n)) {
            return true;
        }
        if (!n.isTextual()) {
            return false;
        }
        int length = n.textValue().codePointCount(0, n.textValue().length());
        return length == 0 || length >= min && length <= max;
    }

    /** Whole rupiah or minutes: a string of ASCII digits, or a JSON integer; at most {@code maxDigits}, at least {@code min}. */
    private static boolean digits(JsonNode n, int maxDigits, BigInteger min) {
        String s;
        if (n.isTextual()) {
            s = n.textValue();
            if (!s.matches("[0-9]{1," + maxDigits + "}")) {
                return false;
            }
        } else if (n.isIntegralNumber()) {
            s = n.bigIntegerValue().toString();
            if (!s.matches("[0-9]{1," + maxDigits + "}")) {
                return false;
            }
        } else {
            return false;
        }
        return new BigInteger(s).compareTo(min) >= 0;
    }

    private static boolean plausibleEmail(String s) {
        int at = s.indexOf('@');
        if (s.length() > 320 || at <= 0 || at != s.lastIndexOf('@')) {
            return false;
        }
        String domain = s.substring(at + 1);
        return s.chars().noneMatch(c -> c <= ' ' || c == 0x7f) && domain.contains(".") && !domain.startsWith(".")
                && !domain.endsWith(".") && domain.substring(domain.lastIndexOf('.') + 1).matches("[A-Za-z]{2,63}");
    }

    /** The host of an absolute http(s) URL without user-info, or null. */
    private static String httpHost(String s) {
        try {
            URI u = new URI(s);
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || u.getHost() == null || u.getRawUserInfo() != null) {
                return null;
            }
            return u.getHost();
        } catch (Exception e) {
            return null;
        }
    }
}
