package id.loket.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import id.loket.flow.HubClient;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A production hub: with {@code hub.sandbox.enabled=false} nothing of the sandbox is loaded, its
 * paths are unknown paths of the hub, and the database holds no sandbox table.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:sandbox-disabled;DB_CLOSE_DELAY=-1",
        "camel.main.routes-collector-enabled=false",
        "hub.sandbox.enabled=false"})
class SandboxDisabledTest {

    @LocalServerPort
    int port;
    @Autowired
    ApplicationContext context;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void theSandboxPathsAnswer4040000LikeAnyUnknownPath() throws Exception {
        HubClient http = new HubClient(port);
        List<HubClient.Answer> answers = List.of(
                http.postJson("/sandbox/sof/pay", Map.of("paymentCode", "X")),
                http.postJson("/sandbox/sof/va/payments", Map.of("reference", "R", "type", "vabca", "amount", 1)),
                http.postJson("/sandbox/biller/finnet", Map.of()),
                http.get("/sandbox/mitra/notifications?orderId=X"),
                http.get("/sandbox/sof/card/page/CC000000000001"),
                http.get("/sandbox/assets/sandbox.css"));
        for (HubClient.Answer a : answers) {
            assertThat(a.status()).as(a.raw().uri().toString()).isEqualTo(404);
            assertThat(a.json()).as(a.raw().uri().toString()).isNotNull();
            assertThat(a.json().path("responseCode").asText()).as(a.raw().uri().toString()).isEqualTo("4040000");
        }
    }

    @Test
    void noBeanOfTheSandboxExists() {
        List<String> sandboxBeans = Arrays.stream(context.getBeanDefinitionNames())
                .map(context::getType)
                .filter(Objects::nonNull)
                .map(Class::getName)
                .filter(name -> name.startsWith("id.loket.sandbox."))
                .toList();
        assertThat(sandboxBeans).isEmpty();
        // and the hub itself is there
        assertThat(context.getBeanNamesForType(id.loket.order.SofCallbacks.class)).hasSize(1);
    }

    @Test
    void theDatabaseHasNoSandboxTable() {
        List<String> tables = jdbc.queryForList("SELECT LOWER(table_name) FROM information_schema.tables"
                + " WHERE table_schema = CURRENT_SCHEMA", String.class);
        assertThat(tables).contains("payment_order", "order_event", "flyway_schema_history")
                .noneMatch(t -> t.startsWith("sandbox"))
                .doesNotContain("flyway_sandbox_history");
    }
}
