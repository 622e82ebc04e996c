package id.loket.api;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import id.loket.codec.Hex;
import java.math.BigDecimal;
import java.util.Map;
import java.util.TreeMap;

/** The idempotency hash of an initiate request: one request, one hash, however its JSON is spelt. */
public final class RequestHash {

    private RequestHash() {
    }

    /**
     * The idempotency hash: lower-case hex {@code sha256(kind + "\n" + canonicalJson(body))}.
     * Two requests of one kind hash the same exactly when they are equal as JSON values in the
     * contract's sense (member order, whitespace and {@code "200000"} versus {@code 200000} do
     * not matter). The parser hashes the body as it reads it ({@link InitiateRequestParser#asRead}), so an integer
     * {@code order.id} and its decimal string, or a bare-string {@code sourceOfFunds} and its
     * object, are one request, and members the hub ignores do not count.
     */
    public static String of(String kind, JsonNode body) {
        return Hex.sha256(kind + "\n" + canonicalJson(body));
    }

    /**
     * A canonical text for a JSON value: compact; object members sorted by name (Java
     * {@link String#compareTo}, i.e. UTF-16 code units), recursively; arrays in order; strings
     * escaped as Jackson does; {@code true}, {@code false}, {@code null} as themselves; and every
     * number written as a JSON string holding its plain decimal value without trailing fraction
     * zeros ({@code 200000}, {@code 2e5} and {@code 200000.0} all become {@code "200000"}), so a
     * number equals the digit string of the same value. Strings are never rewritten: {@code "007"}
     * stays {@code "007"} (it is not the number 7; bill numbers keep their zeros). A number whose
     * plain form would be absurdly long (exponent beyond ±1000) is written in scientific form
     * instead, so a tiny body cannot expand into gigabytes.
     */
    public static String canonicalJson(JsonNode node) {
        StringBuilder out = new StringBuilder(256);
        writeCanonical(out, node);
        return out.toString();
    }

    private static void writeCanonical(StringBuilder out, JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            out.append("null");
        } else if (node.isObject()) {
            TreeMap<String, JsonNode> sorted = new TreeMap<>();
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                sorted.put(e.getKey(), e.getValue());
            }
            out.append('{');
            boolean first = true;
            for (Map.Entry<String, JsonNode> e : sorted.entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                writeString(out, e.getKey());
                out.append(':');
                writeCanonical(out, e.getValue());
            }
            out.append('}');
        } else if (node.isArray()) {
            out.append('[');
            for (int i = 0; i < node.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                writeCanonical(out, node.get(i));
            }
            out.append(']');
        } else if (node.isNumber()) {
            writeString(out, plainNumber(node));
        } else if (node.isBoolean()) {
            out.append(node.booleanValue() ? "true" : "false");
        } else if (node.isTextual()) {
            writeString(out, node.textValue());
        } else {
            // binary or POJO nodes never come out of parsing text; keep them deterministic anyway
            writeString(out, node.asText());
        }
    }

    private static String plainNumber(JsonNode node) {
        if (node.isIntegralNumber()) {
            return node.bigIntegerValue().toString();
        }
        BigDecimal d = node.decimalValue();
        if (d.signum() == 0) {
            return "0";
        }
        d = d.stripTrailingZeros();
        if (Math.abs((long) d.scale()) > 1000) {
            return d.toString();
        }
        return d.toPlainString();
    }

    private static void writeString(StringBuilder out, String s) {
        out.append('"');
        JsonStringEncoder.getInstance().quoteAsString(s, out);
        out.append('"');
    }
}
