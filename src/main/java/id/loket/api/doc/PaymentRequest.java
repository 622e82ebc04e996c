package id.loket.api.doc;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.swagger.v3.oas.annotations.media.Schema;

/** {@code POST /pg/payment/card/initiate}: initiate a plain payment (no biller); unknown members are ignored. */
@Schema(name = "PaymentRequest", description = "Initiate a plain payment (no biller). Without sourceOfFunds the"
        + " customer picks on the hosted page.",
        example = "{\"order\":{\"id\":\"ORD-1001\",\"amount\":\"150000\",\"description\":\"Sepatu lari\"},"
                + "\"customer\":{\"email\":\"albert@example.com\",\"mobilePhone\":\"+6281286288844\"},"
                + "\"url\":{\"callbackUrl\":\"https://merchant.example.com/finpay/callback\"},"
                + "\"meta\":{\"data\":\"cart 77\"}}")
public record PaymentRequest(
        @Schema(requiredMode = REQUIRED) Parts.PlainOrder order,
        @Schema(requiredMode = REQUIRED) Parts.Customer customer,
        @Schema(requiredMode = REQUIRED) Parts.Urls url,
        @Schema(implementation = WireTypes.MetaIn.class) Object meta,
        @Schema(implementation = WireTypes.SofChoice.class) Object sourceOfFunds) {
}
