package id.loket;

import id.loket.config.BillerRoutes;
import id.loket.config.HubProperties;
import id.loket.ops.OpsProperties;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationExcludeFilter;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.ComponentScan.Filter;
import org.springframework.context.annotation.FilterType;

/**
 * {@code @SpringBootApplication} spelled out, for one more exclusion from the scan: the sandbox
 * ({@code id.loket.sandbox}) is loaded by its own auto-configuration, and only with
 * {@code hub.sandbox.enabled=true}.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@ComponentScan(excludeFilters = {@Filter(type = FilterType.CUSTOM, classes = TypeExcludeFilter.class),
        @Filter(type = FilterType.CUSTOM, classes = AutoConfigurationExcludeFilter.class),
        @Filter(type = FilterType.REGEX, pattern = "id\\.loket\\.sandbox\\..*")})
@EnableConfigurationProperties({HubProperties.class, BillerRoutes.class, OpsProperties.class})
public class LoketApplication {
    public static void main(String[] args) {
        SpringApplication.run(LoketApplication.class, args);
    }
}
