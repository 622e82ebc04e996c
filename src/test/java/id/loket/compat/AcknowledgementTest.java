package id.loket.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import id.loket.flow.HubClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Contract section 3, "Delivery": any HTTP 2xx from the Mitra, whatever its body, is a delivered
 * notification (public plugins answer {@code 200 00} or {@code 201 2010000}); any other status is a
 * failed attempt, retried on the schedule (300 ms apart in tests, three retries) until given up.
 */
class AcknowledgementTest extends CompatHub {

    @Autowired
    JdbcTemplate jdbc;

    /** A core-mode plain payment notifying {@code path} of the Mitra endpoint, paid at a VA. */
    String paidOrderNotifying(String path) {
        String orderId = orderId("ACK");
        String request = """
                {"order":{"id":"%s","amount":"25000"},"customer":{"email":"budi@example.com"},
                 "url":{"callbackUrl":"%s"},"sourceOfFunds":{"type":"vabca"}}""".formatted(orderId, MITRA.url(path));
        HubClient.Answer initiated = hub.initiatePlain(request);
        assertThat(initiated.status()).as(initiated.body()).isEqualTo(200);
        assertThat(hub.pay(initiated.json().get("paymentCode").asText(), "SUCCESS").status()).isEqualTo(200);
        return orderId;
    }

    String notificationState(String orderId) {
        List<String> states = jdbc.queryForList("SELECT n.state FROM notification n JOIN payment_order o ON o.id = n.order_pk"
                + " WHERE o.order_id = ? AND n.payment_status = 'PAID'", String.class, orderId);
        return states.isEmpty() ? null : states.get(0);
    }

    /** Waits until the notification is delivered or given up, and says which. */
    String awaitSettled(String orderId) {
        return await().atMost(Duration.ofSeconds(60))
                .until(() -> notificationState(orderId), s -> "DELIVERED".equals(s) || "GAVE_UP".equals(s));
    }

    List<Map<String, Object>> attempts(String orderId) {
        return jdbc.queryForList("SELECT a.http_status, a.outcome FROM notification_attempt a"
                + " JOIN notification n ON n.id = a.notification_id JOIN payment_order o ON o.id = n.order_pk"
                + " WHERE o.order_id = ? ORDER BY a.id", orderId);
    }

    static int status(Map<String, Object> attempt) {
        return ((Number) attempt.get("http_status")).intValue();
    }

    @ParameterizedTest(name = "{1} {2}")
    @CsvSource(nullValues = "none", value = {
            "/ack-woocommerce, 200, 00",
            "/ack-laravel, 201, 2010000",
            "/ack-no-content, 204, none",
            "/ack-refusing-body, 200, '{\"responseCode\":\"4000001\",\"responseMessage\":\"Invalid\"}'",
            "/ack-documented, 200, '{\"responseCode\":\"2000000\",\"responseMessage\":\"Success\"}'"})
    void anyTwoHundredAnswerIsDeliveredExactlyOnce(String path, int status, String body) {
        MITRA.answer(path, status, body);
        String orderId = paidOrderNotifying(path);

        assertThat(awaitSettled(orderId)).isEqualTo("DELIVERED");
        assertThat(MITRA.forOrder(orderId)).hasSize(1);
        assertThat(attempts(orderId)).singleElement().satisfies(a -> {
            assertThat(status(a)).isEqualTo(status);
            assertThat(a.get("outcome")).isEqualTo("DELIVERED");
        });
        // delivered is final: nothing is due any more, no poller sends it again
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM notification n JOIN payment_order o ON o.id = n.order_pk"
                + " WHERE o.order_id = ? AND n.next_attempt_at IS NOT NULL", Integer.class, orderId)).isZero();
        assertThat(hub.statusOf(orderId)).isEqualTo("PAID");
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(nullValues = "none", value = {
            "/ack-redirect, 302, none",
            "/ack-bad-request, 400, '{\"responseCode\":\"4000001\"}'",
            "/ack-server-error, 500, oops",
            "/ack-unavailable, 503, '{\"responseCode\":\"2000000\"}'"})
    void anyOtherAnswerIsAFailedAttemptRetriedUntilGivenUp(String path, int status, String body) {
        MITRA.answer(path, status, body);
        String orderId = paidOrderNotifying(path);

        assertThat(awaitSettled(orderId)).isEqualTo("GAVE_UP");
        // the first attempt and the three retries of the test schedule, each refused
        assertThat(MITRA.forOrder(orderId)).hasSize(4).allSatisfy(r -> assertThat(r.path()).isEqualTo(path));
        assertThat(attempts(orderId)).hasSize(4).allSatisfy(a -> {
            assertThat(status(a)).isEqualTo(status);
            assertThat((String) a.get("outcome")).startsWith("REFUSED");
        });
        // a redirect is never followed
        assertThat(MITRA.received("/moved-here")).noneMatch(r -> orderId.equals(r.orderId()));
        assertThat(hub.statusOf(orderId)).isEqualTo("PAID");
    }
}
