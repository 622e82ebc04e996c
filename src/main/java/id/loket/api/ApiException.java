package id.loket.api;

import id.loket.order.Refusal;

/**
 * A refusal of the Mitra API's own checks (request format, authentication, limits). The refusals
 * the core shares with it ({@code unauthorized}, {@code orderNotFound}, {@code invalidStatus},
 * {@code timeout}) are {@link Refusal}'s.
 */
public class ApiException extends Refusal {

    public ApiException(String responseCode, String message) {
        super(responseCode, message);
    }

    public static ApiException invalidFormat(String field) {
        Refusal r = Refusal.invalidFormat(field);
        return new ApiException(r.responseCode(), r.getMessage());
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
