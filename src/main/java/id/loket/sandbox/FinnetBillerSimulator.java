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
import java.sql.PreparedStatement;
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
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
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

    FinnetBillerSimulator(JdbcTemplate jdbc, ObjectMapper json, HubProperties hub, SandboxCounters counters) {
        this.jdbc = jdbc;
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
        long messageId = record(m);
        Map<String, Object> answer = decide(m, messageId);
        if (answer == null) {
            // "No answer": hold the request open until the client gives up or the hold ends.
            log.info("sandbox biller: {} traxId={} bill={} held without an answer", m.transactionType(), m.traxId(),
                    m.billNumber());
            return unanswered();
        }
        String resultCode = (String) answer.get("resultCode");
        jdbc.update("UPDATE sandbox_biller_message SET result_code = ? WHERE id = ?", resultCode, messageId);
        log.info("sandbox biller: {} traxId={} bill={} -> {}", m.transactionType(), m.traxId(), m.billNumber(),
                resultCode);
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

    /** The answer to a message, or null for "no answer". */
    private Map<String, Object> decide(Message m, long messageId) {
        HubProperties.SandboxBiller conf = hub.getSandbox().getBiller();
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
            return inquiry(m);
        }
        if (!PAYMENT.equals(m.transactionType())) {
            return refusal(m, "30", "FORMAT PESAN SALAH: transactionType");
        }
        if (m.traxId() == null || m.traxId().isEmpty() || m.traxId().length() > 64) {
            return refusal(m, "30", "FORMAT PESAN SALAH: traxId");
        }
        return payment(m, messageId);
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

    private Map<String, Object> payment(Message m, long messageId) {
        Map<String, Object> stored = storedOutcome(m);
        if (stored != null) {
            return stored;
        }
        Behaviour behaviour = SandboxBills.behaviour(m.billNumber());
        if (behaviour == Behaviour.NEVER_ANSWERS) {
            return null;
        }
        if ((behaviour == Behaviour.NO_ANSWER_THEN_APPROVE || behaviour == Behaviour.NO_ANSWER_THEN_REFUSE)
                && !receivedBefore(m.traxId(), messageId)) {
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

    /** Stores the definitive outcome of a payment; a concurrent twin's stored outcome wins. */
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
        } catch (DuplicateKeyException e) {
            Map<String, Object> twin = storedOutcome(m);
            if (twin == null) {
                throw e;
            }
            return twin;
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

    private boolean receivedBefore(String traxId, long messageId) {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM sandbox_biller_message"
                + " WHERE trax_id = ? AND transaction_type = ? AND id < ?", Integer.class, traxId, PAYMENT, messageId);
        return n != null && n > 0;
    }

    private long record(Message m) {
        KeyHolder key = new GeneratedKeyHolder();
        jdbc.update(con -> {
            PreparedStatement ps = con.prepareStatement("INSERT INTO sandbox_biller_message (trax_id, bill_number,"
                    + " product_code, transaction_type, add_info1, result_code, received_at) VALUES (?, ?, ?, ?, ?, NULL, ?)",
                    new String[] {"id"});
            ps.setString(1, SandboxSupport.cut(m.traxId(), 64));
            ps.setString(2, SandboxSupport.cut(m.billNumber(), 64));
            ps.setString(3, SandboxSupport.cut(m.productCode(), 16));
            ps.setString(4, SandboxSupport.cut(m.transactionType(), 8));
            ps.setString(5, SandboxSupport.cut(m.addInfo1(), 64));
            ps.setObject(6, SandboxSupport.now());
            return ps;
        }, key);
        return key.getKey().longValue();
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
        Duration hold = hub.getSandbox().getBiller().getNoAnswerHold();
        long millis = Math.max(1, hold == null ? 60_000 : hold.toMillis());
        return new DeferredResult<>(millis, () -> ResponseEntity.status(HttpStatus.GATEWAY_TIMEOUT).build());
    }
}
