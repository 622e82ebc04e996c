package id.loket.api.doc;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.swagger.v3.oas.annotations.media.Schema;

/** Every refusal: the envelope with a code of the contract's table; its first three digits are the HTTP status. */
@Schema(name = "ErrorResponse", example = "{\"responseCode\":\"4000001\",\"responseMessage\":\"Invalid field format"
        + " order.id\",\"processingTime\":0.001,\"traceId\":\"5b1f0c8e-3a57-4a53-9d0e-1f2a3b4c5d6e\"}")
public record ErrorResponse(
        @Schema(requiredMode = REQUIRED, pattern = "^[0-9]{7}$", description = "7 digits; the first three are the HTTP"
                + " status (4000001 invalid field format, 4000002 invalid mandatory field, 4010000 unauthorized,"
                + " 4030001 feature not allowed, 4030015 transaction not permitted, 4040001 order not found, 4040002"
                + " bill not found, 4040100 invalid transaction status, 4090001 duplicate order id, 4090002 bill"
                + " already paid, 4130000 request too large, 4150000 unsupported media type, 4290000 too many"
                + " requests, 5000000 general error, 5040000 timeout)", example = "4000001") String responseCode,
        @Schema(requiredMode = REQUIRED, example = "Invalid field format order.id") String responseMessage,
        @Schema(requiredMode = REQUIRED, description = "Seconds", example = "0.001") Double processingTime,
        @Schema(requiredMode = REQUIRED, description = "Unique per request") String traceId) {
}
