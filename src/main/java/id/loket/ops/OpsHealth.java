package id.loket.ops;

import org.springframework.stereotype.Component;

/** Partners and queues, from the routes' own metrics and the outbox, over the last 5 minutes. */
@Component
public class OpsHealth {

    public Health health() {
        throw new UnsupportedOperationException("not yet");
    }
}
