package id.loket.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.loket.biller.BillerAnswer;
import id.loket.biller.BillerRequest;
import id.loket.biller.FinnetCodec;
import id.loket.codec.BillerSignature;
import id.loket.codec.NotificationSigner;
import id.loket.codec.PhpJson;
import id.loket.config.HubProperties;
import java.io.InputStream;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The per-message pieces of one bill payment, each on its own: the notification's PHP-compatible
 * JSON and its HMAC-SHA512 signature (on the contract's notification vector), the Finnet message
 * signature, and the Finnet payment message and answer. A payment runs each of them about once
 * (the inquiry message and answer once more), so their sum is the codec share of a payment's CPU.
 *
 * <p>{@code mvn -B -Pjmh test-compile exec:exec}; see the README's Performance section.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Benchmark)
public class CodecBenchmark {

    /** A payment answer of the sandbox biller, as it comes over the wire. */
    static final String FINNET_PAYMENT_ANSWER = "{\"resultCode\":\"00\",\"resultDesc\":\"SUKSES\",\"productCode\":\"050017\","
            + "\"transactionType\":\"50\",\"amount\":\"000000022300\",\"feeAmount\":\"000000002500\","
            + "\"bit61\":\"00000118121234567123202601RUDI NASUTION            000000022300000000002500\","
            + "\"bit48\":\"STRUK PEMBAYARAN TAGIHAN 050017\\nIDPEL   : 118121234567123\\nNAMA    : RUDI NASUTION\\n"
            + "PERIODE : JAN 2026\\nTAGIHAN : Rp 22.300\\nADMIN   : Rp 2.500\\nTOTAL   : Rp 24.800\\nREF     : 800000000002\\n"
            + "TERIMA KASIH\",\"traxId\":\"LKT000000000000099\",\"sysCode\":\"800000000002\",\"timeStamp\":\"24-11-2026 19:07:35\","
            + "\"timeStampServer\":\"24-11-2026 19:07:35\",\"customerData\":{\"customerName\":\"RUDI NASUTION\","
            + "\"adminFee\":\"2500\",\"dueDate\":\"2026-02-20\",\"penaltyAmount\":\"0\",\"billInfo1\":\"Tagihan JAN 2026\","
            + "\"billInfo2\":\"IDPEL 118121234567123\"}}";

    String key;
    Map<String, Object> notification;
    /** userName, password, productCode, channel, terminal, transactionType, billNumber, traxId, timeStamp. */
    String[] biller;
    FinnetCodec finnet;
    BillerRequest request;

    @Setup(Level.Trial)
    @SuppressWarnings("unchecked")
    public void setUp() throws Exception {
        ObjectMapper json = new ObjectMapper();
        JsonNode vector = resource(json, "/vectors/notification.json");
        key = vector.get("key").asText();
        notification = json.readValue(vector.get("signed_bytes").asText(), LinkedHashMap.class);
        if (!vector.get("wire_body").asText().equals(NotificationSigner.signedJson(key, notification))) {
            throw new IllegalStateException("the notification vector is not reproduced: this would measure the wrong thing");
        }
        JsonNode b = resource(json, "/vectors/biller-signature.json");
        biller = new String[9];
        String[] names = {"userName", "password", "productCode", "channel", "terminal", "transactionType", "billNumber",
            "traxId", "timeStamp"};
        for (int i = 0; i < names.length; i++) {
            biller[i] = b.get(names[i]).asText();
        }
        if (!b.get("signature").asText().equals(billerSignature())) {
            throw new IllegalStateException("the biller signature vector is not reproduced");
        }

        HubProperties props = new Binder(new MapConfigurationPropertySource(Map.of(
                "hub.public-base-url", "http://127.0.0.1:8080",
                "hub.biller.finnet.url", "http://127.0.0.1:8080/sandbox/biller/finnet",
                "hub.biller.finnet.user-name", "loket",
                "hub.biller.finnet.password", "biller-secret"))).bindOrCreate("hub", HubProperties.class);
        finnet = new FinnetCodec(props, Clock.systemUTC());

        request = new BillerRequest("finnet", "050017", "118121234567123", "LKT000000000000099", 22300L, 2500L,
                "00000118121234567123202601RUDI NASUTION            000000022300000000002500", 1);
        if (finnet.answer(FINNET_PAYMENT_ANSWER, 200, null).outcome() != BillerAnswer.Outcome.APPROVED) {
            throw new IllegalStateException("the sample answer does not read as approved");
        }
    }

    private static JsonNode resource(ObjectMapper json, String name) throws Exception {
        try (InputStream in = CodecBenchmark.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is not on the classpath (src/test/resources)");
            }
            return json.readTree(in);
        }
    }

    /** The notification body as PHP's json_encode writes it (the bytes that get signed). */
    @Benchmark
    public String phpJsonEncode() {
        return PhpJson.encode(notification);
    }

    /** HMAC-SHA512 over the PHP-encoded body (encode included). */
    @Benchmark
    public String notificationSign() {
        return NotificationSigner.sign(key, notification);
    }

    /** The body as it goes on the wire: copy, sign, encode again with the signature last. */
    @Benchmark
    public String notificationSignedJson() {
        return NotificationSigner.signedJson(key, notification);
    }

    /** The Finnet message signature: two SHA-256 over short strings. */
    @Benchmark
    public String billerSignature() {
        String[] v = biller;
        return BillerSignature.sign(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8]);
    }

    /** The signed payment message (transactionType 50) as JSON, with the current WIB time stamp. */
    @Benchmark
    public String finnetPaymentMessage() throws Exception {
        return finnet.paymentMessage(request);
    }

    /** The signed inquiry message (transactionType 38), with its random inquiry traxId. */
    @Benchmark
    public String finnetInquiryMessage() throws Exception {
        return finnet.inquiryMessage(request);
    }

    /** Reading the biller's payment answer: JSON to a map, the result code to an outcome. */
    @Benchmark
    public BillerAnswer finnetAnswer() {
        return finnet.answer(FINNET_PAYMENT_ANSWER, 200, null);
    }
}
