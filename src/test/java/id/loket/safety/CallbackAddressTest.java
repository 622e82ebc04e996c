package id.loket.safety;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import id.loket.merchant.CallbackAddressPolicy;
import id.loket.flow.HubClient;
import id.loket.flow.SharedHubTest;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A callback URL whose host name passes the textual check at initiate but resolves to an internal
 * address when the notification is sent: the sender checks the resolved address and refuses.
 */
class CallbackAddressTest extends SharedHubTest {

    final HubClient hub = new HubClient(PORT);

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aHostNameThatResolvesInsideTheNetworkIsRefusedWhenSending() throws Exception {
        // This machine's own name resolves to a loopback or private address (checked, not assumed).
        String name = InetAddress.getLocalHost().getHostName();
        assertThat(CallbackAddressPolicy.isPublicHost(name)).as("a plain host name passes the textual check").isTrue();
        assertThat(InetAddress.getAllByName(name)).anySatisfy(a ->
                assertThat(CallbackAddressPolicy.isPublicHost(a.getHostAddress())).isFalse());

        AtomicInteger calls = new AtomicInteger();
        HttpServer receiver = HttpServer.create(new InetSocketAddress(0), 0);
        receiver.createContext("/cb", ex -> {
            calls.incrementAndGet();
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        receiver.start();
        try {
            String orderId = "ADDR-" + System.currentTimeMillis() % 100000;
            HubClient.Answer init = hub.post("/sof/bp/paymentCard", """
                    {"order":{"id":"%s"},"customer":{"email":"budi@example.com"},
                     "url":{"callbackUrl":"http://%s:%d/cb"},
                     "billing":{"billerServiceProvider":{"id":"050017","customerId":"7300012345"}},
                     "sourceOfFunds":{"type":"vabca"}}""".formatted(orderId, name, receiver.getAddress().getPort()),
                    "OPEN01", "open-merchant-key");
            assertThat(init.status()).as(init.body()).isEqualTo(200);
            hub.pay(init.json().get("paymentCode").asText(), "SUCCESS");

            List<String> outcomes = HubClient.await(() -> {
                List<String> o = jdbc.queryForList("SELECT a.outcome FROM notification_attempt a JOIN notification n"
                        + " ON n.id = a.notification_id JOIN payment_order p ON p.id = n.order_pk WHERE p.order_id = ?",
                        String.class, orderId);
                return o.isEmpty() ? null : o;
            }, "a notification attempt");
            assertThat(outcomes.get(0)).startsWith("REFUSED_ADDRESS");
            HubClient.stays("no call at the refused address", Duration.ofMillis(1500), () -> calls.get() == 0);
        } finally {
            receiver.stop(0);
        }
    }
}
