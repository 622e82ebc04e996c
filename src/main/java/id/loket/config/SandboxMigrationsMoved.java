package id.loket.config;

import java.util.EnumSet;
import java.util.Set;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.CoreErrorCode;
import org.flywaydb.core.api.ErrorCode;
import org.flywaydb.core.api.output.ValidateOutput;
import org.flywaydb.core.api.output.ValidateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.flyway.FlywayMigrationStrategy;
import org.springframework.stereotype.Component;

/**
 * The hub's Flyway migration, for databases made before the sandbox had its own Flyway location.
 *
 * <p>The sandbox's tables used to come from the hub's own migrations: all of {@code V2__sandbox},
 * and some statements of {@code V5} and {@code V6}. Now V2 is gone from {@code db/migration} and
 * V5 and V6 lost those statements, so that a production database never gets a sandbox table; the
 * sandbox, when it is on, makes its tables from {@code db/sandbox} with a history of its own. A
 * database that applied the former V2, V5 and V6 would fail Flyway's validation (a migration
 * missing, two checksums changed) and the hub would not start. Such a database, and only one whose
 * sole differences from the migrations are these three versions, has its history repaired once
 * (V2 marked deleted, V5 and V6 given today's checksums) before the migration. Its sandbox tables
 * stay as they are: the sandbox uses them again when it is on (its migration keeps what exists),
 * and they can be dropped by hand when it is not. Any other difference fails validation as before.
 */
@Component
class SandboxMigrationsMoved implements FlywayMigrationStrategy {

    private static final Logger log = LoggerFactory.getLogger(SandboxMigrationsMoved.class);
    /** The versions whose sandbox statements moved to {@code db/sandbox}. */
    static final Set<String> MOVED = Set.of("2", "5", "6");
    private static final Set<CoreErrorCode> MOVED_ERRORS = EnumSet.of(CoreErrorCode.CHECKSUM_MISMATCH,
            CoreErrorCode.APPLIED_VERSIONED_MIGRATION_NOT_RESOLVED);

    @Override
    public void migrate(Flyway flyway) {
        if (madeBeforeTheMove(flyway)) {
            log.info("Flyway history made before the sandbox had its own migrations: V2 marked deleted, V5 and V6"
                    + " checksums updated; the sandbox tables are left as they are");
            flyway.repair();
        }
        flyway.migrate();
    }

    /** Whether the history's only differences from the migrations are versions 2, 5 and 6 as they were. */
    static boolean madeBeforeTheMove(Flyway flyway) {
        // Migrations not applied yet are no difference here: migrate applies them.
        ValidateResult result = Flyway.configure().configuration(flyway.getConfiguration())
                .ignoreMigrationPatterns("*:pending").load().validateWithResult();
        return !result.validationSuccessful && !result.invalidMigrations.isEmpty()
                && result.invalidMigrations.stream().allMatch(SandboxMigrationsMoved::moved);
    }

    private static boolean moved(ValidateOutput invalid) {
        ErrorCode code = invalid.errorDetails == null ? null : invalid.errorDetails.errorCode;
        return MOVED.contains(invalid.version) && code instanceof CoreErrorCode c && MOVED_ERRORS.contains(c);
    }
}
