package id.loket.ops;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/** The operations API's errors: {@code {"error":"<word>","message":"<text>"}} with the HTTP status. */
@RestControllerAdvice(annotations = RestController.class, basePackageClasses = OpsApiErrors.class)
public class OpsApiErrors {

    @ExceptionHandler(OpsError.class)
    public ResponseEntity<Map<String, Object>> refused(OpsError e) {
        return body(e.status(), e.error(), e.getMessage());
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    public ResponseEntity<Map<String, Object>> unreadable(HttpMessageNotReadableException e) {
        return body(400, "bad_request", "body: not the JSON object this endpoint takes");
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    public ResponseEntity<Map<String, Object>> mismatch(MethodArgumentTypeMismatchException e) {
        return body(400, "bad_request", e.getName() + ": not a valid value");
    }

    public static ResponseEntity<Map<String, Object>> body(int status, String error, String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("error", error);
        m.put("message", message);
        return ResponseEntity.status(status).body(m);
    }
}
