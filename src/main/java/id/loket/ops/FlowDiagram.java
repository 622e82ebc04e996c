package id.loket.ops;

import org.springframework.stereotype.Component;

/**
 * The README's sequence diagram drawn as SVG by the hub, with on every arrow how many orders passed
 * it and how many failed in the last hour, from the routes' own metrics.
 */
@Component
public class FlowDiagram {

    /** The diagram as an SVG document (every text escaped). */
    public String svg() {
        throw new UnsupportedOperationException("not yet");
    }
}
