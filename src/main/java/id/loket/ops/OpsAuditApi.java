package id.loket.ops;

import jakarta.servlet.http.HttpServletRequest;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /ops/api/audit}: the audit trail, newest first, a page at a time. */
@RestController
public class OpsAuditApi {

    private final AuditTrail audit;

    public OpsAuditApi(AuditTrail audit) {
        this.audit = audit;
    }

    /**
     * @param from  the first WIB day, {@code yyyy-MM-dd}
     * @param limit 1-200, 50 by default
     * @param after the {@code next} of the page before
     */
    @GetMapping("/ops/api/audit")
    public Map<String, Object> entries(@RequestParam(required = false) String from,
                                       @RequestParam(required = false) Integer limit,
                                       @RequestParam(required = false) String after,
                                       Authentication auth, HttpServletRequest request) {
        OpsSecurity.operator(auth, request).require(Role.VIEWER);
        Page<AuditEntry> page = audit.page(day(from), Page.limit(limit), after == null || after.isEmpty() ? null : after);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("entries", page.items());
        if (page.next() != null) {
            body.put("next", page.next());
        }
        return body;
    }

    private static LocalDate day(String from) {
        if (from == null || from.isEmpty()) {
            return null;
        }
        try {
            return LocalDate.parse(from);
        } catch (DateTimeParseException e) {
            throw OpsError.badRequest("from", "not a date yyyy-MM-dd");
        }
    }
}
