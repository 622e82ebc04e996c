package id.loket.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.loket.codec.BillerSignature;
import id.loket.codec.Hex;
import id.loket.config.HubProperties;
import id.loket.sandbox.SandboxBills.Behaviour;
import id.loket.sandbox.SandboxBills.Bill;
import java.io.IOException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;

/**
 * The sandbox biller: a Finnet H2H JSON switch serving product {@code 050017} (contract sections
 * 4 and 6). It verifies the message signature, behaves by the bill number's last four digits,
 * answers a repeated payment with its stored outcome, and records every message it receives.
 */
@RestController
@ConditionalOnProperty(name = "hub.sandbox.enabled", havingValue = "true")
class FinnetBillerSimulator {

    static final String PRODUCT = "050017";
    static final String INQUIRY = "38";
    static final String PAYMENT = "50";

    private static final Logger log = LoggerFactory.getLogger(FinnetBillerSimulator.class);

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final HubProperties hub;
    private final SandboxCounters counters;
    private final TransactionTemplate tx;

    FinnetBillerSimulator(JdbcTemplate jdbc, ObjectMapper json, HubProperties hub, SandboxCounters counters,
                          TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.json = json;
        this.hub = hub;
        this.counters = counters;
    }

    /** One Finnet message, inquiry or payment; missing fields are null. */
    record Message(String userName, String signature, String productCode, String channel, String terminal,
                   String transactionType, String billNumber, String amount, String feeAmount, String bit61,
                   String traxId, String timeStamp, String addInfo1) {

        static Message of(JsonNode n) {
            return new Message(text(n, "userName"), text(n, "signature"), text(n, "productCode"), text(n, "channel"),
                    text(n, "terminal"), text(n, "transactionType"), text(n, "billNumber"), text(n, "amount"),
                    text(n, "feeAmount"), text(n, "bit61"), text(n, "traxId"), text(n, "timeStamp"),
                    text(n, "addInfo1"));
        }

        private static String text(JsonNode n, String field) {
            JsonNode v = n.get(field);
            return v == null || v.isNull() || v.isContainerNode() ? null : v.asText();
        }
    }

    @PostMapping(path = "/sandbox/biller/finnet")
    DeferredResult<ResponseEntity<Object>> finnet(@RequestBody(required = false) byte[] body) {
        Message m;
        try {
            JsonNode node = body == null ? null : json.readTree(body);
            if (node == null || !node.isObject()) {
                return answered(ResponseEntity.badRequest().contentType(MediaType.APPLICATION_JSON)
                        .body(refusal(null, "30", "FORMAT PESAN SALAH")));
            }
            m = Message.of(node);
        } catch (IOException e) {
            return answered(ResponseEntity.badRequest().contentType(MediaType.APPLICATION_JSON)
                    .body(refusal(null, "30", "FORMAT PESAN SALAH")));
        }
        Map<String, Object> answer = answer(m, SandboxSupport.now());
        if (answer == null) {
            // "No answer": hold the request open until the client gives up or the hold ends.
            log.info("sandbox biller: {} traxId={} bill={} held without an answer", m.transactionType(), m.traxId(),
                    m.billNumber());
            return unanswered();
        }
        log.info("sandbox biller: {} traxId={} bill={} -> {}", m.transactionType(), m.traxId(), m.billNumber(),
                answer.get("resultCode"));
        return answered(ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(answer));
    }

