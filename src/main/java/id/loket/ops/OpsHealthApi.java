package id.loket.ops;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /ops/api/health}: partners, circuit breakers and queues (viewer). */
@RestController
public class OpsHealthApi {

    private final OpsHealth health;

    public OpsHealthApi(OpsHealth health) {
        this.health = health;
    }

    @GetMapping(value = "/ops/api/health", produces = MediaType.APPLICATION_JSON_VALUE)
    public Health health() {
        return health.health();
    }
}
