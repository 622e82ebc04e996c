package id.loket.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.loket.sandbox.SofPayments.Move;
import id.loket.sandbox.SofPayments.NewPayment;
import id.loket.sandbox.SofPayments.Payment;
import id.loket.sof.SofFamily;
import java.io.IOException;
import java.net.URI;
import id.loket.config.HubProperties;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The sandbox SOF providers (contract sections 5 and 6), one per family, over the small JSON API
 * the hub's adapters speak: create a payment, close it, refund it, ask its status. {@code /pay}
 * plays the customer paying; the provider then calls the hub back ({@link SofCallbackSender}).
 */
@RestController
@ConditionalOnProperty(name = "hub.sandbox.enabled", havingValue = "true")
class SofSimulator {

    private static final Logger log = LoggerFactory.getLogger(SofSimulator.class);

    private final SofPayments payments;
    private final ObjectMapper json;
    private final HubProperties hub;

    SofSimulator(SofPayments payments, ObjectMapper json, HubProperties hub) {
        this.payments = payments;
        this.json = json;
        this.hub = hub;
    }

    /** Thrown for a request the provider cannot read; answered 400 {@code {"status":"INVALID","message"}}. */
    static class Invalid extends RuntimeException {
        Invalid(String message) {
            super(message);
        }
    }

