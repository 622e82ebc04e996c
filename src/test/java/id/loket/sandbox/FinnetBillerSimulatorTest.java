package id.loket.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import id.loket.codec.BillerSignature;
import id.loket.flow.HubClient;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:sandbox-biller;DB_CLOSE_DELAY=-1",
        "camel.main.routes-collector-enabled=false",
        "hub.sandbox.biller.user-name=loket",
        "hub.sandbox.biller.password=biller-secret",
        "hub.sandbox.biller.no-answer-hold=2s"})
class FinnetBillerSimulatorTest {

    private static final String USER = "loket";
    private static final String PASSWORD = "biller-secret";
    private static final String ZERO = "000000000000";
    private static final AtomicInteger TRAX = new AtomicInteger();

    @LocalServerPort
    int port;
    HubClient http;

    @BeforeEach
    void setUp() {
        http = new HubClient(port);
    }

    /** A message as the hub's biller adapter writes it, signed with the sandbox biller's credentials. */
    static Map<String, Object> message(String type, String billNumber, String traxId, String amount, String fee,
                                       String bit61, String password) {
        String ts = LocalDateTime.now(SandboxSupport.WIB).format(SandboxSupport.FINNET_TIME);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("userName", USER);
        m.put("signature", BillerSignature.sign(USER, password, "050017", "6017", "LKT00001", type, billNumber, traxId, ts));
        m.put("productCode", "050017");
        m.put("channel", "6017");
        m.put("terminal", "LKT00001");
        m.put("terminalName", "LOKET HUB");
        m.put("terminalLocation", "JAKARTA");
        m.put("transactionType", type);
        m.put("billNumber", billNumber);
        m.put("amount", amount);
        m.put("feeAmount", fee);
        m.put("bit61", bit61);
        m.put("traxId", traxId);
        m.put("timeStamp", ts);
        m.put("addInfo1", "");
        m.put("addInfo2", "");
        m.put("addInfo3", "");
        return m;
    }

    JsonNode inquiry(String billNumber) throws Exception {
        HubClient.Answer a = http.postJson("/sandbox/biller/finnet",
                message("38", billNumber, newTrax(), ZERO, ZERO, billNumber, PASSWORD));
        assertThat(a.status()).isEqualTo(200);
        return a.json();
    }

    /** A payment message for what the inquiry answered. */
    static Map<String, Object> paymentFor(JsonNode inquiry, String traxId) {
        return message("50", inquiry.get("bit61").asText().substring(0, 20).replaceFirst("^0+", ""), traxId,
                inquiry.get("amount").asText(), inquiry.get("feeAmount").asText(), inquiry.get("bit61").asText(), PASSWORD);
    }

    JsonNode pay(Map<String, Object> message) throws Exception {
        HubClient.Answer a = http.postJson("/sandbox/biller/finnet", message);
        assertThat(a.status()).isEqualTo(200);
        return a.json();
    }

    JsonNode transactions(String billNumber) throws Exception {
        HubClient.Answer a = http.get("/sandbox/biller/transactions?billNumber=" + billNumber);
        assertThat(a.status()).isEqualTo(200);
        return a.json();
    }

    static String newTrax() {
        return "TRX" + System.nanoTime() % 1_000_000_000 + TRAX.incrementAndGet();
    }

    @Test
    void inquiryAnswersTheBillByItsNumber() throws Exception {
        JsonNode r = inquiry("5551000123");
        assertThat(r.get("resultCode").asText()).isEqualTo("00");
        assertThat(r.get("transactionType").asText()).isEqualTo("38");
        assertThat(r.get("amount").asText()).isEqualTo("000000022300");   // 10000 + 100 x 123
        assertThat(r.get("feeAmount").asText()).isEqualTo("000000002500");
        assertThat(r.at("/customerData/adminFee").asText()).isEqualTo("2500");
        assertThat(r.at("/customerData/customerName").asText()).matches("[A-Z]+ [A-Z]+");
        assertThat(r.at("/customerData/billInfo1").asText()).startsWith("Tagihan ");
        assertThat(r.at("/customerData/dueDate").asText()).matches("\\d{4}-\\d{2}-\\d{2}");
        assertThat(r.get("bit61").asText()).startsWith("00000000005551000123").hasSize(75);
        assertThat(r.get("timeStampServer").asText()).matches("\\d{2}-\\d{2}-\\d{4} \\d{2}:\\d{2}:\\d{2}");

        assertThat(inquiry("5551000999").get("amount").asText()).isEqualTo("000000109900");
        assertThat(inquiry("5551000000").get("amount").asText()).isEqualTo("000000010000");
        // Deterministic: the same number gives the same bill.
        assertThat(inquiry("5551000123").get("bit61")).isEqualTo(r.get("bit61"));
    }

