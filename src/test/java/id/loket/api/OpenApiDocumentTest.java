package id.loket.api;

import static org.assertj.core.api.Assertions.assertThat;

import id.loket.flow.HubClient;
import id.loket.flow.HubTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class OpenApiDocumentTest {

    static final int PORT = HubTestSupport.freePort();
    final HubClient hub = new HubClient(PORT);

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        HubTestSupport.register(registry, "openapidoc", PORT);
    }

    @Test
    void dump() throws Exception {
        HubClient.Answer doc = hub.get("/api-doc", null, null);
        java.nio.file.Files.writeString(java.nio.file.Path.of("/tmp/openapi-doc.json"), doc.body());
        System.out.println("STATUS " + doc.status() + " " + doc.raw().headers().map());
        assertThat(doc.status()).isEqualTo(200);
    }
}
