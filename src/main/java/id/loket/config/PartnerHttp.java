package id.loket.config;

import java.time.Duration;
import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.util.Timeout;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Timeouts for the partner endpoints, one HTTP client configuration per partner kind, referenced
 * from the adapter routes as {@code httpClientConfigurer=#billerHttpClient} and so on.
 */
@Configuration(proxyBeanMethods = false)
public class PartnerHttp {

    @Bean("billerHttpClient")
    HttpClientConfigurer billerHttpClient(HubProperties props) {
        HubProperties.Finnet finnet = props.getBiller().getFinnet();
        return timeouts(finnet.getTimeout() != null ? finnet.getTimeout() : props.getBiller().getTimeout());
    }

    @Bean("sofHttpClient")
    HttpClientConfigurer sofHttpClient(HubProperties props) {
        return timeouts(props.getSof().getTimeout());
    }

    static HttpClientConfigurer timeouts(Duration timeout) {
        Timeout t = Timeout.ofMilliseconds(timeout.toMillis());
        return builder -> builder
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setResponseTimeout(t)
                        .setConnectionRequestTimeout(t)
                        .setRedirectsEnabled(false)
                        .build())
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(t).setSocketTimeout(t).build())
                        .setMaxConnTotal(200)
                        .setMaxConnPerRoute(100)
                        .build());
    }
}
