package id.loket;

import id.loket.config.BillerRoutes;
import id.loket.config.HubProperties;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

@SpringBootApplication
@EnableConfigurationProperties({HubProperties.class, BillerRoutes.class})
public class LoketApplication {
    public static void main(String[] args) {
        SpringApplication.run(LoketApplication.class, args);
    }
}
