package id.loket.api.doc;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.swagger.v3.oas.annotations.media.Schema;

/** {@code POST /pg/payment/card/initiate}: initiate a plain payment (no biller); unknown members are ignored. */
@Schema(name = "PaymentRequest", description = "Initiate a plain payment (no biller). Without sourceOfFunds the"
        + " customer picks on the hosted page.")
public record PaymentRequest(
        @Schema(requiredMode = REQUIRED) Parts.PlainOrder order,
        @Schema(requiredMode = REQUIRED) Parts.Customer customer,
        @Schema(requiredMode = REQUIRED) Parts.Urls url,
        @Schema(implementation = WireTypes.MetaIn.class) Object meta,
        @Schema(implementation = WireTypes.SofChoice.class) Object sourceOfFunds) {
}
