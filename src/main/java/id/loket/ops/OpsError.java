package id.loket.ops;

/**
 * A refusal of the operations API: its HTTP status, a word for scripts and a text for people
 * ({@code {"error":"<word>","message":"<text>"}}).
 */
public class OpsError extends RuntimeException {

    private final int status;
    private final String error;

    public OpsError(int status, String error, String message) {
        super(message);
        this.status = status;
        this.error = error;
    }

    public int status() {
        return status;
    }

    public String error() {
        return error;
    }

    public static OpsError badRequest(String field, String message) {
        return new OpsError(400, "bad_request", field + ": " + message);
    }

    public static OpsError forbidden(String message) {
        return new OpsError(403, "forbidden", message);
    }

    public static OpsError notFound(String message) {
        return new OpsError(404, "not_found", message);
    }

    public static OpsError conflict(String message) {
        return new OpsError(409, "conflict", message);
    }
}
