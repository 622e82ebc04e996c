package id.loket.sandbox;

import id.loket.config.Wib;
import java.sql.PreparedStatement;
import java.text.NumberFormat;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Locale;
import org.springframework.jdbc.core.ArgumentPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.web.util.HtmlUtils;

/**
 * Small helpers the simulators share: Jakarta time, its formats, rupiah, HTML escaping, and a write
 * that hands back what it wrote.
 */
final class SandboxSupport {

    static final ZoneId WIB = Wib.ZONE;
    /** The contract's timestamp format ({@code yyyy-MM-dd HH:mm:ss}, WIB). */
    static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    /** Finnet's timestamp format ({@code dd-MM-yyyy HH:mm:ss}, WIB). */
    static final DateTimeFormatter FINNET_TIME = DateTimeFormatter.ofPattern("dd-MM-yyyy HH:mm:ss");

    private SandboxSupport() {
    }

    static OffsetDateTime now() {
        return OffsetDateTime.now(WIB);
    }

    /** An instant as the contract writes it: Jakarta wall-clock time; null stays null. */
    static String format(OffsetDateTime t) {
        return t == null ? null : t.atZoneSameInstant(WIB).format(DATE_TIME);
    }

    /**
     * Runs an INSERT or UPDATE of one row and returns the value it wrote to {@code column} (the new
     * row's id, a counter's new value), read as a generated key: H2 and PostgreSQL both hand one
     * back, for an UPDATE too, so no SELECT has to follow the write.
     */
    static long written(JdbcTemplate jdbc, String column, String sql, Object... args) {
        KeyHolder key = new GeneratedKeyHolder();
        jdbc.update(con -> {
            PreparedStatement ps = con.prepareStatement(sql, new String[] {column});
            new ArgumentPreparedStatementSetter(args).setValues(ps);
            return ps;
        }, key);
        Number value = key.getKey();
        if (value == null) {
            throw new IllegalStateException("no row written by " + sql + " " + Arrays.toString(args));
        }
        return value.longValue();
    }

    static String html(String s) {
        return s == null ? "" : HtmlUtils.htmlEscape(s, "UTF-8");
    }

    static String rupiah(long amount) {
        return "Rp " + NumberFormat.getIntegerInstance(Locale.forLanguageTag("id-ID")).format(amount);
    }

    static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }

    /** The frame of every simulator page: mobile-friendly, plainly labelled as a sandbox. */
    static String page(String title, String body) {
        return """
                <!DOCTYPE html>
                <html lang="id">
                <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>%s</title>
                <style>
                body{font-family:system-ui,sans-serif;margin:0;background:#f4f5f7;color:#222}
                main{max-width:420px;margin:0 auto;padding:16px}
                .sandbox{background:#ffe08a;border-radius:6px;padding:6px 10px;font-size:.85em;font-weight:600}
                .card{background:#fff;border-radius:10px;padding:16px;box-shadow:0 1px 3px rgba(0,0,0,.12)}
                label{display:block;margin-top:12px;font-size:.9em}
                input{width:100%%;box-sizing:border-box;padding:10px;font-size:1em;border:1px solid #bbb;border-radius:6px}
                button{width:100%%;margin-top:16px;padding:12px;font-size:1em;border:0;border-radius:6px;background:#0a6cff;color:#fff}
                button.secondary{background:#888}
                .error{color:#b00020;font-weight:600}
                .amount{font-size:1.4em;font-weight:700}
                .hint{font-size:.8em;color:#555}
                </style>
                </head>
                <body>
                <main>
                <p class="sandbox">SANDBOX &mdash; simulator, tidak ada uang sungguhan</p>
                %s
                </main>
                </body>
                </html>
                """.formatted(html(title), body);
    }
}
