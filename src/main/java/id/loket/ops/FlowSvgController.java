package id.loket.ops;

import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The flow diagram as an image: {@code GET /ops/flow.svg} for the console (its session login) and
 * {@code GET /ops/api/flow.svg} for scripts (HTTP Basic). Nothing in it loads or runs anything.
 */
@Controller
public class FlowSvgController {

    static final MediaType SVG = new MediaType("image", "svg+xml", java.nio.charset.StandardCharsets.UTF_8);

    private final FlowDiagram diagram;

    public FlowSvgController(FlowDiagram diagram) {
        this.diagram = diagram;
    }

    @GetMapping({"/ops/flow.svg", "/ops/api/flow.svg"})
    public ResponseEntity<String> flow() {
        return ResponseEntity.ok()
                .contentType(SVG)
                .cacheControl(CacheControl.noStore())
                .header("Content-Security-Policy", "default-src 'none'")
                .header("X-Content-Type-Options", "nosniff")
                .body(diagram.svg());
    }
}
