package id.loket.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link PhpJson} against PHP itself: the strings are handed to {@code php} as UTF-8 bytes in hex,
 * PHP's default {@code json_encode} writes them, and the hub's encoder must write the same bytes.
 */
class PhpJsonAgainstPhpTest {

    /** Reads one hex string per line, writes PHP's {@code json_encode} of each, one per line. */
    private static final String ENCODE_EACH = """
            <?php
            while (($line = fgets(STDIN)) !== false) {
                $s = hex2bin(rtrim($line, "\\n"));
                $j = json_encode($s);
                if ($j === false) { fwrite(STDERR, json_last_error_msg() . "\\n"); exit(1); }
                echo $j, "\\n";
            }
            """;

    private static List<String> phpEncodeEach(List<String> values) {
        StringBuilder in = new StringBuilder();
        values.forEach(v -> in.append(Php.hex(v)).append('\n'));
        String out = Php.run(ENCODE_EACH, in.toString());
        return List.of(out.split("\n", -1)).subList(0, values.size());
    }

    @Test
    void everyCharacterOfTheBasicPlaneAndSomeAstralOnesAreEscapedExactlyAsPhpDoes() {
        List<String> values = new ArrayList<>();
        for (int cp = 0; cp <= 0xFFFF; cp++) {
            if (cp < 0xD800 || cp > 0xDFFF) {   // a lone surrogate is not UTF-8: PHP refuses it, Java strings from JSON never hold one
                values.add(new String(Character.toChars(cp)));
            }
        }
        for (int cp : new int[] {0x10000, 0x1F600, 0x1F4B0, 0x1F1EE, 0x20000, 0x10FFFF}) {
            values.add(new String(Character.toChars(cp)));
        }
        List<String> php = phpEncodeEach(values);
        List<String> mismatches = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            String ours = PhpJson.encode(values.get(i));
            if (!ours.equals(php.get(i))) {
                mismatches.add("U+%04X php %s ours %s".formatted(values.get(i).codePointAt(0), php.get(i), ours));
            }
        }
        assertThat(mismatches).isEmpty();
        // the cases merchants trip over, spelt out
        assertThat(php.get(0x7F)).isEqualTo("\"\u007F\"");
        assertThat(php.get(0x2F)).isEqualTo("\"\\/\"");
        assertThat(php.get(0x1F)).isEqualTo("\"\\u001f\"");
        assertThat(php.get(values.indexOf("\uD83D\uDE00"))).isEqualTo("\"\\ud83d\\ude00\"");
    }

    @Test
    void mixedValuesInAnObjectAreTheBytesPhpWrites() {
        Map<String, Object> body = new LinkedHashMap<>();
        StringBuilder controls = new StringBuilder();
        for (char c = 0; c < 0x20; c++) {
            controls.append(c);
        }
        body.put("controls", controls + "\u007F");
        body.put("quotes", "say \"hi\" and 'bye' \\ back\\slash");
        body.put("url", "https://shop.example/a/b?x=1&y=<2>");
        body.put("emoji", "pay \uD83D\uDE00 now \uD83D\uDCB0");
        body.put("latin1", "Ñoño café ©®µ ÿ");
        body.put("cjk", "支付成功 お支払い 결제");
        body.put("amount", 22500L);
        body.put("nothing", null);
        body.put("nested", Map.of("k", "v/w"));
        String script = """
                <?php
                $fields = explode("\\n", rtrim(stream_get_contents(STDIN), "\\n"));
                $o = [];
                foreach ($fields as $f) { [$k, $v] = explode(" ", $f); $o[$k] = hex2bin($v); }
                $o['amount'] = 22500;
                $o['nothing'] = null;
                $o['nested'] = ['k' => 'v/w'];
                echo json_encode($o);
                """;
        StringBuilder in = new StringBuilder();
        for (String k : List.of("controls", "quotes", "url", "emoji", "latin1", "cjk")) {
            in.append(k).append(' ').append(Php.hex((String) body.get(k))).append('\n');
        }
        assertThat(PhpJson.encode(body)).isEqualTo(Php.run(script, in.toString()));
    }
}
