package id.loket.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** Everything under {@code hub.*} in {@code config/application.yaml}: merchants, partners, timings. */
@ConfigurationProperties("hub")
public class HubProperties {

    private String publicBaseUrl = "http://localhost:8080";
    private final Order order = new Order();
    private Map<String, Merchant> merchants = new LinkedHashMap<>();
    private final Biller biller = new Biller();
    private final Sof sof = new Sof();
    private final Notification notification = new Notification();
    private final Work work = new Work();
    private final Security security = new Security();
    /** Secret for page tokens' CSRF values; generated at start when not set. */
    private String pageSecret;

    public String getPublicBaseUrl() { return publicBaseUrl; }
    public void setPublicBaseUrl(String publicBaseUrl) { this.publicBaseUrl = publicBaseUrl; }
    public Order getOrder() { return order; }
    public Map<String, Merchant> getMerchants() { return merchants; }
    public void setMerchants(Map<String, Merchant> merchants) { this.merchants = merchants; }
    public Biller getBiller() { return biller; }
    public Sof getSof() { return sof; }
    public Notification getNotification() { return notification; }
    public Work getWork() { return work; }
    public Security getSecurity() { return security; }
    public String getPageSecret() { return pageSecret; }
    public void setPageSecret(String pageSecret) { this.pageSecret = pageSecret; }

    public static class Order {
        /** The length of one unit of {@code order.timeout} (the contract counts minutes). */
        private Duration timeoutUnit = Duration.ofMinutes(1);
        private long defaultTimeout = 1440;
        /** How often the expiry sweep looks for orders past their time. */
        private Duration expiryCheckInterval = Duration.ofSeconds(5);

        public Duration getTimeoutUnit() { return timeoutUnit; }
        public void setTimeoutUnit(Duration timeoutUnit) { this.timeoutUnit = timeoutUnit; }
        public long getDefaultTimeout() { return defaultTimeout; }
        public void setDefaultTimeout(long defaultTimeout) { this.defaultTimeout = defaultTimeout; }
        public Duration getExpiryCheckInterval() { return expiryCheckInterval; }
        public void setExpiryCheckInterval(Duration expiryCheckInterval) { this.expiryCheckInterval = expiryCheckInterval; }
    }

    public static class Merchant {
        private String key;
        private String name;
        private boolean enabled = true;
        private List<String> callbackHosts = new ArrayList<>();
        private List<String> sofTypes = new ArrayList<>();
        private List<String> products = new ArrayList<>();
        private int rateLimit = 100;

        public String getKey() { return key; }
        public void setKey(String key) { this.key = key; }
        public String getName() { return name; }
        public void setName(String name) { this.name = name; }
        public boolean isEnabled() { return enabled; }
        public void setEnabled(boolean enabled) { this.enabled = enabled; }
        public List<String> getCallbackHosts() { return callbackHosts; }
        public void setCallbackHosts(List<String> callbackHosts) { this.callbackHosts = callbackHosts; }
        public List<String> getSofTypes() { return sofTypes; }
        public void setSofTypes(List<String> sofTypes) { this.sofTypes = sofTypes; }
        public List<String> getProducts() { return products; }
        public void setProducts(List<String> products) { this.products = products; }
        public int getRateLimit() { return rateLimit; }
        public void setRateLimit(int rateLimit) { this.rateLimit = rateLimit; }
    }

    public static class Biller {
        private Duration timeout = Duration.ofSeconds(15);
        private List<Duration> repeatDelays = new ArrayList<>(List.of(Duration.ofSeconds(5), Duration.ofSeconds(30),
                Duration.ofMinutes(2), Duration.ofMinutes(10), Duration.ofHours(1), Duration.ofHours(6)));
        private final Finnet finnet = new Finnet();

        public Duration getTimeout() { return timeout; }
        public void setTimeout(Duration timeout) { this.timeout = timeout; }
        public List<Duration> getRepeatDelays() { return repeatDelays; }
        public void setRepeatDelays(List<Duration> repeatDelays) { this.repeatDelays = repeatDelays; }
        public Finnet getFinnet() { return finnet; }
    }

