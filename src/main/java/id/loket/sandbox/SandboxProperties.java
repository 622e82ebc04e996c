package id.loket.sandbox;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Everything under {@code hub.sandbox.*}: the simulators' own settings and secrets. The sandbox
 * plays the partners, so it holds the partners' side of each secret itself; it never reads the
 * hub's settings for the real partners ({@code hub.sof.*}, {@code hub.biller.*}), so a hub whose
 * providers point at real banks gives the sandbox nothing a real bank would sign with.
 *
 * @param enabled whether the simulators are loaded at all ({@link SandboxAutoConfiguration}); off
 *                unless configured, the embedded {@code config/application.yaml} switches it on
 */
@ConfigurationProperties("hub.sandbox")
@Validated
public record SandboxProperties(@DefaultValue("false") boolean enabled,
                                @Valid @DefaultValue Biller biller,
                                @Valid @DefaultValue Sof sof) {

    /**
     * The simulated Finnet biller.
     *
     * @param userName     the user name it expects in every message
     * @param password     the key of the message signature it checks (the hub's side of it is
     *                     {@code hub.biller.finnet.password}; the two are configured, never shared)
     * @param noAnswerHold how long a "no answer" bill holds the request open
     */
    public record Biller(@NotBlank String userName,
                         @NotBlank String password,
                         @DefaultValue("60s") @NotNull Duration noAnswerHold) {
    }

    /**
     * The simulated SOF providers.
     *
     * @param callbackUrl         where they call the hub back; empty: this process's {@code /sof/callback}
     * @param secrets             per family ({@code va}, {@code qris}, ...): the HMAC-SHA256 key the
     *                            simulated provider signs its callbacks with; a family without one sends none
     * @param callbackRetryDelays a callback is repeated after these delays until the hub acknowledges it
     * @param callbackDelay       the simulated bank's wait between taking a payment and its first callback
     * @param callbackOverdue     how late a planned callback must be before the safety-net poller sends it
     * @param refundNoAnswerHold  how long a refund it does not answer (reason {@code [sandbox:no-answer]})
     *                            holds the request
     */
    public record Sof(String callbackUrl,
                      @DefaultValue Map<String, String> secrets,
                      @DefaultValue({"1s", "5s", "30s", "2m", "10m"}) @NotNull List<Duration> callbackRetryDelays,
                      @DefaultValue("100ms") @NotNull Duration callbackDelay,
                      @DefaultValue("1s") @NotNull Duration callbackOverdue,
                      @DefaultValue("60s") @NotNull Duration refundNoAnswerHold) {
    }
}
