package id.loket.api.doc;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * The objects inside the Mitra API's requests and answers (contract sections 2 and 3), for the
 * OpenAPI description only: the hub reads requests with {@code InitiateRequestParser} and writes
 * answers with {@code PhpJson}; these records describe those bytes and are never serialised.
 * No object sets {@code additionalProperties}: OpenAPI then allows members a schema does not
 * name, which is what the hub does with a request's unknown members. (An explicit {@code true}
 * next to a {@code oneOf} member trips swagger-parser into typing that member as an object.)
 */
public final class Parts {

    private Parts() {
    }

    static final String WIB = "^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}$";

    @Schema(name = "PlainOrder", description = "The order of a plain payment")
    public record PlainOrder(
            @Schema(requiredMode = REQUIRED, implementation = WireTypes.OrderId.class) Object id,
            @Schema(requiredMode = REQUIRED, implementation = WireTypes.Amount.class) Object amount,
            @Schema(allowableValues = "IDR", nullable = true, description = "Only IDR (the default)") String currency,
            @Schema(minLength = 1, maxLength = 127, nullable = true, example = "Order INV2230516000003") String description,
            @Schema(implementation = WireTypes.Minutes.class, description = "Minutes until the order expires; default 1440") Object timeout,
            @Schema(nullable = true) List<Item> item) {
    }

    @Schema(name = "BillOrder", description = "The order of a bill payment; the customer is always charged the"
            + " biller's inquired total (bill amount + admin fee)")
    public record BillOrder(
            @Schema(requiredMode = REQUIRED, implementation = WireTypes.OrderId.class) Object id,
            @Schema(implementation = WireTypes.Amount.class, description = "Optional; when sent it must equal the"
                    + " inquired total, else 4000001 order.amount") Object amount,
            @Schema(allowableValues = "IDR", nullable = true, description = "Only IDR (the default)") String currency,
            @Schema(minLength = 1, maxLength = 127, nullable = true) String description,
            @Schema(implementation = WireTypes.Minutes.class, description = "Minutes until the order expires; default 1440") Object timeout,
            @Schema(nullable = true) List<Item> item) {
    }

    @Schema(name = "Item")
    public record Item(
            @Schema(maxLength = 255, nullable = true) String name,
            @Schema(implementation = WireTypes.Amount.class) Object quantity,
            @Schema(implementation = WireTypes.UnitPrice.class) Object unitPrice,
            @Schema(maxLength = 64, nullable = true) String category,
            @Schema(maxLength = 64, nullable = true) String subMerchantId) {
    }

    @Schema(name = "Customer", description = "email or mobilePhone is mandatory")
    public record Customer(
            @Schema(maxLength = 320, nullable = true, example = "albert@example.com") String email,
            @Schema(maxLength = 50, nullable = true, example = "Albert") String firstName,
            @Schema(maxLength = 50, nullable = true, example = "Einstein") String lastName,
            @Schema(maxLength = 20, pattern = "^\\+62[0-9]{8,13}$", nullable = true, description = "E.164, +62...",
                    example = "+6281286288844") String mobilePhone,
            @Schema(maxLength = 320, nullable = true, description = "Carried in notifications; the e-mail when absent")
            String id) {
    }

    @Schema(name = "Urls")
    public record Urls(
            @Schema(requiredMode = REQUIRED, format = "uri", description = "Where notifications go: an http or https"
                    + " URL whose host the merchant may use", example = "https://merchant.example.com/finpay/callback")
            String callbackUrl,
            @Schema(format = "uri", nullable = true, description = "Where the page sends the customer after paying")
            String successUrl,
            @Schema(format = "uri", nullable = true, description = "Where the page sends the customer after a failure")
            String failUrl,
            @Schema(format = "uri", nullable = true, description = "The page's way back to the merchant") String backUrl) {
    }

    @Schema(name = "Billing")
    public record Billing(@Schema(requiredMode = REQUIRED) BillerServiceProvider billerServiceProvider) {
    }

    @Schema(name = "BillerServiceProvider")
    public record BillerServiceProvider(
            @Schema(requiredMode = REQUIRED, pattern = "^[0-9]{6}$", description = "The biller product code",
                    example = "050017") String id,
            @Schema(requiredMode = REQUIRED, pattern = "^[0-9]{1,20}$", description = "The bill / customer number at"
                    + " the biller", example = "512345670001") String customerId,
            @Schema(maxLength = 64, nullable = true, description = "Stored and passed on") String subId,
            @Schema(allowableValues = {"post", "pre"}, nullable = true, description = "Stored and passed on") String type) {
    }