    @Test
    void magicNumbersAtInquiry() throws Exception {
        assertThat(inquiry("5552000014").get("resultCode").asText()).isEqualTo("14");
        assertThat(inquiry("5552000088").get("resultCode").asText()).isEqualTo("88");
        assertThat(inquiry("5552000005").get("resultCode").asText()).isEqualTo("00");
        assertThat(inquiry("5552000068").get("resultCode").asText()).isEqualTo("00");
        assertThat(inquiry("5552000069").get("resultCode").asText()).isEqualTo("00");
        assertThat(inquiry("5552000100").get("amount").asText()).isEqualTo("000000020000");
        assertThat(inquiry("12ab").get("resultCode").asText()).isEqualTo("14");
    }

    @Test
    void paymentIsApprovedAgainAndAgainAndARepeatGetsTheStoredOutcome() throws Exception {
        String bill = "5553000042";
        JsonNode inq = inquiry(bill);
        String trax1 = newTrax();
        JsonNode first = pay(paymentFor(inq, trax1));
        assertThat(first.get("resultCode").asText()).isEqualTo("00");
        assertThat(first.get("transactionType").asText()).isEqualTo("50");
        assertThat(first.get("traxId").asText()).isEqualTo(trax1);
        assertThat(first.get("sysCode").asText()).matches("\\d{12}");
        assertThat(first.get("amount").asText()).isEqualTo("000000014200");
        assertThat(first.get("bit48").asText()).contains("TOTAL", first.get("sysCode").asText());

        Map<String, Object> repeat = paymentFor(inq, trax1);
        repeat.put("addInfo1", "REPEAT");
        JsonNode again = pay(repeat);
        assertThat(again.get("resultCode").asText()).isEqualTo("00");
        assertThat(again.get("sysCode").asText()).isEqualTo(first.get("sysCode").asText());
        // Without REPEAT too: the traxId decides.
        assertThat(pay(paymentFor(inq, trax1)).get("sysCode").asText()).isEqualTo(first.get("sysCode").asText());

        String trax2 = newTrax();
        JsonNode next = pay(paymentFor(inq, trax2));
        assertThat(next.get("resultCode").asText()).isEqualTo("00");
        assertThat(next.get("sysCode").asText()).isNotEqualTo(first.get("sysCode").asText());

        JsonNode list = transactions(bill);
        assertThat(list).hasSize(4);
        assertThat(list.findValuesAsText("traxId")).containsExactly(trax1, trax1, trax1, trax2);
        assertThat(list.findValuesAsText("resultCode")).containsExactly("00", "00", "00", "00");
        assertThat(list.findValuesAsText("transactionType")).containsOnly("50");
        assertThat(list.get(0).get("receivedAt").asText()).matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}");
        assertThat(list.get(1).get("addInfo1").asText()).isEqualTo("REPEAT");
    }

    @Test
    void concurrentCopiesOfAPaymentGetOneOutcome() throws Exception {
        String bill = "5553000043";
        JsonNode inq = inquiry(bill);
        String trax = newTrax();
        ExecutorService switches = Executors.newFixedThreadPool(4);
        try {
            List<Future<JsonNode>> answers = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                answers.add(switches.submit(() -> pay(paymentFor(inq, trax))));
            }
            Set<String> sysCodes = new HashSet<>();
            for (Future<JsonNode> answer : answers) {
                JsonNode a = answer.get(10, TimeUnit.SECONDS);
                assertThat(a.get("resultCode").asText()).isEqualTo("00");
                sysCodes.add(a.get("sysCode").asText());
            }
            assertThat(sysCodes).hasSize(1);
        } finally {
            switches.shutdownNow();
        }
        assertThat(transactions(bill).findValuesAsText("resultCode")).containsExactly("00", "00", "00", "00");
    }

    @Test
    void paymentNotMatchingTheInquiryIsRefused() throws Exception {
        JsonNode inq = inquiry("5554000010");
        Map<String, Object> wrongAmount = paymentFor(inq, newTrax());
        wrongAmount.put("amount", "000000011001");
        JsonNode r = pay(wrongAmount);
        assertThat(r.get("resultCode").asText()).isEqualTo("05");
        assertThat(r.get("resultDesc").asText()).contains("JUMLAH");

        Map<String, Object> unpadded = paymentFor(inq, newTrax());
        unpadded.put("amount", "11000");
        assertThat(pay(unpadded).get("resultCode").asText()).isEqualTo("05");

        String bit61 = inq.get("bit61").asText();
        Map<String, Object> trimmed = message("50", "5554000010", newTrax(), inq.get("amount").asText(),
                inq.get("feeAmount").asText(), bit61.replace("  ", " "), PASSWORD);
        JsonNode t = pay(trimmed);
        assertThat(t.get("resultCode").asText()).isEqualTo("05");
        assertThat(t.get("resultDesc").asText()).contains("BIT61");

        // A refusal is definitive: the repeat gets it again, with the same sysCode.
        String trax = (String) wrongAmount.get("traxId");
        Map<String, Object> fixed = paymentFor(inq, trax);
        JsonNode repeat = pay(fixed);
        assertThat(repeat.get("resultCode").asText()).isEqualTo("05");
        assertThat(repeat.get("sysCode").asText()).isEqualTo(r.get("sysCode").asText());
    }

    @Test
    void bill0005IsRefusedAtPayment() throws Exception {
        JsonNode inq = inquiry("5555000005");
        assertThat(inq.get("resultCode").asText()).isEqualTo("00");
        String trax = newTrax();
        JsonNode r = pay(paymentFor(inq, trax));
        assertThat(r.get("resultCode").asText()).isEqualTo("05");
        assertThat(pay(paymentFor(inq, trax)).get("sysCode").asText()).isEqualTo(r.get("sysCode").asText());
        assertThat(transactions("5555000005").findValuesAsText("resultCode")).containsExactly("05", "05");
    }

    @Test
    void badSignatureOrUserAnswers63AndUnknownProduct14() throws Exception {
        Map<String, Object> bad = message("38", "5556000001", newTrax(), ZERO, ZERO, "5556000001", "wrong-password");
        assertThat(pay(bad).get("resultCode").asText()).isEqualTo("63");

        Map<String, Object> tampered = message("38", "5556000001", newTrax(), ZERO, ZERO, "5556000001", PASSWORD);
        tampered.put("billNumber", "5556000002");
        assertThat(pay(tampered).get("resultCode").asText()).isEqualTo("63");

        Map<String, Object> payment = message("50", "5556000003", newTrax(), ZERO, ZERO, "x", "wrong-password");
        assertThat(pay(payment).get("resultCode").asText()).isEqualTo("63");
        assertThat(transactions("5556000003").findValuesAsText("resultCode")).containsExactly("63");

        String ts = LocalDateTime.now(SandboxSupport.WIB).format(SandboxSupport.FINNET_TIME);
        Map<String, Object> unknown = message("38", "5556000004", "T1", ZERO, ZERO, "5556000004", PASSWORD);
        unknown.put("productCode", "999999");
        unknown.put("timeStamp", ts);
        unknown.put("signature", BillerSignature.sign(USER, PASSWORD, "999999", "6017", "LKT00001", "38", "5556000004", "T1", ts));
        assertThat(pay(unknown).get("resultCode").asText()).isEqualTo("14");

        HubClient.Answer garbage = http.postJson("/sandbox/biller/finnet", "{not json");
        assertThat(garbage.status()).isEqualTo(400);
    }

    @Test
    void bill0068GivesNoAnswerFirstThenApprovesTheRepeat() throws Exception {
        String bill = "5557000068";
        JsonNode inq = inquiry(bill);
        String trax = newTrax();
        Map<String, Object> first = paymentFor(inq, trax);
        assertThatThrownBy(() -> http.postJson("/sandbox/biller/finnet", first, Duration.ofSeconds(1)))
                .hasCauseInstanceOf(HttpTimeoutException.class);
        JsonNode list = transactions(bill);
        assertThat(list).hasSize(1);
        assertThat(list.get(0).get("resultCode").isNull()).isTrue();

        Map<String, Object> repeat = paymentFor(inq, trax);
        repeat.put("addInfo1", "REPEAT");
        JsonNode r = pay(repeat);
        assertThat(r.get("resultCode").asText()).isEqualTo("00");
        assertThat(r.get("sysCode").asText()).matches("\\d{12}");
        assertThat(pay(paymentFor(inq, trax)).get("sysCode").asText()).isEqualTo(r.get("sysCode").asText());

        list = transactions(bill);
        assertThat(list).hasSize(3);
        assertThat(list.get(0).get("resultCode").isNull()).isTrue();
        assertThat(list.get(1).get("resultCode").asText()).isEqualTo("00");
    }

    @Test
    void bill0069GivesNoAnswerFirstThenRefusesTheRepeat() throws Exception {
        JsonNode inq = inquiry("5558000069");
        String trax = newTrax();
        assertThatThrownBy(() -> http.postJson("/sandbox/biller/finnet", paymentFor(inq, trax), Duration.ofSeconds(1)))
                .hasCauseInstanceOf(HttpTimeoutException.class);
        assertThat(pay(paymentFor(inq, trax)).get("resultCode").asText()).isEqualTo("05");
    }

    @Test
    void bill0100NeverAnswersAndHoldsTheRequestForTheConfiguredTime() throws Exception {
        JsonNode inq = inquiry("5559000100");
        String trax = newTrax();
        long start = System.nanoTime();
        HubClient.Answer held = http.postJson("/sandbox/biller/finnet", paymentFor(inq, trax), Duration.ofSeconds(8));
        long heldMs = (System.nanoTime() - start) / 1_000_000;
        assertThat(heldMs).isBetween(1800L, 6000L);
        assertThat(held.status()).isEqualTo(504);
        assertThat(held.body()).isEmpty();
        assertThatThrownBy(() -> http.postJson("/sandbox/biller/finnet", paymentFor(inq, trax), Duration.ofSeconds(1)))
                .hasCauseInstanceOf(HttpTimeoutException.class);
        JsonNode list = transactions("5559000100");
        assertThat(list).hasSize(2);
        assertThat(list.get(0).get("resultCode").isNull()).isTrue();
        assertThat(list.get(1).get("resultCode").isNull()).isTrue();
    }

    @Test
    void inquiriesAreNotListed() throws Exception {
        inquiry("5550000777");
        inquiry("5550000777");
        assertThat(transactions("5550000777")).isEmpty();
    }
}
