package id.loket.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/**
 * {@code bench/run.sh --db postgresql}: drops the benchmark's schema before the hub starts, so
 * Flyway creates it afresh and every run begins with empty tables.
 * Usage: {@code DropSchema <jdbc url without currentSchema> <schema>}.
 */
public final class DropSchema {

    private DropSchema() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2 || !args[1].matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("usage: DropSchema <jdbc url> <schema: lower-case letters, digits, _>");
        }
        try (Connection c = DriverManager.getConnection(args[0]); Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS " + args[1] + " CASCADE");
        }
        System.out.println("dropped schema " + args[1] + " (if it existed)");
    }
}
