package id.loket.config;

import jakarta.validation.constraints.NotEmpty;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Which biller serves each product: {@code hub.biller-routes.products.<product code>: <biller id>}.
 * The biller id names its adapter's routes, {@code direct:<id>-inquiry} and {@code direct:<id>-payment}
 * (one route file per biller), so adding a biller is its route file, its codec and a line here.
 *
 * @param products product code to biller id; a product not listed is refused at initiate (4030001)
 */
@Validated
@ConfigurationProperties("hub.biller-routes")
public record BillerRoutes(@DefaultValue Map<@NotEmpty String, @NotEmpty String> products) {
}
