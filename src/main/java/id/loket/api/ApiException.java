package id.loket.api;

import id.loket.order.Refusal;

/**
 * A refusal of the Mitra API's own checks (request format, authentication, limits). The texts of
 * the refusals the core shares with it ({@code invalidFormat}, {@code unauthorized},
 * {@code orderNotFound}, {@code invalidStatus}, {@code timeout}) are {@link Refusal}'s.
 */
public class ApiException extends Refusal {

    public ApiException(String responseCode, String message) {
        super(responseCode, message);
    }

    /** The API's own throw of a refusal the core shares, so the API's refusals are all of one type. */
    private static ApiException of(Refusal r) {
        return new ApiException(r.responseCode(), r.getMessage());
    }

    public static ApiException invalidFormat(String field) {
        return of(Refusal.invalidFormat(field));
    }

    public static ApiException unauthorized() {
        return of(Refusal.unauthorized());
    }

    public static ApiException orderNotFound() {
        return of(Refusal.orderNotFound());
    }

    public static ApiException invalidStatus(String status) {
        return of(Refusal.invalidStatus(status));
    }

    public static ApiException timeout() {
        return of(Refusal.timeout());
    }

    public static ApiException missing(String field) {
        return new ApiException("4000002", "Invalid mandatory field " + field);
    }

    public static ApiException notAllowed(String what) {
        return new ApiException("4030001", "Feature not allowed " + what);
    }

    public static ApiException billNotFound() {
        return new ApiException("4040002", "Bill not found");
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

}
