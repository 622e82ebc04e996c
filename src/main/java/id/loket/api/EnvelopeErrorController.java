package id.loket.api;

import id.loket.order.Refusal;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.web.ServerProperties;
import org.springframework.boot.autoconfigure.web.servlet.error.BasicErrorController;
import org.springframework.boot.autoconfigure.web.servlet.error.ErrorViewResolver;
import org.springframework.boot.web.servlet.error.ErrorAttributes;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.ModelAndView;

/**
 * Where the servlet container sends every error the hub did not answer itself: an unknown path
 * (Spring's 404), a known path with the wrong method (405), a request Tomcat or Spring refused
 * (400, 413, ...), an exception outside a route. On the paths the envelope covers
 * ({@link Envelope#covers}) the answer is the contract's envelope with the code of the status; the
 * page, the sandbox, the API description and actuator keep Spring Boot's own error answers.
 */
@Controller
@RequestMapping("${server.error.path:${error.path:/error}}")
public class EnvelopeErrorController implements ErrorController {

    private final BasicErrorController springDefault;
    /** Whether the sandbox serves {@code /sandbox/**}; when it does not, those are unknown paths (4040000). */
    private final boolean sandboxServed;

    public EnvelopeErrorController(ErrorAttributes attributes, ServerProperties server, List<ErrorViewResolver> resolvers,
                                   @Value("${hub.sandbox.enabled:false}") boolean sandboxServed) {
        this.springDefault = new BasicErrorController(attributes, server.getError(), resolvers);
        this.sandboxServed = sandboxServed;
    }

    @RequestMapping
    public Object error(HttpServletRequest request, HttpServletResponse response) {
        String path = (String) request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        if (path == null && code == null) {
            // asked for directly: the error path is no path of the hub's
            path = request.getRequestURI();
            code = HttpServletResponse.SC_NOT_FOUND;
        }
        int status = code instanceof Integer i ? i : HttpServletResponse.SC_INTERNAL_SERVER_ERROR;
        if (path != null && path.startsWith("/ops/api/")) {
            // the operations API's own error shape (operations.md): {"error":"<word>","message":"<text>"}
            HttpStatus http = HttpStatus.resolve(status);
            String word = http == null ? "error" : http.name().toLowerCase(Locale.ROOT);
            String text = (http == null ? "HTTP " + status : http.getReasonPhrase()) + ": " + request.getMethod() + " " + path;
            return ResponseEntity.status(status)
                    .contentType(MediaType.APPLICATION_JSON)
                    .header(HttpHeaders.CACHE_CONTROL, "no-store")
                    .body(Map.of("error", word, "message", text));
        }
        if (!Envelope.covers(path, sandboxServed)) {
            String accept = request.getHeader(HttpHeaders.ACCEPT);
            if (accept != null && accept.contains(MediaType.TEXT_HTML_VALUE)) {
                return springDefault.errorHtml(request, response);
            }
            return springDefault.error(request);
        }
        Refusal refusal = Envelope.forStatus(status);
        return ResponseEntity.status(refusal.httpStatus())
                .contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .body(Envelope.json(refusal, (Long) request.getAttribute(Envelope.STARTED)));
    }
}
