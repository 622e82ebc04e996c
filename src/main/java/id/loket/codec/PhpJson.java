package id.loket.codec;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * Writes JSON byte for byte as PHP's default {@code json_encode} does: compact, members in
 * insertion order, {@code /} as {@code \/}, every non-ASCII character as a lower-case
 * {@code \\uXXXX} escape (UTF-16 units, so astral characters become a surrogate pair), control
 * characters as {@code \b \f \n \r \t} or {@code \\u00XX}, DEL as it is.
 * Merchants re-encode notifications with PHP to verify signatures, so this must match exactly.
 */
public final class PhpJson {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private PhpJson() {
    }

    public static String encode(Object value) {
        StringBuilder out = new StringBuilder(512);
        write(out, value);
        return out.toString();
    }

    private static void write(StringBuilder out, Object value) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String s) {
            writeString(out, s);
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                writeString(out, String.valueOf(e.getKey()));
                out.append(':');
                write(out, e.getValue());
            }
            out.append('}');
        } else if (value instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                write(out, list.get(i));
            }
            out.append(']');
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short) {
            out.append(((Number) value).longValue());
        } else if (value instanceof BigDecimal d) {
            out.append(d.toPlainString());
        } else if (value instanceof Double || value instanceof Float) {
            out.append(BigDecimal.valueOf(((Number) value).doubleValue()).stripTrailingZeros().toPlainString());
        } else if (value instanceof Boolean b) {
            out.append(b ? "true" : "false");
        } else {
            throw new IllegalArgumentException("PhpJson cannot encode " + value.getClass().getName());
        }
    }

    private static void writeString(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '/' -> out.append("\\/");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    // DEL (0x7f) is ASCII: PHP writes it as it is, as every other character up to it.
                    if (c < 0x20 || c > 0x7f) {
                        out.append("\\u")
                                .append(HEX[(c >> 12) & 0xf]).append(HEX[(c >> 8) & 0xf])
                                .append(HEX[(c >> 4) & 0xf]).append(HEX[c & 0xf]);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
