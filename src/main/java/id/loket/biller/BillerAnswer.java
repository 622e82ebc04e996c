package id.loket.biller;

import java.util.Map;

/**
 * What a biller said to an inquiry or a payment, reduced to what the flow decides on.
 *
 * @param outcome    the decision the answer allows
 * @param resultCode the biller's code, or null when it did not answer
 * @param fields     the answer's JSON members as received (empty when it did not answer)
 */
public record BillerAnswer(Outcome outcome, String resultCode, String resultDesc, Map<String, Object> fields) {

    public enum Outcome {
        /** {@code 00}. */
        APPROVED,
        /** {@code 14}: the bill number is not registered. */
        NOT_FOUND,
        /** {@code 88}: the bill was already paid. */
        ALREADY_PAID,
        /** A definitive no ({@code 05}, {@code 63}, ...): the bill is not paid. */
        REFUSED,
        /** No answer in time, or one we do not recognise: the outcome is unknown, never "failed". */
        UNKNOWN
    }

    public static BillerAnswer unknown(String why) {
        return new BillerAnswer(Outcome.UNKNOWN, null, why, Map.of());
    }

    public boolean approved() {
        return outcome == Outcome.APPROVED;
    }

    public String field(String name) {
        Object v = fields.get(name);
        return v == null ? null : String.valueOf(v);
    }

    @SuppressWarnings("unchecked")
    public String customerData(String name) {
        Object cd = fields.get("customerData");
        if (cd instanceof Map<?, ?> m) {
            Object v = ((Map<String, Object>) m).get(name);
            return v == null ? null : String.valueOf(v);
        }
        return null;
    }
}
