package id.loket.biller;

/** A biller did not answer an inquiry in time: what the inquiry circuit breaker counts. */
public class BillerUnavailableException extends RuntimeException {
    public BillerUnavailableException(String message) {
        super(message);
    }
}
