package id.loket.ops;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.OffsetDateTime;

/**
 * One row of the audit trail.
 *
 * @param action  LOGIN, LOGOUT, PROPOSE, APPROVE, REJECT, RESEND, RETRY_BILLER, RESOLVE
 * @param outcome OK, FAILED, REFUSED
 */
public record AuditEntry(@JsonIgnore long id, OffsetDateTime at, String actor, String action, String merchantId,
                         String orderId, String detail, String outcome, String clientAddress) {
}
