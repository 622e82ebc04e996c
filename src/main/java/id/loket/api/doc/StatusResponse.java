package id.loket.api.doc;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.swagger.v3.oas.annotations.media.Schema;

/** The answer of status, cancel, resend, refund and void: the order's notification object as it stands. */
@Schema(name = "StatusResponse")
public record StatusResponse(
        @Schema(requiredMode = REQUIRED, allowableValues = "2000000") String responseCode,
        @Schema(requiredMode = REQUIRED, example = "Success") String responseMessage,
        @Schema(requiredMode = REQUIRED) Parts.PaymentData data,
        @Schema(requiredMode = REQUIRED, description = "Seconds", example = "0.004") Double processingTime,
        @Schema(requiredMode = REQUIRED, description = "Unique per request") String traceId) {
}
