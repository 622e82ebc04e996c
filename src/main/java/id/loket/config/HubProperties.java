package id.loket.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Everything under {@code hub.*}: merchants, partners, timings. Each default is the record's
 * {@code @DefaultValue}; {@code config/application.yaml} sets only what differs (the demo merchant,
 * the sandbox partners' addresses and credentials) and the values the routes read as
 * {@code {{hub...}}} placeholders, which only the Spring environment can give them.
 *
 * @param publicBaseUrl the base of {@code redirecturl} and of the page's return URL for providers
 *                      ({@code http://localhost:${server.port}} in application.yaml)
 * @param merchants     the Mitras by id; one entry per id whatever the property source (see {@link #oneEntryPerId})
 * @param pageSecret    the key of the payment page's CSRF values; generated at start when not set
 */
@ConfigurationProperties("hub")
@Validated
public record HubProperties(
        @NotBlank String publicBaseUrl,
        @DefaultValue @Valid Order order,
        @DefaultValue Map<String, @Valid Merchant> merchants,
        @DefaultValue @Valid Biller biller,
        @DefaultValue @Valid Sof sof,
        @DefaultValue @Valid Notification notification,
        @DefaultValue @Valid Work work,
        @DefaultValue @Valid Security security,
        String pageSecret) {

    public HubProperties {
        merchants = oneEntryPerId(merchants);
    }

    /**
     * Spring's relaxed binding matches {@code hub.merchants.FINPAY770.key} and the environment's
     * {@code HUB_MERCHANTS_FINPAY770_KEY} (read as {@code hub.merchants.finpay770.key}) to each
     * other, and binds the map once per spelling: the same merchant twice, once in lower case. The
     * spellings that differ only in case are one merchant, kept under the spelling that is not all
     * lower case (the one a YAML, properties or config tree source gave; the environment can only
     * give lower case); it already holds the values of every source, in their usual precedence.
     */
    static Map<String, Merchant> oneEntryPerId(Map<String, Merchant> merchants) {
        Map<String, String> spelling = new LinkedHashMap<>();
        merchants.keySet().forEach(id -> spelling.merge(id.toLowerCase(Locale.ROOT), id,
                (kept, other) -> kept.equals(kept.toLowerCase(Locale.ROOT)) ? other : kept));
        Map<String, Merchant> one = new LinkedHashMap<>();
        spelling.values().forEach(id -> one.put(id, merchants.get(id)));
        return Collections.unmodifiableMap(one);
    }

    /**
     * @param timeoutUnit         the length of one unit of {@code order.timeout} (the contract counts minutes)
     * @param defaultTimeout      {@code order.timeout} when the Mitra sends none
     * @param expiryCheckInterval how often the expiry sweep looks for orders past their time (read by the
     *                            {@code order-expiry} route: set in application.yaml)
     */
    public record Order(
            @DefaultValue("1m") @NotNull Duration timeoutUnit,
            @DefaultValue("1440") @Positive long defaultTimeout,
            @NotNull Duration expiryCheckInterval) {
    }

    /**
     * @param key           the Basic auth password and the notification signing key
     * @param name          shown on the payment page
     * @param enabled       a disabled merchant is refused like a wrong key
     * @param callbackHosts hosts notifications may go to; empty: any public host
     * @param sofTypes      SOF types the merchant's customers may use; empty: all
     * @param products      biller products the merchant may sell; empty: all
     * @param rateLimit     requests per second the merchant may make; beyond it 4290000
     */
    public record Merchant(
            @NotBlank String key,
            String name,
            @DefaultValue("true") boolean enabled,
            @DefaultValue List<String> callbackHosts,
            @DefaultValue List<String> sofTypes,
            @DefaultValue List<String> products,
            @DefaultValue("100") @Positive int rateLimit) {
    }

    /**
     * @param timeout      how long a biller call may take; after it the outcome is unknown, never failed
     * @param repeatDelays an unknown payment outcome is asked again after these delays; after the last
     *                     one the order stays PROCESSING, flagged for manual review
     */
    public record Biller(
            @DefaultValue("15s") @NotNull Duration timeout,
            @DefaultValue({"5s", "30s", "2m", "10m", "1h", "6h"}) List<Duration> repeatDelays,
            @DefaultValue @Valid Finnet finnet) {

        public Biller {
            finnet = finnet.timeout() != null ? finnet : finnet.withTimeout(timeout);
        }
    }

    /**
     * The Finnet H2H switch: one endpoint serving many biller products.
     *
     * @param url      the endpoint (read by the {@code finnet-*} routes: set in application.yaml)
     * @param timeout  this biller's own timeout; {@code hub.biller.timeout} when not set
     * @param userName with {@code password}, the credentials of the message signature
     */
    public record Finnet(
            String url,
            Duration timeout,
            String userName,
            String password,
            @DefaultValue("6017") String channel,
            @DefaultValue("LKT00001") String terminal,
            @DefaultValue("LOKET HUB") String terminalName,
            @DefaultValue("JAKARTA") String terminalLocation) {

        Finnet withTimeout(Duration timeout) {
            return new Finnet(url, timeout, userName, password, channel, terminal, terminalName, terminalLocation);
        }
    }

    /**
     * @param statusCheckAfter a payment the provider took without the hub hearing back is asked about
     *                         at the provider after this long
     * @param timeout          how long a provider call may take
     * @param providers        per family (va, qris, ewallet, paylater, onlinebanking, paycode, card):
     *                         the provider's URL and callback secret
     */
    public record Sof(
            @DefaultValue("10m") @NotNull Duration statusCheckAfter,
            @DefaultValue("10s") @NotNull Duration timeout,
            @DefaultValue Map<String, @Valid Provider> providers) {
    }

    /**
     * @param url            the provider's endpoint (read by the {@code sof-*} routes)
     * @param callbackSecret the HMAC-SHA256 key of the provider's callbacks ({@code X-Loket-Signature})
     */
    public record Provider(@NotBlank String url, String callbackSecret) {
    }

    /**
     * @param timeout      how long a Mitra may take to answer a notification
     * @param retryDelays  delays between attempts; after the last one the notification is given up
     * @param pollInterval how often the outbox is read for due attempts (read by the
     *                     {@code payment-notification-retry} route: set in application.yaml)
     */
    public record Notification(
            @DefaultValue("10s") @NotNull Duration timeout,
            @DefaultValue({"1m", "5m", "15m", "30m", "60m"}) List<Duration> retryDelays,
            @NotNull Duration pollInterval) {
    }

    /**
     * @param lease        how long a node's claim on an order's background work lasts (plus the longest
     *                     partner timeout) before another node may take it over
     * @param pollInterval how often the database is read for due background work (read by the
     *                     {@code order-work} routes: set in application.yaml)
     */
    public record Work(
            @DefaultValue("30s") @NotNull Duration lease,
            @NotNull Duration pollInterval) {
    }

    /** @param authFailuresPerMinute failed authentications a client address may make in a minute before it gets 4290000 */
    public record Security(@DefaultValue("20") @Positive int authFailuresPerMinute) {
    }
}
