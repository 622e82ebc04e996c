package id.loket.biller;

import com.fasterxml.jackson.databind.ObjectMapper;
import id.loket.codec.BillerSignature;
import id.loket.config.HubProperties;
import id.loket.route.FlowVariables;
import id.loket.config.Wib;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.apache.camel.Variable;
import org.springframework.stereotype.Component;

/**
 * The Finnet H2H JSON wire format (contract section 4): builds signed inquiry and payment
 * messages from a {@link BillerRequest} and reads the biller's answers into a {@link BillerAnswer}.
 * Only this adapter (with routes/biller-finnet.camel.yaml) knows the format.
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
    public String inquiryMessage(@Body BillerRequest request) throws Exception {
        return json.writeValueAsString(message(request, "38", ZERO, ZERO, request.billNumber(), inquiryTraxId(), null));
    }

    /**
     * Transaction type 50: the inquired amounts and the inquiry's {@code bit61} (the value the payment
     * carries back) byte for byte. Every message after the first for the order's one {@code traxId} is
     * the same message marked as a repeat ({@code addInfo1 = REPEAT}).
     */
    public String paymentMessage(@Body BillerRequest request) throws Exception {
        return json.writeValueAsString(message(request, "50", pad(request.billAmount()), pad(request.adminFee()),
                request.carried(), request.traxId(), request.repeat() ? "REPEAT" : null));
    }

    Map<String, Object> message(BillerRequest request, String type, String amount, String fee, String bit61,
                                String traxId, String addInfo1) {
        String timeStamp = ZonedDateTime.now(clock).withZoneSameInstant(Wib.ZONE).format(TIMESTAMP);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("userName", finnet.userName());
        m.put("signature", BillerSignature.sign(finnet.userName(), finnet.password(), request.productCode(),
                finnet.channel(), finnet.terminal(), type, request.billNumber(), traxId, timeStamp));
        m.put("productCode", request.productCode());
        m.put("channel", finnet.channel());
        m.put("terminal", finnet.terminal());
        m.put("terminalName", finnet.terminalName());
        m.put("terminalLocation", finnet.terminalLocation());
        m.put("transactionType", type);
        m.put("billNumber", request.billNumber());
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
     * An inquiry's answer: approved only with the amount, the fee and the {@code bit61} the payment
     * must carry back; without them the bill cannot be paid, so the outcome is unknown.
     */
    public BillerAnswer inquiryAnswer(@Body String body, @Header(Exchange.HTTP_RESPONSE_CODE) Integer status,
                                      @Variable(FlowVariables.PARTNER_ERROR) String error) {
        BillerAnswer a = answer(body, status, error);
        if (a.approved() && (a.billAmount() == null || a.adminFee() == null || a.carried() == null)) {
            return BillerAnswer.unknown("inquiry answer without amount, fee or bit61");
        }
        return a;
    }

    /**
     * Reads the biller's answer. The HTTP call's failure (no answer in time, connection refused)
     * arrives as an empty body with the partner error set: that is an unknown outcome.
     */
    @SuppressWarnings("unchecked")
    public BillerAnswer answer(@Body String body, @Header(Exchange.HTTP_RESPONSE_CODE) Integer status,
                               @Variable(FlowVariables.PARTNER_ERROR) String error) {
        if (error != null) {
            return BillerAnswer.unknown(error);
        }
        if (status == null || status != 200 || body == null || body.isBlank()) {
            return BillerAnswer.unknown("HTTP " + status);
        }
        Map<String, Object> fields;
        try {
            fields = json.readValue(body, LinkedHashMap.class);
        } catch (Exception e) {
            return BillerAnswer.unknown("unreadable answer");
        }
        String rc = text(fields, "resultCode");
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
        Map<String, Object> customer = fields.get("customerData") instanceof Map<?, ?> m
                ? (Map<String, Object>) m : Map.of();
        String billInfo = text(customer, "billInfo1");
        return new BillerAnswer(outcome, rc, text(fields, "resultDesc"), amountOf(text(fields, "amount")),
                amountOf(text(fields, "feeAmount")), text(customer, "customerName"), text(customer, "dueDate"),
                text(fields, "sysCode"), billInfo != null ? billInfo : text(fields, "bit48"), text(fields, "traxId"),
                text(fields, "bit61"), fields);
    }

    private static String text(Map<String, Object> fields, String name) {
        Object v = fields.get(name);
        return v == null ? null : String.valueOf(v);
    }

    /** An inquiry needs an id of its own (it may run before the order is stored, in core mode). */
    static String inquiryTraxId() {
        return "INQ" + String.format("%015d", java.util.concurrent.ThreadLocalRandom.current().nextLong(1_000_000_000_000_000L));
    }

    static String pad(Long amount) {
        String s = Long.toString(amount == null ? 0 : amount);
        return s.length() >= 12 ? s : ZERO.substring(s.length()) + s;
    }

    /** Parses a 12-digit zero-padded amount; null when it is not one. */
    static Long amountOf(String padded) {
        if (padded == null || padded.isEmpty() || padded.length() > 15 || !padded.chars().allMatch(Character::isDigit)) {
            return null;
        }
        return Long.parseLong(padded);
    }
}
