package id.loket.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import id.loket.config.Wib;
import id.loket.flow.HubClient;
import id.loket.flow.HubClient.Answer;
import id.loket.flow.HubTestSupport;
import id.loket.flow.SharedHubTest;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The audit trail over its API ({@code GET /ops/api/audit}): newest first, a page at a time with
 * {@code next}, from a WIB day; its refusals; and, on PostgreSQL, that the database itself refuses to
 * change or remove an entry.
 */
class OpsAuditTest extends SharedHubTest {

    final HubClient hub = new HubClient(PORT);

    @Autowired
    JdbcTemplate jdbc;

    Answer audit(String query) {
        return hub.get("/ops/api/audit" + query, "lead", "lead-secret");
    }

    static void assertBadRequest(Answer a, String field) {
        assertThat(a.status()).as(a.toString()).isEqualTo(400);
        assertThat(a.header("Content-Type")).startsWith("application/json");
        assertThat(a.json().path("error").asText()).isEqualTo("bad_request");
        assertThat(a.json().path("message").asText()).as(a.toString()).startsWith(field + ":");
    }

    /** Failed logins under names of this test's own, oldest first. */
    List<String> failedLogins(int n) {
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String name = "pager-" + run + "-" + i;
            assertThat(hub.get("/ops/api/health", name, "wrong").status()).isEqualTo(401);
            names.add(name);
        }
        return names;
    }

    @Test
    void theTrailIsPagedNewestFirstWithNext() {
        List<String> names = failedLogins(7);
        List<JsonNode> mine = new ArrayList<>();
        Set<String> cursors = new HashSet<>();
        String after = null;
        int pages = 0;
        // follow next until this test's oldest entry has been seen
        while (mine.size() < names.size()) {
            Answer page = audit("?limit=3" + (after == null ? "" : "&after=" + after));
            assertThat(page.status()).as(page.toString()).isEqualTo(200);
            assertThat(page.header("Cache-Control")).isEqualTo("no-store");
            JsonNode entries = page.json().path("entries");
            assertThat(entries.size()).isBetween(1, 3);
            entries.forEach(e -> {
                if (names.contains(e.path("actor").asText())) {
                    mine.add(e);
                }
            });
            pages++;
            if (mine.size() < names.size()) {
                assertThat(page.json().path("next").isTextual()).as(page.toString()).isTrue();
                after = page.json().path("next").asText();
                assertThat(cursors.add(after)).as("a new cursor on every page").isTrue();
            }
            assertThat(pages).as("pages read").isLessThan(50);
        }
        assertThat(pages).isGreaterThanOrEqualTo(3);
        // newest first: the last failed login comes first
        List<String> seen = mine.stream().map(e -> e.path("actor").asText()).toList();
        List<String> newestFirst = new ArrayList<>(names);
        java.util.Collections.reverse(newestFirst);
        assertThat(seen).isEqualTo(newestFirst);
        JsonNode first = mine.get(0);
        assertThat(first.path("action").asText()).isEqualTo("LOGIN");
        assertThat(first.path("outcome").asText()).isEqualTo("FAILED");
        assertThat(first.path("clientAddress").asText()).isIn("127.0.0.1", "0:0:0:0:0:0:0:1");
        assertThat(first.has("merchantId")).isTrue();
        assertThat(first.has("id")).as("the row id is no member").isFalse();
        // WIB with its offset, recent
        OffsetDateTime at = OffsetDateTime.parse(first.path("at").asText());
        assertThat(first.path("at").asText()).endsWith("+07:00");
        assertThat(at.toInstant()).isBetween(Instant.now().minusSeconds(120), Instant.now().plusSeconds(5));

        // a page that holds everything has no next
        Answer all = audit("?limit=200&from=" + LocalDate.now(Wib.ZONE));
        if (all.json().path("entries").size() < 200) {
            assertThat(all.json().has("next")).as(all.toString()).isFalse();
        }
        assertThat(all.json().path("entries").findValuesAsText("actor")).containsAll(names);
    }

    @Test
    void fromIsAWibDay() {
        List<String> names = failedLogins(1);
        LocalDate today = LocalDate.now(Wib.ZONE);
        assertThat(audit("?limit=200&from=" + today).json().path("entries").findValuesAsText("actor")).contains(names.get(0));
        Answer tomorrow = audit("?from=" + today.plusDays(1));
        assertThat(tomorrow.status()).isEqualTo(200);
        assertThat(tomorrow.json().path("entries").size()).isZero();
        assertThat(tomorrow.json().has("next")).isFalse();
    }

    @Test
    void unknownPathsMethodsAndMediaTypesAnswerTheOperationsErrorShape() {
        Answer unknown = hub.get("/ops/api/no-such-thing", "lead", "lead-secret");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().path("error").asText()).isEqualTo("not_found");
        assertThat(unknown.json().path("message").asText()).contains("/ops/api/no-such-thing");
        assertThat(unknown.json().size()).as(unknown.toString()).isEqualTo(2);

        Answer method = hub.send(HttpRequest.newBuilder(URI.create("http://localhost:" + PORT + "/ops/api/audit"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("lead:lead-secret".getBytes()))
                .DELETE());
        assertThat(method.status()).isEqualTo(405);
        assertThat(method.json().path("error").asText()).isEqualTo("method_not_allowed");

        Answer media = hub.send(HttpRequest.newBuilder(URI.create("http://localhost:" + PORT
                        + "/ops/api/orders/FINPAY770/no-such-order/resolve"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("ops:ops-secret".getBytes()))
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("PAID")));
        assertThat(media.status()).isEqualTo(415);
        assertThat(media.json().path("error").asText()).isEqualTo("unsupported_media_type");
        assertThat(media.header("Cache-Control")).contains("no-store");
    }

    @Test
    void badParametersAre400NamingTheField() {
        assertBadRequest(audit("?from=2026-13-01"), "from");
        assertBadRequest(audit("?from=03-12-2026"), "from");
        assertBadRequest(audit("?limit=0"), "limit");
        assertBadRequest(audit("?limit=201"), "limit");
        assertBadRequest(audit("?limit=ten"), "limit");
        assertBadRequest(audit("?after=!!"), "after");
        assertBadRequest(audit("?after=" + Page.cursor("not-a-number")), "after");
    }

    @Test
    void theDatabaseRefusesToChangeOrRemoveAnEntry() {
        String name = failedLogins(1).get(0);
        Long id = jdbc.queryForObject("SELECT id FROM ops_audit WHERE actor = ?", Long.class, name);
        assertThatThrownBy(() -> jdbc.update("UPDATE ops_audit SET actor = 'someone-else' WHERE id = ?", id))
                .isInstanceOf(DataIntegrityViolationException.class).rootCause().hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.update("UPDATE ops_audit SET outcome = 'OK'"))
                .isInstanceOf(DataIntegrityViolationException.class).rootCause().hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.update("DELETE FROM ops_audit WHERE id = ?", id))
                .isInstanceOf(DataIntegrityViolationException.class).rootCause().hasMessageContaining("append-only");
        if (HubTestSupport.onPostgres()) {
            // H2 runs no trigger on TRUNCATE; PostgreSQL's statement trigger refuses it
            assertThatThrownBy(() -> jdbc.execute("TRUNCATE ops_audit"))
                    .isInstanceOf(DataIntegrityViolationException.class).rootCause().hasMessageContaining("append-only");
        }
        // the entry is as it was, and the trail still takes new ones
        assertThat(jdbc.queryForObject("SELECT actor || '/' || outcome FROM ops_audit WHERE id = ?", String.class, id))
                .isEqualTo(name + "/FAILED");
        String next = failedLogins(1).get(0);
        assertThat(audit("?limit=5").json().path("entries").findValuesAsText("actor")).contains(next);
    }
}
