package id.loket.api.doc;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.swagger.v3.oas.annotations.media.Schema;

/** {@code POST /pg/payment/card/void}: take back a whole payment on the day (WIB) it was paid. */
@Schema(name = "VoidRequest", description = "Take back a whole plain payment on the day (WIB) it was paid")
public record VoidRequest(@Schema(requiredMode = REQUIRED) Parts.VoidOrder order) {
}