    /** The payment messages received for a bill number, oldest first; inquiries are left out. */
    @GetMapping(path = "/sandbox/biller/transactions", produces = MediaType.APPLICATION_JSON_VALUE)
    List<Map<String, Object>> transactions(@RequestParam String billNumber) {
        return jdbc.query("SELECT trax_id, transaction_type, result_code, add_info1, received_at"
                + " FROM sandbox_biller_message WHERE bill_number = ? AND transaction_type = ? ORDER BY id", (rs, i) -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("traxId", rs.getString("trax_id"));
            row.put("transactionType", rs.getString("transaction_type"));
            row.put("resultCode", rs.getString("result_code"));
            row.put("receivedAt", SandboxSupport.format(rs.getObject("received_at", OffsetDateTime.class)));
            row.put("addInfo1", rs.getString("add_info1"));
            return row;
        }, billNumber, PAYMENT);
    }

    /**
     * Decides the answer to a message (null for "no answer") and records the message with it. The
     * answer is known before the message row is written, so each message costs one INSERT; a
     * payment's outcome and its message are written in one transaction.
     */
    private Map<String, Object> answer(Message m, OffsetDateTime receivedAt) {
        Map<String, Object> refused = refusedUnread(m);
        if (refused != null || INQUIRY.equals(m.transactionType())) {
            Map<String, Object> answer = refused != null ? refused : inquiry(m);
            record(m, receivedAt, answer);
            return answer;
        }
        try {
            return tx.execute(s -> recordedPayment(m, receivedAt));
        } catch (DuplicateKeyException e) {
            // A concurrent twin stored this traxId's outcome first. This message's transaction was rolled
            // back (PostgreSQL allows nothing more in it); in a new one it is answered as a repeat.
            return tx.execute(s -> recordedPayment(m, receivedAt));
        }
    }

    /** The refusal a message gets before its bill is looked at, or null when it is answered on its merits. */
    private Map<String, Object> refusedUnread(Message m) {
        HubProperties.SandboxBiller conf = hub.sandbox().getBiller();
        String expected = BillerSignature.sign(m.userName(), conf.getPassword(), m.productCode(), m.channel(),
                m.terminal(), m.transactionType(), m.billNumber(), m.traxId(), m.timeStamp());
        if (m.userName() == null || !m.userName().equals(conf.getUserName()) || !Hex.sameHex(expected, m.signature())) {
            return refusal(m, "63", "SIGNATURE TIDAK VALID");
        }
        if (!PRODUCT.equals(m.productCode())) {
            return refusal(m, "14", "PRODUK TIDAK DIKENAL");
        }
        if (m.billNumber() == null || m.billNumber().length() > 64) {
            return refusal(m, "30", "FORMAT PESAN SALAH: billNumber");
        }
        if (INQUIRY.equals(m.transactionType())) {
            return null;
        }
        if (!PAYMENT.equals(m.transactionType())) {
            return refusal(m, "30", "FORMAT PESAN SALAH: transactionType");
        }
        if (m.traxId() == null || m.traxId().isEmpty() || m.traxId().length() > 64) {
            return refusal(m, "30", "FORMAT PESAN SALAH: traxId");
        }
        return null;
    }

    /** A payment message, decided and recorded inside the caller's transaction. */
    private Map<String, Object> recordedPayment(Message m, OffsetDateTime receivedAt) {
        Map<String, Object> answer = payment(m);
        record(m, receivedAt, answer);
        return answer;
    }

    private Map<String, Object> inquiry(Message m) {
        Behaviour behaviour = SandboxBills.behaviour(m.billNumber());
        if (behaviour == Behaviour.NOT_REGISTERED) {
            return refusal(m, "14", "NOMOR TAGIHAN TIDAK TERDAFTAR");
        }
        Bill bill = SandboxBills.bill(m.billNumber());
        if (behaviour == Behaviour.ALREADY_PAID) {
            Map<String, Object> r = response(m, "88", "TAGIHAN SUDAH TERBAYAR", "000000000000", "000000000000",
                    m.bit61(), "", "");
            r.put("customerData", customerData(bill));
            return r;
        }
        Map<String, Object> r = response(m, "00", "SUKSES", SandboxBills.pad12(bill.amount()),
                SandboxBills.pad12(bill.adminFee()), bill.bit61(),
                "TAGIHAN " + bill.periodText() + " " + SandboxSupport.rupiah(bill.amount()), "");
        r.put("customerData", customerData(bill));
        return r;
    }

    private Map<String, Object> payment(Message m) {
        Map<String, Object> stored = storedOutcome(m);
        if (stored != null) {
            return stored;
        }
        Behaviour behaviour = SandboxBills.behaviour(m.billNumber());
        if (behaviour == Behaviour.NEVER_ANSWERS) {
            return null;
        }
        if ((behaviour == Behaviour.NO_ANSWER_THEN_APPROVE || behaviour == Behaviour.NO_ANSWER_THEN_REFUSE)
                && !receivedBefore(m.traxId())) {
            return null;
        }
        if (behaviour == Behaviour.NOT_REGISTERED) {
            return store(m, null, "14", "NOMOR TAGIHAN TIDAK TERDAFTAR");
        }
        Bill bill = SandboxBills.bill(m.billNumber());
        if (behaviour == Behaviour.ALREADY_PAID) {
            return store(m, bill, "88", "TAGIHAN SUDAH TERBAYAR");
        }
        if (!SandboxBills.pad12(bill.amount()).equals(m.amount()) || !SandboxBills.pad12(bill.adminFee()).equals(m.feeAmount())) {
            return store(m, bill, "05", "PEMBAYARAN DITOLAK: JUMLAH TIDAK SESUAI TAGIHAN (amount "
                    + SandboxBills.pad12(bill.amount()) + ", feeAmount " + SandboxBills.pad12(bill.adminFee()) + ")");
        }
        if (!bill.bit61().equals(m.bit61())) {
            return store(m, bill, "05", "PEMBAYARAN DITOLAK: BIT61 TIDAK SESUAI INQUIRY");
        }
        if (behaviour == Behaviour.REFUSE_PAYMENT || behaviour == Behaviour.NO_ANSWER_THEN_REFUSE) {
            return store(m, bill, "05", "PEMBAYARAN DITOLAK");
        }
        return store(m, bill, "00", "SUKSES");
    }

    /**
     * Stores the definitive outcome of a payment, in the caller's transaction: the sysCode is taken
     * and used in the same commit. A concurrent twin's INSERT fails on the unique traxId, which
     * {@link #answer} turns into a repeat.
     */
    private Map<String, Object> store(Message m, Bill bill, String code, String desc) {
        String sysCode = String.format("%012d", 800_000_000_000L + counters.next("biller-syscode"));
        Map<String, Object> r;
        if ("00".equals(code)) {
            r = response(m, code, desc, SandboxBills.pad12(bill.amount()), SandboxBills.pad12(bill.adminFee()),
                    bill.bit61(), receipt(bill, sysCode), sysCode);
        } else {
            r = response(m, code, desc, m.amount(), m.feeAmount(), m.bit61(), "", sysCode);
        }
        if (bill != null) {
            r.put("customerData", customerData(bill));
        }
        try {
            jdbc.update("INSERT INTO sandbox_biller_payment (trax_id, bill_number, product_code, result_code, sys_code,"
                            + " amount, fee_amount, response_json, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    m.traxId(), m.billNumber(), m.productCode(), code, sysCode, bill == null ? 0 : bill.amount(),
                    bill == null ? 0 : bill.adminFee(), json.writeValueAsString(r), SandboxSupport.now());
            return r;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The outcome stored for this traxId, with this message's timestamps, or null. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> storedOutcome(Message m) {
        List<String> rows = jdbc.queryForList("SELECT response_json FROM sandbox_biller_payment WHERE trax_id = ?",
                String.class, m.traxId());
        if (rows.isEmpty()) {
            return null;
        }
        try {
            Map<String, Object> r = json.readValue(rows.get(0), LinkedHashMap.class);
            r.put("timeStamp", m.timeStamp());
            r.put("timeStampServer", SandboxSupport.now().format(SandboxSupport.FINNET_TIME));
            return r;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether a payment message with this traxId came before (this one is not recorded yet). */
    private boolean receivedBefore(String traxId) {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM sandbox_biller_message WHERE trax_id = ? AND transaction_type = ?",
                Integer.class, traxId, PAYMENT);
        return n != null && n > 0;
    }

    /** Records a message with the result it was answered (NULL: no answer). */
    private void record(Message m, OffsetDateTime receivedAt, Map<String, Object> answer) {
        jdbc.update("INSERT INTO sandbox_biller_message (trax_id, bill_number, product_code, transaction_type, add_info1,"
                        + " result_code, received_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                SandboxSupport.cut(m.traxId(), 64), SandboxSupport.cut(m.billNumber(), 64),
                SandboxSupport.cut(m.productCode(), 16), SandboxSupport.cut(m.transactionType(), 8),
                SandboxSupport.cut(m.addInfo1(), 64), answer == null ? null : answer.get("resultCode"), receivedAt);
    }

    private Map<String, Object> refusal(Message m, String code, String desc) {
        return response(m, code, desc, m == null ? null : m.amount(), m == null ? null : m.feeAmount(),
                m == null ? null : m.bit61(), "", "");
    }

    private static Map<String, Object> response(Message m, String code, String desc, String amount, String feeAmount,
                                                String bit61, String bit48, String sysCode) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("resultCode", code);
        r.put("resultDesc", desc);
        r.put("productCode", m == null ? null : m.productCode());
        r.put("transactionType", m == null ? null : m.transactionType());
        r.put("amount", amount == null ? "000000000000" : amount);
        r.put("feeAmount", feeAmount == null ? "000000000000" : feeAmount);
        r.put("bit61", bit61 == null ? "" : bit61);
        r.put("bit48", bit48);
        r.put("traxId", m == null ? null : m.traxId());
        r.put("sysCode", sysCode);
        r.put("timeStamp", m == null ? null : m.timeStamp());
        r.put("timeStampServer", SandboxSupport.now().format(SandboxSupport.FINNET_TIME));
        return r;
    }

    private static Map<String, Object> customerData(Bill bill) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("customerName", bill.customerName());
        c.put("adminFee", Long.toString(bill.adminFee()));
        c.put("dueDate", bill.dueDate());
        c.put("penaltyAmount", "0");
        c.put("billInfo1", "Tagihan " + bill.periodText());
        c.put("billInfo2", "IDPEL " + bill.billNumber());
        return c;
    }

    private static String receipt(Bill bill, String sysCode) {
        return String.join("\n",
                "STRUK PEMBAYARAN TAGIHAN " + PRODUCT,
                "IDPEL   : " + bill.billNumber(),
                "NAMA    : " + bill.customerName(),
                "PERIODE : " + bill.periodText(),
                "TAGIHAN : " + SandboxSupport.rupiah(bill.amount()),
                "ADMIN   : " + SandboxSupport.rupiah(bill.adminFee()),
                "TOTAL   : " + SandboxSupport.rupiah(bill.amount() + bill.adminFee()),
                "REF     : " + sysCode,
                "TERIMA KASIH");
    }

    private static DeferredResult<ResponseEntity<Object>> answered(ResponseEntity<Object> response) {
        DeferredResult<ResponseEntity<Object>> result = new DeferredResult<>();
        result.setResult(response);
        return result;
    }

    /**
     * A request held open without an answer: the client normally hangs up first. When the hold ends
     * the connection gets a bare 504 with no body, which a Finnet client cannot read as an answer.
     */
    private DeferredResult<ResponseEntity<Object>> unanswered() {
        Duration hold = hub.sandbox().getBiller().getNoAnswerHold();
        long millis = Math.max(1, hold == null ? 60_000 : hold.toMillis());
        return new DeferredResult<>(millis, () -> ResponseEntity.status(HttpStatus.GATEWAY_TIMEOUT).build());
    }
}
