package id.loket.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import id.loket.flow.HubClient;
import id.loket.flow.HubClient.Answer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;

/** What the security tests check again and again: the response envelope, and what the database holds. */
final class SecurityChecks {

    static final ObjectMapper JSON = new ObjectMapper();

    /** Every response code of the contract's table (section 1). */
    static final Set<String> CONTRACT_CODES = Set.of("2000000", "4000001", "4000002", "4010000", "4030001", "4030015",
            "4040001", "4040002", "4040100", "4090001", "4090002", "4130000", "4290000", "5000000", "5040000");

    private SecurityChecks() {
    }

    static String basic(String merchant, String key) {
        return "Basic " + Base64.getEncoder().encodeToString((merchant + ":" + key).getBytes(StandardCharsets.UTF_8));
    }

    /** A request with any Authorization header value (or none). */
    static Answer request(HubClient hub, String method, String path, String authorization, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(hub.base() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return hub.send(b);
    }

    /**
     * The contract's envelope (section 1): the exact 7-digit code, the HTTP status of its first
     * three digits, a message, a numeric processing time and a trace id.
     */
    static JsonNode assertEnvelope(Answer a, String code) {
        JsonNode j;
        try {
            j = JSON.readTree(a.body());
        } catch (Exception e) {
            throw new AssertionError("not JSON (HTTP " + a.status() + "): " + a.body(), e);
        }
        assertThat(j).as(a.body()).isNotNull();
        assertThat(j.isObject()).as(a.body()).isTrue();
        assertThat(j.path("responseCode").isTextual()).as(a.body()).isTrue();
        assertThat(j.get("responseCode").asText()).as(a.body()).isEqualTo(code);
        assertThat(a.status()).as(a.body()).isEqualTo(Integer.parseInt(code.substring(0, 3)));
        assertThat(j.path("responseMessage").isTextual()).as(a.body()).isTrue();
        assertThat(j.get("responseMessage").asText()).as(a.body()).isNotBlank();
        assertThat(j.path("processingTime").isNumber()).as(a.body()).isTrue();
        assertThat(j.path("traceId").isTextual()).as(a.body()).isTrue();
        assertThat(j.get("traceId").asText()).as(a.body()).isNotBlank();
        return j;
    }

    /** A refusal naming the offending field in its message. */
    static JsonNode assertRefused(Answer a, String code, String field) {
        JsonNode j = assertEnvelope(a, code);
        assertThat(j.get("responseMessage").asText()).as(a.body()).contains(field);
        return j;
    }

    /** The body without what differs on every answer (trace id, processing time). */
    static String stable(Answer a) {
        JsonNode j;
        try {
            j = JSON.readTree(a.body());
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + a.body(), e);
        }
        ((ObjectNode) j).remove(List.of("traceId", "processingTime"));
        return a.status() + " " + j;
    }

    /**
     * Every text column of every table of the application's schema, found through JDBC metadata,
     * whose value in some row contains {@code needle}; as {@code table.column}.
     */
    static List<String> textColumnsContaining(DataSource ds, String needle) throws Exception {
        List<String> hits = new ArrayList<>();
        try (Connection c = ds.getConnection()) {
            DatabaseMetaData md = c.getMetaData();
            String schema = c.getSchema();
            List<String[]> columns = new ArrayList<>();
            try (ResultSet tables = md.getTables(c.getCatalog(), schema, "%", null)) {
                while (tables.next()) {
                    String type = tables.getString("TABLE_TYPE");
                    if (!"TABLE".equals(type) && !"BASE TABLE".equals(type)) {
                        continue;
                    }
                    String table = tables.getString("TABLE_NAME");
                    try (ResultSet cols = md.getColumns(c.getCatalog(), schema, table, "%")) {
                        while (cols.next()) {
                            int t = cols.getInt("DATA_TYPE");
                            if (t == Types.VARCHAR || t == Types.CHAR || t == Types.LONGVARCHAR || t == Types.CLOB
                                    || t == Types.NVARCHAR || t == Types.NCHAR || t == Types.LONGNVARCHAR || t == Types.NCLOB) {
                                columns.add(new String[] {table, cols.getString("COLUMN_NAME")});
                            }
                        }
                    }
                }
            }
            assertThat(columns).as("text columns found through JDBC metadata")
                    .extracting(col -> col[0].toLowerCase(java.util.Locale.ROOT))
                    .contains("payment_order", "order_event", "notification", "notification_attempt");
            try (Statement st = c.createStatement()) {
                for (String[] col : columns) {
                    try (ResultSet rs = st.executeQuery("SELECT \"" + col[1] + "\" FROM \"" + col[0] + "\"")) {
                        while (rs.next()) {
                            String v = rs.getString(1);
                            if (v != null && v.contains(needle)) {
                                hits.add(col[0] + "." + col[1]);
                                break;
                            }
                        }
                    }
                }
            }
        }
        return hits;
    }
}
