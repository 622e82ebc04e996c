package id.loket.ops;

import java.util.Set;

/**
 * The person behind an operations request: their name, their roles, and the client address the
 * request came from (kept in the audit trail).
 */
public record Operator(String name, Set<Role> roles, String clientAddress) {

    public boolean has(Role role) {
        return roles.contains(role);
    }

    /** A 403 unless the operator has {@code role}. */
    public void require(Role role) {
        if (!has(role)) {
            throw OpsError.forbidden(name + " does not have the role " + role.configured());
        }
    }
}