    @Schema(name = "Meta", description = "Stored and echoed back in notifications and status exactly as given")
    public record Meta(@Schema(maxLength = 999, nullable = true) String data) {
    }

    @Schema(name = "MerchantRef")
    public record MerchantRef(@Schema(requiredMode = REQUIRED, example = "FINPAY770") String id) {
    }

    @Schema(name = "CustomerRef")
    public record CustomerRef(@Schema(requiredMode = REQUIRED, description = "customer.id, or the e-mail when absent")
                              String id) {
    }

    @Schema(name = "OrderData")
    public record OrderData(
            @Schema(requiredMode = REQUIRED, pattern = ORDER_ID, description = "The Mitra's order id, as a string",
                    example = "INV2230516000003") String id,
            @Schema(requiredMode = REQUIRED, description = "The hub's own reference for the order") String reference,
            @Schema(minimum = "1", description = "Whole rupiah, an integer; absent while a hosted bill payment has"
                    + " no inquiry yet", example = "10000") Long amount,
            @Schema(requiredMode = REQUIRED, allowableValues = "IDR") String currency) {
    }

    static final String ORDER_ID = WireSchemas.ORDER_ID;

    @Schema(name = "Result")
    public record Result(
            @Schema(requiredMode = REQUIRED) Payment payment,
            @Schema(description = "Bill payments only, once the biller accepted the payment") Flagging flagging,
            @Schema(description = "Orders with refunds, and every REFUNDED order") Refund refund) {
    }

    @Schema(name = "Payment")
    public record Payment(
            @Schema(requiredMode = REQUIRED, implementation = WireTypes.PaymentStatus.class) Object status,
            @Schema(requiredMode = REQUIRED, example = "Payment success") String statusDesc,
            @Schema(requiredMode = REQUIRED, pattern = WIB, description = "WIB (UTC+7)", example = "2026-11-24 20:22:23")
            String datetime) {
    }

    @Schema(name = "Flagging", description = "The biller's payment receipt")
    public record Flagging(
            String paymentCode,
            @Schema(pattern = "^[0-9]{6}$", example = "050017") String productCode,
            String bill,
            @Schema(description = "The biller's reference (sysCode)") String reffNo,
            @Schema(pattern = "^[0-9]{1,14}$", description = "What was paid to the biller, bill amount plus admin"
                    + " fee, a digit string", example = "5585") String amount,
            String customerName,
            String billingInfo1,
            String ntb,
            @Schema(pattern = WIB, description = "WIB (UTC+7)") String paymentDateTime,
            @Schema(pattern = WIB, description = "paymentDateTime in UTC") String gmt,
            @Schema(example = "1124") String settlementDate) {
    }

    @Schema(name = "Refund")
    public record Refund(
            @Schema(requiredMode = REQUIRED, description = "Total refunded so far") Long amount,
            @Schema(requiredMode = REQUIRED, minimum = "1", description = "Number of refunds") Integer count,
            @Schema(requiredMode = REQUIRED, pattern = WIB, description = "The last refund, WIB") String datetime) {
    }

    @Schema(name = "SourceOfFundsData")
    public record SourceOfFundsData(
            @Schema(requiredMode = REQUIRED, implementation = WireTypes.SofType.class) Object type,
            @Schema(example = "008") String channel,
            @Schema(description = "The VA number, retail code or the hub's payment reference") String paymentCode) {
    }

    @Schema(name = "PaymentData", description = "The payment notification object (contract section 3) as it stands"
            + " now; members with no value are left out. signature = hex(HMAC-SHA512(merchantKey, PHP json_encode of"
            + " the object without signature))")
    public record PaymentData(
            @Schema(requiredMode = REQUIRED) MerchantRef merchant,
            CustomerRef customer,
            @Schema(requiredMode = REQUIRED) OrderData order,
            Meta meta,
            @Schema(requiredMode = REQUIRED) Result result,
            SourceOfFundsData sourceOfFunds,
            @Schema(requiredMode = REQUIRED, pattern = "^[0-9a-f]{128}$") String signature) {
    }

    @Schema(name = "RefundOrder")
    public record RefundOrder(
            @Schema(requiredMode = REQUIRED, implementation = WireTypes.OrderId.class) Object id,
            @Schema(implementation = WireTypes.Amount.class, description = "Absent: all that is not yet refunded")
            Object amount) {
    }

    @Schema(name = "RefundReason")
    public record RefundReason(@Schema(maxLength = 255, nullable = true, description = "Stored with the refund") String reason) {
    }

    @Schema(name = "VoidOrder")
    public record VoidOrder(@Schema(requiredMode = REQUIRED, implementation = WireTypes.OrderId.class) Object id) {
    }
}
