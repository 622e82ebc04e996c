package id.loket.ops;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import id.loket.api.Throttle;
import id.loket.config.HubProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Operators' logins: the audit trail's {@code LOGIN} and {@code LOGOUT} entries, and the throttle of
 * failed logins per client address ({@code hub.security.auth-failures-per-minute}, as the Mitra
 * API's, but counted apart from it: an office of operators mistyping passwords does not lock a
 * merchant's server out, nor the other way round).
 *
 * <p>A form login is audited every time; an HTTP Basic one (a script calls the API with the same
 * credentials on every request) once per operator and client address in {@link #BASIC_AUDIT_EVERY}.
 */
@Component
public class OpsLogins {

    /** How long a successful HTTP Basic login of the same operator from the same address is not audited again. */
    public static final Duration BASIC_AUDIT_EVERY = Duration.ofMinutes(15);

    private final AuditTrail audit;
    private final Throttle failures;
    private final Counter failed;
    private final Cache<String, Boolean> basicSeen = Caffeine.newBuilder()
            .maximumSize(10_000)
            .expireAfterWrite(BASIC_AUDIT_EVERY)
            .build();

    public OpsLogins(AuditTrail audit, HubProperties props, Clock clock, MeterRegistry meters) {
        this.audit = audit;
        this.failures = new Throttle(props, clock);
        this.failed = Counter.builder("loket.ops.login.failures")
                .description("Failed operator logins (HTTP Basic and the console's form)")
                .register(meters);
    }

    /** Whether the address failed too often this minute: its attempts are not even checked. */
    public boolean blocked(String client) {
        return failures.blocked(client);
    }

    /** A wrong name or password, by HTTP Basic or the login form. */
    @EventListener
    public void failed(AbstractAuthenticationFailureEvent event) {
        Authentication tried = event.getAuthentication();
        String client = tried.getDetails() instanceof WebAuthenticationDetails d ? d.getRemoteAddress() : null;
        failed.increment();
        if (client != null) {
            failures.failed(client);
        }
        String name = tried.getName();
        audit.record(name == null ? "" : name, "LOGIN", null, null, null,
                via() + ": " + event.getException().getMessage(), "FAILED", client);
    }

    /** Which door the failed login came through: the console's form, or the API's HTTP Basic. */
    private static String via() {
        return RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes r
                && "/ops/login".equals(r.getRequest().getServletPath()) ? "console" : "HTTP Basic";
    }

    public void formLogin(String name, String client) {
        audit.record(name, "LOGIN", null, null, null, "console", "OK", client);
    }

    public void basicLogin(String name, String client) {
        if (basicSeen.asMap().putIfAbsent(name + "\n" + client, Boolean.TRUE) == null) {
            audit.record(name, "LOGIN", null, null, null, "HTTP Basic (audited once per "
                    + BASIC_AUDIT_EVERY.toMinutes() + " minutes)", "OK", client);
        }
    }

    public void logout(String name, String client) {
        audit.record(name, "LOGOUT", null, null, null, "console", "OK", client);
    }
}
