package id.loket.order;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The hub's own texts (contract section 3): printable ASCII, no {@code /}, no {@code \}. */
class StatusTextTest {

    static final String HOSTILE = "va/../\\x\u007F\u0000 \"ü\uD83D\uDE00";

    @Test
    void everyTextTheHubCanWriteIsPrintableAsciiWithoutSlashOrBackslash() {
        List<String> texts = new ArrayList<>();
        for (OrderStatus s : OrderStatus.values()) {
            texts.add(StatusText.of(s));
            texts.add(s.description());
        }
        texts.add(StatusText.declined("vamandiri"));
        texts.add(StatusText.declined(HOSTILE));
        texts.add(StatusText.declined(null));
        texts.add(StatusText.billerRefused("05"));
        texts.add(StatusText.billerRefused(HOSTILE));
        texts.add(StatusText.billNotFound());
        texts.add(StatusText.billAlreadyPaid());
        texts.add(StatusText.amountMismatch(Long.MAX_VALUE, -1));
        assertThat(texts).allSatisfy(t -> assertThat(t).isNotBlank().matches(StatusText.ALLOWED));
        assertThat(StatusText.billerRefused("05")).contains("(05)");
        assertThat(StatusText.declined("vamandiri")).endsWith("by vamandiri");
    }

    @Test
    void aStoredTextThatBreaksTheRuleIsShownAsItsStatusText() {
        PaymentOrder o = new PaymentOrder();
        o.status = OrderStatus.PAID;
        o.statusDesc = "Pembayaran berhasil / payment successful";
        assertThat(StatusText.shown(o)).isEqualTo(StatusText.of(OrderStatus.PAID));
        o.statusDesc = StatusText.billerRefused("05");
        assertThat(StatusText.shown(o)).isEqualTo(o.statusDesc);
        o.statusDesc = null;
        assertThat(StatusText.shown(o)).isEqualTo(StatusText.of(OrderStatus.PAID));
    }
}
