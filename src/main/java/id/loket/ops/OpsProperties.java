package id.loket.ops;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Who may operate the hub and how ({@code operations.md}, "Who may operate", "Four eyes").
 *
 * @param operators the operators by name: never stored in a table, only configured
 * @param ops       how operators' actions take effect
 */
@ConfigurationProperties("hub")
@Validated
public record OpsProperties(
        @DefaultValue Map<String, @Valid OperatorConfig> operators,
        @DefaultValue @Valid Ops ops) {

    /**
     * One operator.
     *
     * @param password a hash in Spring Security's delegating format ({@code {bcrypt}$2a$...}; PHP's
     *                 {@code $2y$} hashes are accepted too)
     * @param roles    any of {@code viewer}, {@code operator}, {@code approver}
     */
    public record OperatorConfig(@NotBlank String password, @DefaultValue List<String> roles) {
    }

    /**
     * @param fourEyes an action that moves money or decides an outcome takes effect only when a
     *                 different approver approves it
     */
    public record Ops(@DefaultValue("true") boolean fourEyes) {
    }
}