    /** The Finnet H2H switch: one endpoint serving many biller products. */
    public static class Finnet {
        private String url;
        private Duration timeout;
        private String userName;
        private String password;
        private String channel = "6017";
        private String terminal = "LKT00001";
        private String terminalName = "LOKET HUB";
        private String terminalLocation = "JAKARTA";

        public String getUrl() { return url; }
        public void setUrl(String url) { this.url = url; }
        public Duration getTimeout() { return timeout; }
        public void setTimeout(Duration timeout) { this.timeout = timeout; }
        public String getUserName() { return userName; }
        public void setUserName(String userName) { this.userName = userName; }
        public String getPassword() { return password; }
        public void setPassword(String password) { this.password = password; }
        public String getChannel() { return channel; }
        public void setChannel(String channel) { this.channel = channel; }
        public String getTerminal() { return terminal; }
        public void setTerminal(String terminal) { this.terminal = terminal; }
        public String getTerminalName() { return terminalName; }
        public void setTerminalName(String terminalName) { this.terminalName = terminalName; }
        public String getTerminalLocation() { return terminalLocation; }
        public void setTerminalLocation(String terminalLocation) { this.terminalLocation = terminalLocation; }
    }

    public static class Sof {
        private Duration statusCheckAfter = Duration.ofMinutes(10);
        private Duration timeout = Duration.ofSeconds(10);
        /** Per family (va, qris, ewallet, paylater, onlinebanking, paycode, card): the provider's URL and callback secret. */
        private Map<String, Provider> providers = new LinkedHashMap<>();

        public Duration getStatusCheckAfter() { return statusCheckAfter; }
        public void setStatusCheckAfter(Duration statusCheckAfter) { this.statusCheckAfter = statusCheckAfter; }
        public Duration getTimeout() { return timeout; }
        public void setTimeout(Duration timeout) { this.timeout = timeout; }
        public Map<String, Provider> getProviders() { return providers; }
        public void setProviders(Map<String, Provider> providers) { this.providers = providers; }
    }

    public static class Provider {
        private String url;
        private String callbackSecret;

        public String getUrl() { return url; }
        public void setUrl(String url) { this.url = url; }
        public String getCallbackSecret() { return callbackSecret; }
        public void setCallbackSecret(String callbackSecret) { this.callbackSecret = callbackSecret; }
    }

    public static class Notification {
        private Duration timeout = Duration.ofSeconds(10);
        private List<Duration> retryDelays = new ArrayList<>(List.of(Duration.ofMinutes(1), Duration.ofMinutes(5),
                Duration.ofMinutes(15), Duration.ofMinutes(30), Duration.ofMinutes(60)));
        private Duration pollInterval = Duration.ofSeconds(1);

        public Duration getTimeout() { return timeout; }
        public void setTimeout(Duration timeout) { this.timeout = timeout; }
        public List<Duration> getRetryDelays() { return retryDelays; }
        public void setRetryDelays(List<Duration> retryDelays) { this.retryDelays = retryDelays; }
        public Duration getPollInterval() { return pollInterval; }
        public void setPollInterval(Duration pollInterval) { this.pollInterval = pollInterval; }
    }

    public static class Work {
        private Duration lease = Duration.ofSeconds(30);
        /** How often the database is read for due background work (biller repeats, refunds, status checks). */
        private Duration pollInterval = Duration.ofSeconds(1);

        public Duration getLease() { return lease; }
        public void setLease(Duration lease) { this.lease = lease; }
        public Duration getPollInterval() { return pollInterval; }
        public void setPollInterval(Duration pollInterval) { this.pollInterval = pollInterval; }
    }

    public static class Security {
        /** Failed authentications a client address may make in a minute before it gets 4290000. */
        private int authFailuresPerMinute = 20;

        public int getAuthFailuresPerMinute() { return authFailuresPerMinute; }
        public void setAuthFailuresPerMinute(int authFailuresPerMinute) { this.authFailuresPerMinute = authFailuresPerMinute; }
    }
}
