package id.loket.config;

import java.sql.Connection;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;

/**
 * H2 writes committed transactions to its file up to a second later by default, so a process
 * killed in that second loses them: an order already answered to the Mitra, a payment a provider
 * already took. Loket tells H2 to write at every commit (the setting persists in the database file).
 * PostgreSQL needs nothing: a commit is durable when it returns.
 */
@Component
public class H2Durability implements InitializingBean {

    private static final Logger LOG = LoggerFactory.getLogger(H2Durability.class);
    private final DataSource dataSource;

    public H2Durability(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public void afterPropertiesSet() throws Exception {
        try (Connection c = dataSource.getConnection()) {
            if (c.getMetaData().getDatabaseProductName().toLowerCase().contains("h2")) {
                try (var st = c.createStatement()) {
                    st.execute("SET WRITE_DELAY 0");
                }
                LOG.info("H2 writes every commit to its file at once");
            }
        }
    }
}
