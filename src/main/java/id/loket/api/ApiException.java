package id.loket.api;

/** A refusal with a contract response code (section 1): the first three digits are the HTTP status. */
public class ApiException extends RuntimeException {

    private final String responseCode;

    public ApiException(String responseCode, String message) {
        super(message);
        this.responseCode = responseCode;
    }

    public String responseCode() {
        return responseCode;
    }

    public int httpStatus() {
        return Integer.parseInt(responseCode.substring(0, 3));
    }

    public static ApiException invalidFormat(String field) {
        return new ApiException("4000001", "Invalid field format " + field);
    }

    public static ApiException missing(String field) {
        return new ApiException("4000002", "Invalid mandatory field " + field);
    }

    public static ApiException unauthorized() {
        return new ApiException("4010000", "Unauthorized");
    }

    public static ApiException notAllowed(String what) {
        return new ApiException("4030001", "Feature not allowed " + what);
    }

    public static ApiException orderNotFound() {
        return new ApiException("4040001", "Order not found");
    }

    public static ApiException billNotFound() {
        return new ApiException("4040002", "Bill not found");
    }

    public static ApiException invalidStatus(String status) {
        return new ApiException("4040100", "Invalid transaction status " + status);
    }

    public static ApiException duplicateOrder() {
        return new ApiException("4090001", "Duplicate order id with a different request");
    }

    public static ApiException billAlreadyPaid() {
        return new ApiException("4090002", "Bill already paid");
    }

    public static ApiException tooLarge() {
        return new ApiException("4130000", "Request too large");
    }

    public static ApiException unsupportedMediaType() {
        return new ApiException("4150000", "Unsupported media type");
    }

    public static ApiException tooManyRequests() {
        return new ApiException("4290000", "Too many requests");
    }

    public static ApiException timeout() {
        return new ApiException("5040000", "Timeout");
    }
}
