package id.loket.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import id.loket.sandbox.SandboxBills.Behaviour;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The simulators' pure parts: QRIS payloads, the bill catalogue, the Luhn check. */
class SandboxUnitsTest {

    @Test
    void crc16IsCcittFalse() {
        assertThat(Qris.crc16("123456789")).isEqualTo("29B1");   // the standard check value
        assertThat(Qris.crc16("")).isEqualTo("FFFF");
        assertThat(Qris.crc16("A")).isEqualTo("B915");
    }

    @Test
    void qrisPayloadIsWellFormedEmvco() {
        String payload = Qris.payload("QR000000000042", 22500);
        Map<String, String> tags = parse(payload);
        assertThat(tags.keySet()).containsExactly("00", "01", "26", "51", "52", "53", "54", "58", "59", "60", "61",
                "62", "63");
        assertThat(tags.get("00")).isEqualTo("01");
        assertThat(tags.get("01")).isEqualTo("12");
        assertThat(parse(tags.get("26")).get("00")).isEqualTo("ID.CO.QRIS.WWW");
        assertThat(tags.get("53")).isEqualTo("360");
        assertThat(tags.get("54")).isEqualTo("22500");
        assertThat(tags.get("58")).isEqualTo("ID");
        assertThat(parse(tags.get("62")).get("05")).isEqualTo("QR000000000042");
        assertThat(tags.get("63")).matches("[0-9A-F]{4}")
                .isEqualTo(Qris.crc16(payload.substring(0, payload.length() - 4)));
        assertThat(payload.substring(payload.length() - 8, payload.length() - 4)).isEqualTo("6304");
        // A changed amount changes the CRC.
        assertThat(Qris.payload("QR000000000042", 22501).substring(payload.length() - 4)).isNotEqualTo(tags.get("63"));
    }

    /** Reads one level of EMVCo TLV: two-digit tag, two-digit length, value. */
    static Map<String, String> parse(String s) {
        Map<String, String> tags = new LinkedHashMap<>();
        int i = 0;
        while (i < s.length()) {
            String tag = s.substring(i, i + 2);
            int len = Integer.parseInt(s.substring(i + 2, i + 4));
            tags.put(tag, s.substring(i + 4, i + 4 + len));
            i += 4 + len;
        }
        assertThat(i).isEqualTo(s.length());
        return tags;
    }

    @Test
    void billsFollowTheirNumbers() {
        assertThat(SandboxBills.behaviour("1230014")).isEqualTo(Behaviour.NOT_REGISTERED);
        assertThat(SandboxBills.behaviour("1230088")).isEqualTo(Behaviour.ALREADY_PAID);
        assertThat(SandboxBills.behaviour("1230005")).isEqualTo(Behaviour.REFUSE_PAYMENT);
        assertThat(SandboxBills.behaviour("1230068")).isEqualTo(Behaviour.NO_ANSWER_THEN_APPROVE);
        assertThat(SandboxBills.behaviour("1230069")).isEqualTo(Behaviour.NO_ANSWER_THEN_REFUSE);
        assertThat(SandboxBills.behaviour("1230100")).isEqualTo(Behaviour.NEVER_ANSWERS);
        assertThat(SandboxBills.behaviour("1231014")).isEqualTo(Behaviour.NORMAL);
        assertThat(SandboxBills.behaviour("1")).isEqualTo(Behaviour.NORMAL);
        assertThat(SandboxBills.behaviour("12a4")).isEqualTo(Behaviour.NOT_REGISTERED);
        assertThat(SandboxBills.behaviour("123456789012345678901")).isEqualTo(Behaviour.NOT_REGISTERED);

        assertThat(SandboxBills.bill("1").amount()).isEqualTo(10100);
        assertThat(SandboxBills.bill("99999").amount()).isEqualTo(109900);
        assertThat(SandboxBills.bill("1231014").amount()).isEqualTo(11400);
        assertThat(SandboxBills.bill("1231014").adminFee()).isEqualTo(2500);
        SandboxBills.Bill b = SandboxBills.bill("5551000123");
        assertThat(b).isEqualTo(SandboxBills.bill("5551000123"));
        assertThat(b.bit61()).hasSize(75).startsWith("00000000005551000123")
                .endsWith("000000022300000000002500").contains(b.customerName());
        assertThat(SandboxBills.pad12(2500)).isEqualTo("000000002500");
    }

    @Test
    void luhn() {
        assertThat(SofPages.luhnValid("4111111111111111")).isTrue();
        assertThat(SofPages.luhnValid(SofPages.DECLINED_CARD)).isTrue();
        assertThat(SofPages.luhnValid("5555555555554444")).isTrue();
        assertThat(SofPages.luhnValid("4111111111111112")).isFalse();
        assertThat(SofPages.luhnValid("4111")).isFalse();
        assertThat(SofPages.luhnValid("41111111111111x1")).isFalse();
    }
}
