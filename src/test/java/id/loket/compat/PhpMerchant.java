package id.loket.compat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.loket.codec.Php;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * How PHP merchant code checks a notification's signature, run by real PHP: every way seen in
 * public code, each answering whether {@code hash_hmac('sha512', ..., $key)} equals the
 * {@code signature} received.
 */
final class PhpMerchant {

    /** The ways, by name, in the order {@link #verify} reports them. */
    static final List<String> WAYS = List.of("raw", "object", "assoc", "unescapedSlashes", "unescapedSlashesAndUnicode");

    /**
     * One line per body on stdin: {@code N} (a notification) or {@code S} (a status answer, whose
     * {@code data} is checked), a space, the body's bytes in base64. One JSON line out per body.
     */
    private static final String SCRIPT = """
            <?php
            $key = rtrim(fgets(STDIN), "\\n");
            function signs($json, $key, $signature) {
                return is_string($json) && is_string($signature)
                    && hash_equals(hash_hmac('sha512', $json, $key), $signature);
            }
            while (($line = fgets(STDIN)) !== false) {
                [$kind, $b64] = explode(' ', rtrim($line, "\\n"));
                $body = base64_decode($b64);
                $r = [];
                if ($kind === 'N') {
                    // the raw bytes received, with the ,"signature":"..." member cut out
                    $r['raw'] = preg_match('/,"signature":"([0-9a-f]{128})"/', $body, $m) === 1
                        && signs(str_replace($m[0], '', $body), $key, $m[1]);
                    $object = json_decode($body);
                    $assoc = json_decode($body, true);
                } else {
                    $r['raw'] = true; // a status answer's data is checked by re-encoding only
                    $object = json_decode($body)->data;
                    $assoc = json_decode($body, true)['data'];
                }
                $signature = $object->signature;
                unset($object->signature);
                unset($assoc['signature']);
                $r['object'] = signs(json_encode($object), $key, $signature);
                $r['assoc'] = signs(json_encode($assoc), $key, $signature);
                $r['unescapedSlashes'] = signs(json_encode($assoc, JSON_UNESCAPED_SLASHES), $key, $signature);
                $r['unescapedSlashesAndUnicode'] = signs(json_encode($assoc, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE),
                    $key, $signature);
                echo json_encode($r), "\\n";
            }
            """;

    private static final ObjectMapper JSON = new ObjectMapper();

    private PhpMerchant() {
    }

    static List<JsonNode> verifyNotifications(String key, List<byte[]> bodies) {
        return run(key, "N", bodies);
    }

    static List<JsonNode> verifyStatusAnswers(String key, List<String> bodies) {
        return run(key, "S", bodies.stream().map(b -> b.getBytes(StandardCharsets.UTF_8)).toList());
    }

    private static List<JsonNode> run(String key, String kind, List<byte[]> bodies) {
        StringBuilder in = new StringBuilder(key).append('\n');
        for (byte[] b : bodies) {
            in.append(kind).append(' ').append(Base64.getEncoder().encodeToString(b)).append('\n');
        }
        List<JsonNode> out = new ArrayList<>();
        for (String line : Php.run(SCRIPT, in.toString()).split("\n")) {
            try {
                out.add(JSON.readTree(line));
            } catch (Exception e) {
                throw new AssertionError("php wrote " + line, e);
            }
        }
        if (out.size() != bodies.size()) {
            throw new AssertionError("php answered " + out.size() + " of " + bodies.size() + " bodies");
        }
        return out;
    }
}
