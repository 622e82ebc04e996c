package id.loket.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.FileSystemResource;

/**
 * The {@code hub.*} configuration as the hub binds it: {@code config/application.yaml} with the
 * property sources a deployment adds above it (the environment, the command line).
 */
class HubPropertiesTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(HubProperties.class)
    static class Hub {
    }

    /** The hub's configuration file, under an environment holding {@code variables}, and {@code properties} above all. */
    static ApplicationContextRunner hub(Map<String, Object> variables, String... properties) {
        return new ApplicationContextRunner()
                .withUserConfiguration(Hub.class)
                .withInitializer(context -> {
                    MutablePropertySources sources = context.getEnvironment().getPropertySources();
                    sources.addLast(new SystemEnvironmentPropertySource(
                            StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
                    applicationYaml().forEach(sources::addLast);
                })
                .withPropertyValues(properties);
    }

    static List<PropertySource<?>> applicationYaml() {
        try {
            return new YamlPropertySourceLoader().load("config/application.yaml",
                    new FileSystemResource("config/application.yaml"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aMerchantKeyFromTheEnvironmentKeepsOneMerchant() {
        hub(Map.of("HUB_MERCHANTS_FINPAY770_KEY", "key-from-the-environment")).run(context -> {
            HubProperties hub = context.getBean(HubProperties.class);
            assertThat(hub.merchants()).containsOnlyKeys("FINPAY770");
            HubProperties.Merchant m = hub.merchants().get("FINPAY770");
            assertThat(m.key()).isEqualTo("key-from-the-environment");
            assertThat(m.name()).isEqualTo("Toko Demo Loket");
            assertThat(m.callbackHosts()).containsExactly("localhost", "127.0.0.1");
        });
    }

    @Test
    void aMerchantOnlyInTheEnvironmentIsOneMerchant() {
        hub(Map.of("HUB_MERCHANTS_SHOP9_KEY", "shop-key", "HUB_MERCHANTS_SHOP9_RATELIMIT", "7")).run(context -> {
            HubProperties hub = context.getBean(HubProperties.class);
            assertThat(hub.merchants()).containsOnlyKeys("FINPAY770", "shop9");
            assertThat(hub.merchants().get("shop9").key()).isEqualTo("shop-key");
            assertThat(hub.merchants().get("shop9").rateLimit()).isEqualTo(7);
        });
    }

    @Test
    void defaultsComeFromTheRecordsAndTheFileSetsWhatDiffers() {
        hub(Map.of()).run(context -> {
            HubProperties hub = context.getBean(HubProperties.class);
            assertThat(hub.order().timeoutUnit()).isEqualTo(Duration.ofMinutes(1));
            assertThat(hub.order().defaultTimeout()).isEqualTo(1440);
            assertThat(hub.order().expiryCheckInterval()).isEqualTo(Duration.ofSeconds(5));
            assertThat(hub.biller().timeout()).isEqualTo(Duration.ofSeconds(15));
            assertThat(hub.biller().repeatDelays()).containsExactly(Duration.ofSeconds(5), Duration.ofSeconds(30),
                    Duration.ofMinutes(2), Duration.ofMinutes(10), Duration.ofHours(1), Duration.ofHours(6));
            assertThat(hub.biller().finnet().timeout()).as("the biller's own timeout defaults to hub.biller.timeout")
                    .isEqualTo(Duration.ofSeconds(15));
            assertThat(hub.biller().finnet().channel()).isEqualTo("6017");
            assertThat(hub.sof().timeout()).isEqualTo(Duration.ofSeconds(10));
            assertThat(hub.sof().statusCheckAfter()).isEqualTo(Duration.ofMinutes(10));
            assertThat(hub.sof().providers()).containsKeys("va", "qris", "ewallet", "paylater", "onlinebanking",
                    "paycode", "card");
            assertThat(hub.notification().retryDelays()).hasSize(5).first().isEqualTo(Duration.ofMinutes(1));
            assertThat(hub.work().lease()).isEqualTo(Duration.ofSeconds(30));
            assertThat(hub.security().authFailuresPerMinute()).isEqualTo(20);
            HubProperties.Merchant demo = hub.merchants().get("FINPAY770");
            assertThat(demo.enabled()).isTrue();
            assertThat(demo.rateLimit()).isEqualTo(100);
            assertThat(demo.sofTypes()).isEmpty();
            assertThat(demo.products()).isEmpty();
        });
        hub(Map.of("HUB_BILLER_TIMEOUT", "5s")).run(context -> assertThat(
                context.getBean(HubProperties.class).biller().finnet().timeout()).isEqualTo(Duration.ofSeconds(5)));
    }

    @Test
    void aWrongValueStopsTheStartWithTheKeyNamed() {
        hub(Map.of(), "hub.merchants.FINPAY770.rate-limit=0").run(context -> assertThat(context).hasFailed()
                .getFailure().rootCause().hasMessageContaining("merchants[FINPAY770].rateLimit"));
        hub(Map.of(), "hub.merchants.NOKEY1.name=No key").run(context -> assertThat(context).hasFailed()
                .getFailure().rootCause().hasMessageContaining("merchants[NOKEY1].key"));
    }
}
