package id.loket.ops.console;

import id.loket.config.Wib;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Locale;

/**
 * How the console writes times, amounts and waits; given to every page as {@code fmt}. Values only:
 * the templates escape them like any other text.
 */
public final class ConsoleFormat {

    ConsoleFormat() {
    }

    /** {@code 2026-12-04 14:05:09 WIB}; a dash for none. */
    public String time(OffsetDateTime t) {
        return t == null ? "\u2013" : Wib.format(t) + " WIB";
    }

    /** {@code Rp 22.500}; a dash for none. */
    public String money(Long amount) {
        if (amount == null) {
            return "\u2013";
        }
        DecimalFormatSymbols symbols = DecimalFormatSymbols.getInstance(Locale.ROOT);
        symbols.setGroupingSeparator('.');
        return "Rp " + new DecimalFormat("#,##0", symbols).format(amount);
    }

    static String duration(Duration d) {
        long s = Math.max(0, d.getSeconds());
        long days = s / 86_400;
        long hours = s % 86_400 / 3_600;
        long minutes = s % 3_600 / 60;
        if (days > 0) {
            return days + " d " + hours + " h";
        }
        if (hours > 0) {
            return hours + " h " + minutes + " min";
        }
        if (minutes > 0) {
            return minutes + " min";
        }
        return s + " s";
    }

    /** Seconds as a wait ({@code 3 h 12 min}); a dash for none. */
    public String seconds(Long seconds) {
        return seconds == null ? "\u2013" : duration(Duration.ofSeconds(seconds));
    }

    /** A CSS class for a status or a state: lower case, {@code _} as {@code -}. */
    public String tone(String status) {
        return status == null ? "none" : status.toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
