package org.wadi.connector.postgres.internal;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * One embedded PostgreSQL for the module's tests, started on first use with {@code wal_level =
 * logical}, replication slots and prepared transactions, on a free loopback port; stopped when
 * the test JVM ends. The machine's PostgreSQL is left alone.
 */
final class TestDatabase {

    private static EmbeddedPostgres server;

    private TestDatabase() {
    }

    static synchronized String url() {
        if (server == null) {
            try {
                server = EmbeddedPostgres.builder()
                        .setServerConfig("listen_addresses", "127.0.0.1")
                        .setServerConfig("wal_level", "logical")
                        .setServerConfig("max_replication_slots", "20")
                        .setServerConfig("max_wal_senders", "20")
                        .setServerConfig("max_prepared_transactions", "50")
                        .setServerConfig("fsync", "off")
                        .setPGStartupWait(java.time.Duration.ofSeconds(60))
                        .start();
            } catch (IOException e) {
                throw new UncheckedIOException("could not start the embedded PostgreSQL", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    server.close();
                } catch (IOException e) {
                    // the JVM ends anyway
                }
            }));
        }
        return "jdbc:postgresql://127.0.0.1:" + server.getPort() + "/postgres";
    }

    static Connection connect() throws SQLException {
        return DriverManager.getConnection(url(), "postgres", null);
    }

    static void execute(String... statements) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    /** The rows of a query, each as a list of the columns' text forms. */
    static List<List<String>> query(String sql) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            List<List<String>> rows = new ArrayList<>();
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    row.add(rs.getString(i));
                }
                rows.add(row);
            }
            return rows;
        }
    }

    static long count(String sql) throws SQLException {
        return Long.parseLong(query(sql).get(0).get(0));
    }

    /** Waits up to 60 s for a condition, polling. */
    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("not within 60 s: " + what);
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }
}
