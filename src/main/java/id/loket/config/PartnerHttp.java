package id.loket.config;

import java.time.Duration;
import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.util.Timeout;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Timeouts for the partner endpoints, one HTTP client configuration per partner kind, referenced
 * from the adapter routes as {@code httpClientConfigurer=#billerHttpClient} and so on; and the same
 * blocking, pooled Apache HttpClient for the calls Loket makes from Java (notifications, the sandbox
 * bank's callbacks), which cost about a third of the JDK client's CPU per request.
 */
@Configuration(proxyBeanMethods = false)
public class PartnerHttp {

    @Bean("billerHttpClient")
    HttpClientConfigurer billerHttpClient(HubProperties props) {
        return timeouts(props.biller().finnet().timeout());
    }

    @Bean("sofHttpClient")
    HttpClientConfigurer sofHttpClient(HubProperties props) {
        return timeouts(props.sof().timeout());
    }

    static HttpClientConfigurer timeouts(Duration timeout) {
        return builder -> configure(builder, timeout, 100);
    }

    /**
     * A client that follows no redirects, retries nothing, keeps no cookies, and gives up on a
     * connect, a wait for a pooled connection or a silent answer after {@code timeout}.
     */
    public static CloseableHttpClient client(Duration timeout, int connectionsPerHost) {
        return configure(HttpClients.custom(), timeout, connectionsPerHost)
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableRedirectHandling()
                .build();
    }

    private static HttpClientBuilder configure(HttpClientBuilder builder, Duration timeout, int connectionsPerHost) {
        Timeout t = Timeout.ofMilliseconds(timeout.toMillis());
        return builder
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setResponseTimeout(t)
                        .setConnectionRequestTimeout(t)
                        .setRedirectsEnabled(false)
                        .build())
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(t).setSocketTimeout(t).build())
                        .setMaxConnTotal(200)
                        .setMaxConnPerRoute(connectionsPerHost)
                        .build());
    }
}
