package id.loket.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.exception.FlywayValidateException;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * A database made by the migrations as they were before the sandbox had its own Flyway location
 * (V2 made the sandbox tables, V5 and V6 changed them) still starts the hub, keeps its sandbox
 * state, and the sandbox works on it again.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=" + SandboxMigrationsMovedTest.STARTED_DB,
        "camel.main.routes-collector-enabled=false",
        "hub.sandbox.enabled=true"})
class SandboxMigrationsMovedTest {

    static final String STARTED_DB = "jdbc:h2:mem:sandbox-moved-start;DB_CLOSE_DELAY=-1";
    /** The hub's migrations as released up to V7, the sandbox's statements still in V2, V5 and V6. */
    static final List<String> RELEASED = List.of("db/migration/V1__orders.sql", "db/released/V2__sandbox.sql",
            "db/migration/V3__background_work.sql", "db/migration/V4__text_widths.sql",
            "db/released/V5__sof_catalogue.sql", "db/released/V6__refunds.sql", "db/migration/V7__order_payments.sql");

    static {
        // Before the context starts: the database as the released hub left it, with a VA payment made.
        JdbcTemplate old = released(STARTED_DB);
        old.update("UPDATE sandbox_counter SET counter_value = 41 WHERE counter_name = 'sof-va'");
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    Flyway flyway;

    /** Migrates a new database with the released migrations and hands it back. */
    static JdbcTemplate released(String url) {
        try {
            Path dir = Files.createTempDirectory("loket-released-migrations");
            for (String script : RELEASED) {
                try (InputStream in = SandboxMigrationsMovedTest.class.getClassLoader().getResourceAsStream(script)) {
                    Files.copy(in, dir.resolve(Path.of(script).getFileName()));
                }
            }
            DriverManagerDataSource ds = new DriverManagerDataSource(url, "sa", "");
            Flyway.configure().dataSource(ds).locations("filesystem:" + dir).load().migrate();
            return new JdbcTemplate(ds);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The hub's own Flyway as Spring Boot configures it from config/application.yaml. */
    static Flyway hubFlyway(String url) {
        return Flyway.configure().dataSource(new DriverManagerDataSource(url, "sa", "")).locations("classpath:db/migration").load();
    }

    // Flyway's tables on H2 have quoted lower-case names.

    @Test
    void theHubStartsOnAReleasedDatabaseAndItsSandboxGoesOn() throws Exception {
        // The history is repaired: V2 deleted, V5 and V6 with today's checksums; it validates as it is now.
        flyway.validate();
        assertThat(jdbc.queryForObject("SELECT \"type\" FROM \"flyway_schema_history\" WHERE \"version\" = '2' AND \"type\" = 'DELETE'",
                String.class)).isEqualTo("DELETE");
        assertThat(jdbc.queryForList("SELECT \"version\" FROM \"flyway_sandbox_history\" WHERE \"success\" AND \"type\" = 'SQL'",
                String.class)).containsExactly("1");
        // The sandbox's state survived: the provider's next VA number follows the one it had handed out.
        HttpResponse<String> created = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/sandbox/sof/va/payments"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"reference\":\"LKT-MOVED-1\",\"type\":\"vabca\",\"amount\":15000}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).isEqualTo(200);
        JsonNode payment = new ObjectMapper().readTree(created.body());
        assertThat(payment.path("paymentCode").asText()).isEqualTo("3901000000000042");
    }

    @Test
    void aReleasedDatabaseStartsWithTheSandboxOffAndKeepsItsTables() {
        String url = "jdbc:h2:mem:sandbox-moved-off;DB_CLOSE_DELAY=-1";
        JdbcTemplate db = released(url);
        Flyway hub = hubFlyway(url);
        assertThat(SandboxMigrationsMoved.madeBeforeTheMove(hub)).isTrue();
        new SandboxMigrationsMoved().migrate(hub);
        hub.validate();
        assertThat(SandboxMigrationsMoved.madeBeforeTheMove(hub)).isFalse();
        assertThat(db.queryForObject("SELECT COUNT(*) FROM sandbox_counter", Integer.class)).isEqualTo(9);
    }

    @Test
    void anyOtherDifferenceStillFailsValidation() {
        String url = "jdbc:h2:mem:sandbox-moved-tampered;DB_CLOSE_DELAY=-1";
        JdbcTemplate db = released(url);
        db.update("UPDATE \"flyway_schema_history\" SET \"checksum\" = \"checksum\" + 1 WHERE \"version\" = '3'");
        Flyway hub = hubFlyway(url);
        assertThat(SandboxMigrationsMoved.madeBeforeTheMove(hub)).isFalse();
        assertThatThrownBy(() -> new SandboxMigrationsMoved().migrate(hub)).isInstanceOf(FlywayValidateException.class);
    }

    @Test
    void aNewDatabaseIsMigratedWithoutRepairAndGetsNoSandboxTable() {
        String url = "jdbc:h2:mem:sandbox-moved-new;DB_CLOSE_DELAY=-1";
        Flyway hub = hubFlyway(url);
        assertThat(SandboxMigrationsMoved.madeBeforeTheMove(hub)).isFalse();
        new SandboxMigrationsMoved().migrate(hub);
        assertThat(new JdbcTemplate(new DriverManagerDataSource(url, "sa", "")).queryForList(
                "SELECT LOWER(table_name) FROM information_schema.tables WHERE table_schema = CURRENT_SCHEMA",
                String.class)).contains("payment_order").noneMatch(t -> t.startsWith("sandbox"));
    }
}
