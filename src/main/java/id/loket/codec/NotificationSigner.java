package id.loket.codec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The notification signature of contract section 3: HMAC-SHA512 with the merchant key over the
 * PHP-encoded body without its {@code signature} member. Both verification ways merchants use
 * (raw bytes with the member cut out, and re-encoding the parsed body) are offered here, so the
 * sandbox receiver and the tests check exactly what a Mitra checks.
 */
public final class NotificationSigner {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SIGNATURE_MEMBER = Pattern.compile(",\"signature\":\"([0-9a-fA-F]*)\"");

    private NotificationSigner() {
    }

    public static String sign(String merchantKey, Map<String, Object> bodyWithoutSignature) {
        return Hex.hmac("HmacSHA512", merchantKey, PhpJson.encode(bodyWithoutSignature));
    }

    /** The body as it goes on the wire: the PHP-encoded members, then {@code signature} last. */
    public static String signedJson(String merchantKey, Map<String, Object> bodyWithoutSignature) {
        Map<String, Object> signed = new LinkedHashMap<>(bodyWithoutSignature);
        signed.remove("signature");
        signed.put("signature", sign(merchantKey, signed));
        return PhpJson.encode(signed);
    }

    /** Verification over the raw bytes received, with {@code ,"signature":"..."} cut out. */
    public static boolean verifyRaw(String merchantKey, String rawBody) {
        Matcher m = SIGNATURE_MEMBER.matcher(rawBody);
        if (!m.find()) {
            return false;
        }
        String unsigned = rawBody.substring(0, m.start()) + rawBody.substring(m.end());
        return Hex.sameHex(Hex.hmac("HmacSHA512", merchantKey, unsigned), m.group(1));
    }

    /** Verification as a PHP merchant does it: decode, drop {@code signature}, {@code json_encode}, HMAC. */
    @SuppressWarnings("unchecked")
    public static boolean verifyReencoded(String merchantKey, String rawBody) {
        try {
            Map<String, Object> parsed = JSON.readValue(rawBody, LinkedHashMap.class);
            Object signature = parsed.remove("signature");
            return signature instanceof String s && Hex.sameHex(Hex.hmac("HmacSHA512", merchantKey, PhpJson.encode(parsed)), s);
        } catch (JsonProcessingException e) {
            return false;
        }
    }
}
