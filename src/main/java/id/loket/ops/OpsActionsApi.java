package id.loket.ops;

import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The operations API's actions ({@code operations.md}, "Operations API"): resend, biller repeat,
 * resolve and refund on an order; the list of actions; approve and reject. Every action endpoint
 * answers {@code {"action":{...}}}.
 */
@RestController
@RequestMapping(path = "/ops/api", produces = "application/json")
public class OpsActionsApi {

    private final OpsActions actions;

    public OpsActionsApi(OpsActions actions) {
        this.actions = actions;
    }

    /** The body of approve and reject. */
    public record Decision(String comment) {
    }

    @PostMapping("/orders/{merchantId}/{orderId}/resend")
    public Map<String, Object> resend(@PathVariable String merchantId, @PathVariable String orderId, Authentication auth,
                                      HttpServletRequest request) {
        return action(actions.resend(OpsSecurity.operator(auth, request), merchantId, orderId));
    }

    @PostMapping("/orders/{merchantId}/{orderId}/retry-biller")
    public Map<String, Object> retryBiller(@PathVariable String merchantId, @PathVariable String orderId,
                                           Authentication auth, HttpServletRequest request) {
        return action(actions.retryBiller(OpsSecurity.operator(auth, request), merchantId, orderId));
    }

    @PostMapping("/orders/{merchantId}/{orderId}/resolve")
    public ResponseEntity<Map<String, Object>> resolve(@PathVariable String merchantId, @PathVariable String orderId,
                                                       @RequestBody(required = false) ResolveRequest body,
                                                       Authentication auth, HttpServletRequest request) {
        return ResponseEntity.status(202).body(action(actions.resolve(OpsSecurity.operator(auth, request), merchantId,
                orderId, body)));
    }

    @PostMapping("/orders/{merchantId}/{orderId}/refund")
    public ResponseEntity<Map<String, Object>> refund(@PathVariable String merchantId, @PathVariable String orderId,
                                                      @RequestBody(required = false) RefundProposal body,
                                                      Authentication auth, HttpServletRequest request) {
        return ResponseEntity.status(202).body(action(actions.refund(OpsSecurity.operator(auth, request), merchantId,
                orderId, body)));
    }

    @GetMapping("/actions")
    public Map<String, Object> list(@RequestParam(required = false) String state,
                                    @RequestParam(required = false) Integer limit,
                                    @RequestParam(required = false) String after) {
        Page<OpsAction> page = actions.page(state, Page.limit(limit), after);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("actions", page.items());
        if (page.next() != null) {
            m.put("next", page.next());
        }
        return m;
    }

    @PostMapping("/actions/{id}/approve")
    public Map<String, Object> approve(@PathVariable long id, @RequestBody(required = false) Decision body,
                                       Authentication auth, HttpServletRequest request) {
        return action(actions.approve(OpsSecurity.operator(auth, request), id, body == null ? null : body.comment()));
    }

    @PostMapping("/actions/{id}/reject")
    public Map<String, Object> reject(@PathVariable long id, @RequestBody(required = false) Decision body,
                                      Authentication auth, HttpServletRequest request) {
        return action(actions.reject(OpsSecurity.operator(auth, request), id, body == null ? null : body.comment()));
    }

    /** An approval whose effect did not happen: 409 with the FAILED action and why. */
    @ExceptionHandler(OpsActions.Failed.class)
    public ResponseEntity<Map<String, Object>> failed(OpsActions.Failed e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("action", e.action());
        m.put("error", e.error());
        m.put("message", e.getMessage());
        return ResponseEntity.status(e.status()).body(m);
    }

    private static Map<String, Object> action(OpsAction a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("action", a);
        return m;
    }
}
