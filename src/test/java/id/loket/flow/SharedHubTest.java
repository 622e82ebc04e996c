package id.loket.flow;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The hub that the black-box tests share: one Spring context, one port, one database, started once
 * for every test class that extends this (Spring's test context cache keys it on the same
 * properties). Such a test finds its own rows by its own order ids and bill numbers, and leaves the
 * hub as other tests need it; a test that needs other settings, or changes what every client sees
 * (a blocked address, a dead partner), keeps a context of its own with {@link HubTestSupport}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
public abstract class SharedHubTest {

    public static final int PORT = HubTestSupport.freePort();

    @DynamicPropertySource
    static void sharedHub(DynamicPropertyRegistry registry) {
        HubTestSupport.register(registry, "shared", PORT);
        // Tests here send refusals on purpose; only AuthFailureThrottleTest counts them, in its own context.
        registry.add("hub.security.auth-failures-per-minute", () -> "1000000");
        // A provider that holds a refund unanswered is given up on after this long: 5040000 (RefundScenariosTest).
        registry.add("hub.sof.timeout", () -> "5s");
        registry.add("hub.sandbox.sof.refund-no-answer-hold", () -> "15s");
        merchant(registry, "OTHER02", "other-refund-key", "localhost");
        // SofCatalogueTest: a merchant that enabled two SOF types only
        merchant(registry, "CATLG01", "catalogue-key", "localhost");
        registry.add("hub.merchants.CATLG01.sof-types", () -> "vabjb,kredivo");
        // CallbackAddressTest: a merchant that lists no callback host, so only public addresses are allowed
        merchant(registry, "OPEN01", "open-merchant-key", "");
    }

    private static void merchant(DynamicPropertyRegistry registry, String id, String key, String callbackHosts) {
        registry.add("hub.merchants." + id + ".key", () -> key);
        registry.add("hub.merchants." + id + ".rate-limit", () -> HubTestSupport.UNLIMITED);
        registry.add("hub.merchants." + id + ".callback-hosts", () -> callbackHosts);
    }
}
