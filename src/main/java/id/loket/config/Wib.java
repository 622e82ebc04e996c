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

    /** {@code t} at WIB's offset ({@code 2026-12-03T14:05:09+07:00} in JSON); null for null. */
    public static OffsetDateTime at(OffsetDateTime t) {
        return t == null ? null : t.atZoneSameInstant(ZONE).toOffsetDateTime();
    }

    /** The first instant of the WIB day {@code d}. */
    public static OffsetDateTime startOf(LocalDate d) {
        return d.atStartOfDay(ZONE).toOffsetDateTime();
    }

    /** The WIB day of {@code t}. */
    public static LocalDate date(OffsetDateTime t) {
        return t.atZoneSameInstant(ZONE).toLocalDate();
    }
}
