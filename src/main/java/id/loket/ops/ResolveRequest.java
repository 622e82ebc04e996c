package id.loket.ops;

/** The body of {@code resolve}: {@code outcome} PAID (with the biller's reference) or NOT_PAID. */
public record ResolveRequest(String outcome, String billerReference, String reason) {
}
