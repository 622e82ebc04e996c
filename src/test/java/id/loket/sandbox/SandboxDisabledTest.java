package id.loket.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import id.loket.flow.HubClient;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

/** With {@code hub.sandbox.enabled=false} the hub serves no simulator and runs no callback poller. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:sandbox-disabled;DB_CLOSE_DELAY=-1",
        "camel.main.routes-collector-enabled=false",
        "hub.sandbox.enabled=false"})
class SandboxDisabledTest {

    @LocalServerPort
    int port;
    @Autowired
    ApplicationContext context;

    @Test
    void noSimulatorIsServed() throws Exception {
        HubClient http = new HubClient(port);
        assertThat(http.postJson("/sandbox/sof/pay", Map.of("paymentCode", "X")).status()).isEqualTo(404);
        assertThat(http.postJson("/sandbox/biller/finnet", Map.of()).status()).isEqualTo(404);
        assertThat(http.get("/sandbox/mitra/notifications?orderId=X").status()).isEqualTo(404);
        assertThat(context.getBeanNamesForType(SofCallbackSender.class)).isEmpty();
    }
}
