package id.loket.ops;

import java.util.Locale;

/** What an operator may do: {@code viewer} reads, {@code operator} acts and proposes, {@code approver} decides. */
public enum Role {
    VIEWER, OPERATOR, APPROVER;

    /** The configured spelling ({@code viewer}, ...); null for an unknown one. */
    public static Role of(String configured) {
        try {
            return valueOf(configured.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    public String configured() {
        return name().toLowerCase(Locale.ROOT);
    }
}
