package id.loket.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The contract's test vectors (section 8), produced by PHP itself: reproduced byte for byte. */
class ContractVectorsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static JsonNode vector(String name) throws Exception {
        Path shared = Path.of("..", "shared", "spec", "vectors", name);
        Path local = Path.of("src", "test", "resources", "vectors", name);
        return JSON.readTree(Files.readString(Files.exists(shared) ? shared : local));
    }

    @Test
    @SuppressWarnings("unchecked")
    void notificationIsEncodedAsPhpJsonEncodeAndSignedWithHmacSha512() throws Exception {
        JsonNode v = vector("notification.json");
        String signedBytes = v.get("signed_bytes").asText();
        Map<String, Object> body = JSON.readValue(signedBytes, LinkedHashMap.class);

        assertThat(PhpJson.encode(body)).isEqualTo(signedBytes);
        assertThat(NotificationSigner.sign(v.get("key").asText(), body)).isEqualTo(v.get("signature").asText());
        assertThat(NotificationSigner.signedJson(v.get("key").asText(), body)).isEqualTo(v.get("wire_body").asText());
    }

    @Test
    void bothWaysMerchantsVerifyAcceptTheWireBodyAndRefuseATamperedOne() throws Exception {
        JsonNode v = vector("notification.json");
        String key = v.get("key").asText();
        String wire = v.get("wire_body").asText();

        assertThat(NotificationSigner.verifyRaw(key, wire)).isTrue();
        assertThat(NotificationSigner.verifyReencoded(key, wire)).isTrue();

        String tampered = wire.replace("\"amount\":22500", "\"amount\":22501");
        assertThat(NotificationSigner.verifyRaw(key, tampered)).isFalse();
        assertThat(NotificationSigner.verifyReencoded(key, tampered)).isFalse();
        assertThat(NotificationSigner.verifyRaw("another-key", wire)).isFalse();
    }

    @Test
    void phpEscapesSlashesAndNonAsciiInLowerCaseAndAstralCharactersAsSurrogatePairs() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("url", "https://a.example/x");
        body.put("name", "Ñoño ©");
        body.put("emoji", "\uD83D\uDE00");
        body.put("ctl", "a\"b\\c\n\t\u0001");
        body.put("n", 22500L);
        body.put("none", null);
        assertThat(PhpJson.encode(body)).isEqualTo(
                "{\"url\":\"https:\\/\\/a.example\\/x\",\"name\":\"\\u00d1o\\u00f1o \\u00a9\",\"emoji\":\"\\ud83d\\ude00\","
                        + "\"ctl\":\"a\\\"b\\\\c\\n\\t\\u0001\",\"n\":22500,\"none\":null}");
    }

    @Test
    void billerSignatureMatchesTheVector() throws Exception {
        JsonNode v = vector("biller-signature.json");
        assertThat(Hex.sha256(v.get("timeStamp").asText() + v.get("password").asText()))
                .isEqualTo(v.get("inner").asText().replaceAll(".*= ", ""));
        assertThat(BillerSignature.sign(v.get("userName").asText(), v.get("password").asText(),
                v.get("productCode").asText(), v.get("channel").asText(), v.get("terminal").asText(),
                v.get("transactionType").asText(), v.get("billNumber").asText(), v.get("traxId").asText(),
                v.get("timeStamp").asText())).isEqualTo(v.get("signature").asText());
    }
}
