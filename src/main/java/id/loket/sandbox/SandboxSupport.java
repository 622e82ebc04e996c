package id.loket.sandbox;

import jakarta.servlet.http.HttpServletResponse;
import id.loket.config.Wib;
import java.sql.PreparedStatement;
import java.text.NumberFormat;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.ArgumentPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.web.servlet.ModelAndView;

/**
 * Small helpers the simulators share: Jakarta time, its formats, rupiah, a write that hands back
 * what it wrote, and the frame of their pages.
 */
final class SandboxSupport {

    static final ZoneId WIB = Wib.ZONE;
    /** The contract's timestamp format ({@code yyyy-MM-dd HH:mm:ss}, WIB). */
    static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    /** Finnet's timestamp format ({@code dd-MM-yyyy HH:mm:ss}, WIB). */
    static final DateTimeFormatter FINNET_TIME = DateTimeFormatter.ofPattern("dd-MM-yyyy HH:mm:ss");

    /** Where the pages' style sheet is served from ({@code classpath:/sandbox/assets/}), while the sandbox is on. */
    static final String ASSETS = "/sandbox/assets";
    /** The pages' Content-Security-Policy: their own style sheet, no script, no framing, forms posted anywhere they lead. */
    static final String PAGE_POLICY = "default-src 'none'; style-src 'self'; base-uri 'none'; frame-ancestors 'none'";

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

    static String rupiah(long amount) {
        return "Rp " + NumberFormat.getIntegerInstance(Locale.forLanguageTag("id-ID")).format(amount);
    }

    static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }

    /**
     * A simulator page: the Thymeleaf template {@code view} (under {@code templates/}, framed by
     * {@code sandbox/layout.html}) with {@code model}, never cached, and a policy that lets it load
     * nothing but the sandbox's style sheet.
     */
    static ModelAndView page(HttpServletResponse response, HttpStatus status, String view, Map<String, ?> model) {
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        response.setHeader("Content-Security-Policy", PAGE_POLICY);
        return new ModelAndView(view, model, status);
    }
}
