package id.loket.config;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * Western Indonesian Time (WIB, UTC+7, {@code Asia/Jakarta}): the time of every date the hub shows
 * or sends to its partners, and the day a void is judged on. The hub keeps instants in UTC.
 */
public final class Wib {

    public static final ZoneId ZONE = ZoneId.of("Asia/Jakarta");

    /** The contract's date-time format: {@code yyyy-MM-dd HH:mm:ss}. */
    public static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private Wib() {
    }

    /** {@code t} as a WIB date-time in the contract's format; null for null. */
    public static String format(OffsetDateTime t) {
        return t == null ? null : t.atZoneSameInstant(ZONE).format(DATE_TIME);
    }

    /** The WIB day of {@code t}. */
    public static LocalDate date(OffsetDateTime t) {
        return t.atZoneSameInstant(ZONE).toLocalDate();
    }
}
