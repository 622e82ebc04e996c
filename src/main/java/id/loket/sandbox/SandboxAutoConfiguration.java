package id.loket.sandbox;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration;
import org.springframework.boot.autoconfigure.flyway.FlywayMigrationInitializer;
import org.springframework.boot.autoconfigure.jdbc.JdbcTemplateAutoConfiguration;
import org.springframework.boot.autoconfigure.thymeleaf.ThymeleafAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.DependsOn;
import org.springframework.context.annotation.Import;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The sandbox: simulators of every partner (the Finnet biller, the SOF providers and their pages,
 * a Mitra), loaded only with {@code hub.sandbox.enabled=true}. Nothing of this package is found by
 * the application's component scan ({@code id.loket.LoketApplication} leaves it out); everything
 * is declared here, so with the switch off the hub holds no sandbox bean, serves no
 * {@code /sandbox/**} path (they answer 4040000 like any unknown path) and its database gets no
 * sandbox table.
 *
 * <p>The simulators' tables have their own Flyway location, {@value #MIGRATIONS}, and history
 * table, {@value #HISTORY}, applied after the hub's own migrations and only here.
 */
@AutoConfiguration(after = {FlywayAutoConfiguration.class, JdbcTemplateAutoConfiguration.class,
        ThymeleafAutoConfiguration.class})
@ConditionalOnProperty(prefix = "hub.sandbox", name = "enabled", havingValue = "true")
@EnableConfigurationProperties(SandboxProperties.class)
@Import({SandboxCounters.class, SofCallbackSender.class, SofPayments.class, SofSimulator.class, SofPages.class,
        FinnetBillerSimulator.class, MitraReceiver.class})
public class SandboxAutoConfiguration {

    static final String MIGRATIONS = "classpath:db/sandbox";
    static final String HISTORY = "flyway_sandbox_history";

    /**
     * Migrates the sandbox's tables once the hub's own Flyway is done (on an empty database the
     * hub's Flyway must come first: it refuses a schema that already holds tables it does not know).
     * A {@link FlywayMigrationInitializer}, so Spring Boot makes every {@code JdbcTemplate} wait for
     * it as for the hub's; no {@link Flyway} bean, so the hub's stays the only one.
     *
     * <p>The history starts at version 0 ({@code baselineOnMigrate}: the schema already holds the
     * hub's tables), so the sandbox's V1 runs on every database, also on one that had the sandbox
     * tables from the hub's former V2 migration; its statements keep what exists.
     */
    @Bean
    @DependsOn("flywayInitializer")
    FlywayMigrationInitializer sandboxFlywayInitializer(DataSource dataSource) {
        return new FlywayMigrationInitializer(Flyway.configure()
                .dataSource(dataSource)
                .locations(MIGRATIONS)
                .table(HISTORY)
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load());
    }

    /** The simulator pages' style sheet, from this package's resources, only while the sandbox is on. */
    @Bean
    WebMvcConfigurer sandboxAssets() {
        return new WebMvcConfigurer() {
            @Override
            public void addResourceHandlers(ResourceHandlerRegistry registry) {
                registry.addResourceHandler(SandboxSupport.ASSETS + "/**").addResourceLocations("classpath:/sandbox/assets/");
            }
        };
    }
}
