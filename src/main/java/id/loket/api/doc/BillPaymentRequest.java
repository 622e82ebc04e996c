package id.loket.api.doc;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.swagger.v3.oas.annotations.media.Schema;

/** {@code POST /sof/bp/paymentCard}: initiate a bill payment (PG x Billing); unknown members are ignored. */
@Schema(name = "BillPaymentRequest", description = "Initiate a bill payment. Without sourceOfFunds the customer picks"
        + " on the hosted page; with it the biller inquiry happens now and the answer holds the amount to pay.",
        example = "{\"order\":{\"id\":\"INV2230516000003\",\"description\":\"Tagihan listrik\"},"
                + "\"customer\":{\"email\":\"albert@example.com\",\"firstName\":\"Albert\"},"
                + "\"url\":{\"callbackUrl\":\"https://merchant.example.com/finpay/callback\","
                + "\"successUrl\":\"https://merchant.example.com/orders/INV2230516000003\"},"
                + "\"billing\":{\"billerServiceProvider\":{\"id\":\"050017\",\"customerId\":\"118120000441100\"}},"
                + "\"sourceOfFunds\":{\"type\":\"vamandiri\"}}")
public record BillPaymentRequest(
        @Schema(requiredMode = REQUIRED) Parts.BillOrder order,
        @Schema(requiredMode = REQUIRED) Parts.Customer customer,
        @Schema(requiredMode = REQUIRED) Parts.Urls url,
        @Schema(requiredMode = REQUIRED) Parts.Billing billing,
        @Schema(implementation = WireTypes.MetaIn.class) Object meta,
        @Schema(implementation = WireTypes.SofChoice.class) Object sourceOfFunds) {
}