    @PostMapping(path = "/sandbox/sof/{family}/payments", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> create(@PathVariable String family, @RequestBody(required = false) byte[] body) {
        Optional<SofFamily> fam = family(family);
        if (fam.isEmpty()) {
            return notFound();
        }
        try {
            JsonNode req = parse(body);
            NewPayment p = newPayment(fam.get(), req);
            Optional<Payment> existing = payments.byReference(p.family(), p.reference());
            if (existing.isPresent() && (!existing.get().type().equals(p.type()) || existing.get().amount() != p.amount())) {
                return answer(HttpStatus.CONFLICT, "status", "CONFLICT", "message",
                        "reference " + p.reference() + " already has a " + existing.get().type() + " payment of "
                                + existing.get().amount() + " at this provider");
            }
            Payment created = existing.isPresent() ? existing.get()
                    : payments.create(p, ServletUriComponentsBuilder.fromCurrentContextPath().toUriString());
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("status", created.status());
            r.put("paymentCode", created.paymentCode());
            r.put("providerRef", created.providerRef());
            if (created.stringQr() != null) {
                r.put("stringQr", created.stringQr());
            }
            if (created.redirectUrl() != null) {
                r.put("redirectUrl", created.redirectUrl());
            }
            r.put("channel", created.channel());
            return ResponseEntity.ok(r);
        } catch (Invalid e) {
            return answer(HttpStatus.BAD_REQUEST, "status", "INVALID", "message", e.getMessage());
        }
    }

    @PostMapping(path = "/sandbox/sof/{family}/close", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> close(@PathVariable String family, @RequestBody(required = false) byte[] body) {
        try {
            Optional<Payment> p = find(family, body);
            if (p.isEmpty()) {
                return notFound();
            }
            Payment after = payments.close(p.get()).orElseThrow().payment();
            if (SofPayments.CLOSED.equals(after.status())) {
                return answer(HttpStatus.OK, "status", SofPayments.CLOSED);
            }
            return answer(HttpStatus.CONFLICT, "status", after.status());
        } catch (Invalid e) {
            return answer(HttpStatus.BAD_REQUEST, "status", "INVALID", "message", e.getMessage());
        }
    }

    /**
     * A refund of {@code amount} (absent: all that is left) under the client's {@code refundReference}
     * (absent: the one automatic refund of the whole payment). A reference used before is answered with
     * the refund it made, never a second one. Answer: {@code status} of the payment after it
     * (PARTIALLY_REFUNDED or REFUNDED), {@code refundRef} and {@code amount} of this refund,
     * {@code refundAmount} the payment's total refunded.
     *
     * <p>Sandbox convention: a refund whose {@code reason} contains {@value #NO_ANSWER} is made but its
     * first request gets no answer (held for {@code hub.sandbox.sof.refund-no-answer-hold}, then a bare
     * 504); a repeat of its reference is answered as usual. That plays a provider timing out after it
     * took the refund.
     */
    @PostMapping(path = "/sandbox/sof/{family}/refund", produces = MediaType.APPLICATION_JSON_VALUE)
    DeferredResult<ResponseEntity<Map<String, Object>>> refund(@PathVariable String family,
                                                               @RequestBody(required = false) byte[] body) {
        try {
            JsonNode req = parse(body);
            Optional<Payment> found = find(family, req);
            if (found.isEmpty()) {
                return answered(notFound());
            }
            String reference = Optional.ofNullable(text(req, "refundReference", 64)).orElse(SofPayments.AUTOMATIC);
            String reason = text(req, "reason", 1000);
            SofPayments.RefundOutcome outcome = payments.refund(found.get(), reference, amount(req, "amount", false), reason);
            Payment p = outcome.payment();
            if (outcome.invalid() != null) {
                throw new Invalid(outcome.invalid());
            }
            if (outcome.refund() == null) {
                return answered(answer(HttpStatus.CONFLICT, "status", outcome.conflict()));
            }
            if (outcome.created()) {
                log.info("sandbox {}: refunded {} of payment {} ({}), {} refunded in all", p.family(),
                        outcome.refund().amount(), p.paymentCode(), outcome.refund().refundRef(), p.refundAmount());
                if (reason != null && reason.contains(NO_ANSWER)) {
                    return unanswered();
                }
            }
            return answered(answer(HttpStatus.OK, "status", p.status(), "refundRef", outcome.refund().refundRef(),
                    "amount", outcome.refund().amount(), "refundAmount", p.refundAmount()));
        } catch (Invalid e) {
            return answered(answer(HttpStatus.BAD_REQUEST, "status", "INVALID", "message", e.getMessage()));
        }
    }

    /** The refund reason that makes the first answer go missing (see {@link #refund}). */
    static final String NO_ANSWER = "[sandbox:no-answer]";

    private static DeferredResult<ResponseEntity<Map<String, Object>>> answered(ResponseEntity<Map<String, Object>> r) {
        DeferredResult<ResponseEntity<Map<String, Object>>> result = new DeferredResult<>();
        result.setResult(r);
        return result;
    }

    private DeferredResult<ResponseEntity<Map<String, Object>>> unanswered() {
        Duration hold = hub.sandbox().getSof().getRefundNoAnswerHold();
        return new DeferredResult<>(Math.max(1, hold.toMillis()), () -> ResponseEntity.status(HttpStatus.GATEWAY_TIMEOUT)
                .<Map<String, Object>>build());
    }

    @PostMapping(path = "/sandbox/sof/{family}/status", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> status(@PathVariable String family, @RequestBody(required = false) byte[] body) {
        try {
            Optional<Payment> found = find(family, body);
            if (found.isEmpty()) {
                return notFound();
            }
            Payment p = found.get();
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("status", p.status());
            r.put("paymentCode", p.paymentCode());
            r.put("reference", p.reference());
            r.put("type", p.type());
            r.put("amount", p.amount());
            r.put("paidAt", SandboxSupport.format(p.paidAt()));
            r.put("providerRef", p.providerRef());
            r.put("refundRef", p.refundRef());
            return ResponseEntity.ok(r);
        } catch (Invalid e) {
            return answer(HttpStatus.BAD_REQUEST, "status", "INVALID", "message", e.getMessage());
        }
    }

    /** The customer pays the payment a code names, at any provider. */
    @PostMapping(path = "/sandbox/sof/pay", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> pay(@RequestBody(required = false) byte[] body) {
        try {
            JsonNode req = parse(body);
            String code = text(req, "paymentCode", 32);
            if (code == null) {
                throw new Invalid("paymentCode is mandatory");
            }
            String outcome = Optional.ofNullable(text(req, "outcome", 16)).orElse("SUCCESS");
            if (!outcome.equals("SUCCESS") && !outcome.equals("DECLINED")) {
                throw new Invalid("outcome must be SUCCESS or DECLINED");
            }
            // "afterClose": true plays a bank that took the transfer before the provider's close reached it.
            JsonNode afterClose = req.get("afterClose");
            if (afterClose != null && !afterClose.isBoolean()) {
                throw new Invalid("afterClose must be true or false");
            }
            return take(code, outcome.equals("SUCCESS"), null, afterClose != null && afterClose.booleanValue());
        } catch (Invalid e) {
            return answer(HttpStatus.BAD_REQUEST, "status", "INVALID", "message", e.getMessage());
        }
    }

    /** Everything the providers hold for a hub reference: what was charged and refunded. */
    @GetMapping(path = "/sandbox/sof/payments", produces = MediaType.APPLICATION_JSON_VALUE)
    List<Map<String, Object>> payments(@RequestParam String reference) {
        return payments.allForReference(reference).stream().map(p -> {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("family", p.family());
            r.put("type", p.type());
            r.put("paymentCode", p.paymentCode());
            r.put("amount", p.amount());
            r.put("status", p.status());
            r.put("refunded", p.refundRef() != null);
            r.put("refundAmount", p.refundAmount() == null ? 0L : p.refundAmount());
            r.put("refunds", payments.refunds(p).stream().map(f -> {
                Map<String, Object> refund = new LinkedHashMap<>();
                refund.put("amount", f.amount());
                refund.put("refundedAt", SandboxSupport.format(f.refundedAt()));
                return refund;
            }).toList());
            r.put("reference", p.reference());
            r.put("channel", p.channel());
            r.put("providerRef", p.providerRef());
            r.put("paidAt", SandboxSupport.format(p.paidAt()));
            r.put("cardLast4", p.cardLast4());
            return r;
        }).toList();
    }

    /** The provider's callbacks for a payment and how their delivery went. */
    @GetMapping(path = "/sandbox/sof/callbacks", produces = MediaType.APPLICATION_JSON_VALUE)
    List<Map<String, Object>> callbacks(@RequestParam String paymentCode) {
        return payments.callbacks(paymentCode);
    }

    /** Shared by {@code /pay} and the card and e-wallet pages. */
    ResponseEntity<Map<String, Object>> take(String paymentCode, boolean success, String cardLast4) {
        return take(paymentCode, success, cardLast4, false);
    }

    private ResponseEntity<Map<String, Object>> take(String paymentCode, boolean success, String cardLast4,
                                                     boolean evenIfClosed) {
        Optional<Move> move = payments.take(paymentCode, success, cardLast4, evenIfClosed);
        if (move.isEmpty()) {
            return notFound();
        }
        Payment p = move.get().payment();
        if (!move.get().moved()) {
            return answer(HttpStatus.CONFLICT, "status", p.status());
        }
        log.info("sandbox {}: payment {} of {} for {} -> {}", p.family(), p.paymentCode(), p.amount(), p.reference(),
                p.status());
        return answer(HttpStatus.OK, "paymentCode", p.paymentCode(), "status", p.status(), "amount", p.amount());
    }

    private NewPayment newPayment(SofFamily family, JsonNode req) {
        String reference = text(req, "reference", 64);
        if (reference == null || reference.isEmpty()) {
            throw new Invalid("reference is mandatory");
        }
        String type = text(req, "type", 16);
        if (type == null || !family.types().contains(type)) {
            throw new Invalid("type must be one of " + family.types());
        }
        Long amount = amount(req, "amount", true);
        if (amount < 1) {
            throw new Invalid("amount must be at least 1");
        }
        String returnUrl = text(req, "returnUrl", 2048);
        if (returnUrl != null && !returnUrl.isEmpty()) {
            try {
                URI uri = URI.create(returnUrl);
                if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())) {
                    throw new Invalid("returnUrl must be an http or https URL");
                }
            } catch (IllegalArgumentException e) {
                throw new Invalid("returnUrl is not a URL");
            }
        } else {
            returnUrl = null;
        }
        return new NewPayment(family, type, reference, amount, text(req, "customerName", 200),
                time(text(req, "expiresAt", 64)), returnUrl);
    }

    private Optional<Payment> find(String family, byte[] body) {
        return find(family, parse(body));
    }

    private Optional<Payment> find(String family, JsonNode req) {
        Optional<SofFamily> fam = family(family);
        String code = text(req, "paymentCode", 32);
        if (fam.isEmpty() || code == null) {
            if (fam.isPresent()) {
                throw new Invalid("paymentCode is mandatory");
            }
            return Optional.empty();
        }
        return payments.byCode(code).filter(p -> p.family().equals(fam.get().key()));
    }

    private static Optional<SofFamily> family(String key) {
        return Arrays.stream(SofFamily.values()).filter(f -> f.key().equals(key)).findFirst();
    }

    private JsonNode parse(byte[] body) {
        try {
            JsonNode node = body == null || body.length == 0 ? null : json.readTree(body);
            if (node == null || !node.isObject()) {
                throw new Invalid("the body must be a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw new Invalid("malformed JSON");
        }
    }

    private static String text(JsonNode req, String field, int max) {
        JsonNode v = req.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isValueNode()) {
            throw new Invalid(field + " must be a string");
        }
        String s = v.asText();
        if (s.length() > max) {
            throw new Invalid(field + " is longer than " + max);
        }
        return s;
    }

    /** A money amount: a JSON integer or a string of digits. */
    private static Long amount(JsonNode req, String field, boolean mandatory) {
        JsonNode v = req.get(field);
        if (v == null || v.isNull()) {
            if (mandatory) {
                throw new Invalid(field + " is mandatory");
            }
            return null;
        }
        if (v.isIntegralNumber() && v.canConvertToLong()) {
            return v.longValue();
        }
        if (v.isTextual() && v.asText().matches("[0-9]{1,15}")) {
            return Long.parseLong(v.asText());
        }
        throw new Invalid(field + " must be whole rupiah");
    }

    /** {@code yyyy-MM-dd HH:mm:ss} in Jakarta time, or an ISO-8601 instant with an offset. */
    private static OffsetDateTime time(String s) {
        if (s == null || s.isEmpty()) {
            return null;
        }
        try {
            return LocalDateTime.parse(s, SandboxSupport.DATE_TIME).atZone(SandboxSupport.WIB).toOffsetDateTime();
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(s);
            } catch (DateTimeParseException e2) {
                throw new Invalid("expiresAt must be yyyy-MM-dd HH:mm:ss");
            }
        }
    }

    private static ResponseEntity<Map<String, Object>> notFound() {
        return answer(HttpStatus.NOT_FOUND, "status", "NOT_FOUND");
    }

    private static ResponseEntity<Map<String, Object>> answer(HttpStatus status, Object... keyValues) {
        Map<String, Object> body = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            body.put((String) keyValues[i], keyValues[i + 1]);
        }
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(body);
    }
}
