package id.loket.flow;

import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The hub shared by the tests that let orders expire: an order's {@code timeout} counts seconds
 * instead of minutes, and {@code /actuator/prometheus} is served. Its own port and database, beside
 * {@link SharedHubTest}'s; the same rules for what a test may assume about the rows it finds.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT, properties = "hub.order.timeout-unit=1s")
@AutoConfigureObservability
public abstract class ExpiringHubTest {

    public static final int PORT = HubTestSupport.freePort();

    @DynamicPropertySource
    static void expiringHub(DynamicPropertyRegistry registry) {
        HubTestSupport.register(registry, "expiring", PORT);
    }
}
