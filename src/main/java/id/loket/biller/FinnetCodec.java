package id.loket.biller;

import com.fasterxml.jackson.databind.ObjectMapper;
import id.loket.codec.BillerSignature;
import id.loket.config.HubProperties;
import id.loket.config.Wib;
import id.loket.order.PaymentOrder;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * The Finnet H2H JSON wire format (contract section 4): builds signed inquiry and payment
 * messages from an order and reads the biller's answers. Only this adapter knows the format.
 */
@Component("finnetCodec")
public class FinnetCodec {

    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("dd-MM-yyyy HH:mm:ss");
    private static final String ZERO = "000000000000";
    /** Codes that say for certain the bill was not paid. */
    private static final Set<String> REFUSALS = Set.of("05", "63", "14", "88");

    private final HubProperties.Finnet finnet;
    private final ObjectMapper json = new ObjectMapper();
    private final Clock clock;

    public FinnetCodec(HubProperties props, Clock clock) {
        this.finnet = props.biller().finnet();
        this.clock = clock;
    }

    /** Transaction type 38: the bill number in {@code bit61}, zero amounts. */
    public String inquiryMessage(PaymentOrder order) throws Exception {
        return json.writeValueAsString(message(order, "38", ZERO, ZERO, order.billNumber, inquiryTraxId(order), null));
    }

    /**
     * Transaction type 50: the inquired amounts and the inquiry's {@code bit61} byte for byte. Every
     * message after the first for the order's one {@code traxId} is the same message marked as a
     * repeat ({@code addInfo1 = REPEAT}).
     */
    public String paymentMessage(PaymentOrder order) throws Exception {
        return json.writeValueAsString(message(order, "50", pad(order.billAmount), pad(order.adminFee), order.bit61,
                order.traxId, order.billerAttempts > 1 ? "REPEAT" : null));
    }

    Map<String, Object> message(PaymentOrder order, String type, String amount, String fee, String bit61,
                                String traxId, String addInfo1) {
        String timeStamp = ZonedDateTime.now(clock).withZoneSameInstant(Wib.ZONE).format(TIMESTAMP);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("userName", finnet.userName());
        m.put("signature", BillerSignature.sign(finnet.userName(), finnet.password(), order.productCode,
                finnet.channel(), finnet.terminal(), type, order.billNumber, traxId, timeStamp));
        m.put("productCode", order.productCode);
        m.put("channel", finnet.channel());
        m.put("terminal", finnet.terminal());
        m.put("terminalName", finnet.terminalName());
        m.put("terminalLocation", finnet.terminalLocation());
        m.put("transactionType", type);
        m.put("billNumber", order.billNumber);
        m.put("amount", amount);
        m.put("feeAmount", fee);
        m.put("bit61", bit61);
        m.put("traxId", traxId);
        m.put("timeStamp", timeStamp);
        if (addInfo1 != null) {
            m.put("addInfo1", addInfo1);
        }
        return m;
    }

    /**
     * Reads the biller's answer. The HTTP call's failure (no answer in time, connection refused)
     * arrives as an empty body with {@code loketPartnerError} set: that is an unknown outcome.
     */
    public BillerAnswer answer(Exchange exchange) {
        BillerAnswer answer = read(exchange);
        exchange.setProperty("loketBillerOutcome", answer.outcome().name());
        return answer;
    }

    @SuppressWarnings("unchecked")
    private BillerAnswer read(Exchange exchange) {
        String error = exchange.getProperty("loketPartnerError", String.class);
        if (error != null) {
            return BillerAnswer.unknown(error);
        }
        Integer status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        String body = exchange.getMessage().getBody(String.class);
        if (status == null || status != 200 || body == null || body.isBlank()) {
            return BillerAnswer.unknown("HTTP " + status);
        }
        Map<String, Object> fields;
        try {
            fields = json.readValue(body, LinkedHashMap.class);
        } catch (Exception e) {
            return BillerAnswer.unknown("unreadable answer");
        }
        Object code = fields.get("resultCode");
        String rc = code == null ? null : String.valueOf(code);
        String desc = fields.get("resultDesc") == null ? null : String.valueOf(fields.get("resultDesc"));
        BillerAnswer.Outcome outcome;
        if ("00".equals(rc)) {
            outcome = BillerAnswer.Outcome.APPROVED;
        } else if ("14".equals(rc)) {
            outcome = BillerAnswer.Outcome.NOT_FOUND;
        } else if ("88".equals(rc)) {
            outcome = BillerAnswer.Outcome.ALREADY_PAID;
        } else if (rc != null && REFUSALS.contains(rc)) {
            outcome = BillerAnswer.Outcome.REFUSED;
        } else {
            outcome = BillerAnswer.Outcome.UNKNOWN;
        }
        return new BillerAnswer(outcome, rc, desc, fields);
    }

    /** An inquiry needs an id of its own (it may run before the order is stored, in core mode). */
    static String inquiryTraxId(PaymentOrder order) {
        return "INQ" + String.format("%015d", java.util.concurrent.ThreadLocalRandom.current().nextLong(1_000_000_000_000_000L));
    }

    static String pad(Long amount) {
        String s = Long.toString(amount == null ? 0 : amount);
        return s.length() >= 12 ? s : ZERO.substring(s.length()) + s;
    }

    /** Parses a 12-digit zero-padded amount; null when it is not one. */
    public static Long amountOf(String padded) {
        if (padded == null || padded.isEmpty() || padded.length() > 15 || !padded.chars().allMatch(Character::isDigit)) {
            return null;
        }
        return Long.parseLong(padded);
    }
}
