package id.loket.order;

/**
 * A step of the flow refused what it was asked, with the contract's response code (section 1): the
 * first three digits are the HTTP status. The Mitra API and the provider callback answer it in the
 * contract's envelope; the core throws it without knowing who asked.
 */
public class Refusal extends RuntimeException {

    private final String responseCode;

    public Refusal(String responseCode, String message) {
        super(message);
        this.responseCode = responseCode;
    }

    public String responseCode() {
        return responseCode;
    }

    public int httpStatus() {
        return Integer.parseInt(responseCode.substring(0, 3));
    }

    public static Refusal invalidFormat(String field) {
        return new Refusal("4000001", "Invalid field format " + field);
    }

    public static Refusal unauthorized() {
        return new Refusal("4010000", "Unauthorized");
    }

    public static Refusal orderNotFound() {
        return new Refusal("4040001", "Order not found");
    }

    public static Refusal invalidStatus(String status) {
        return new Refusal("4040100", "Invalid transaction status " + status);
    }

    public static Refusal timeout() {
        return new Refusal("5040000", "Timeout");
    }
}
