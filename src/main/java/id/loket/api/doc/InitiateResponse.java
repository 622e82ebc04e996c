package id.loket.api.doc;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.swagger.v3.oas.annotations.media.Schema;

/** The answer of both initiate operations; a repeated identical request gets the same answer again. */
@Schema(name = "InitiateResponse")
public record InitiateResponse(
        @Schema(requiredMode = REQUIRED, allowableValues = "2000000") String responseCode,
        @Schema(requiredMode = REQUIRED, example = "Success") String responseMessage,
        @Schema(requiredMode = REQUIRED, format = "uri", description = "The payment URL (lower-case u, as Finpay"
                + " spells it); in core mode for families paid on a provider's page, that page",
                example = "http://localhost:8080/pg/payment/card/access/3q2cPnm0b4Xh8aV6") String redirecturl,
        @Schema(requiredMode = REQUIRED, pattern = Parts.WIB, description = "When the payment URL expires, WIB",
                example = "2026-11-25 17:02:18") String expiryLink,
        @Schema(description = "Core mode: the VA number or retail code, or the hub's payment reference",
                example = "8802700000076850") String paymentCode,
        @Schema(description = "Core mode, QRIS: the QR string to show") String stringQr,
        @Schema(requiredMode = REQUIRED, description = "Seconds", example = "0.012") Double processingTime,
        @Schema(requiredMode = REQUIRED, description = "Unique per request") String traceId) {
}
