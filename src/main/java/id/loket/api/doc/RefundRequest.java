package id.loket.api.doc;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.swagger.v3.oas.annotations.media.Schema;

/** {@code POST /pg/payment/card/refund}: refund a paid plain payment, in full or in part. */
@Schema(name = "RefundRequest", description = "Refund a paid plain payment, in full (no amount) or in part")
public record RefundRequest(
        @Schema(requiredMode = REQUIRED) Parts.RefundOrder order,
        Parts.RefundReason refund) {
}
