package org.wadi.store.internal;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The store on the machine's PostgreSQL at 127.0.0.1:5432 (user postgres, trust authentication),
 * in a database of its own created and dropped here; skipped when that server is not reachable.
 * {@code WADI_TEST_POSTGRES_URL} points it at another server (a URL of its maintenance database).
 */
class PipelineStoreExternalTest extends PipelineStoreContract {

    private static final String ADMIN_URL = System.getenv().getOrDefault("WADI_TEST_POSTGRES_URL",
            "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres&connectTimeout=3");

    private static String database;
    private static String url;
    private static MyBatisPipelineStore store;

    @BeforeAll
    static void start() throws SQLException {
        Connection admin;
        try {
            admin = DriverManager.getConnection(ADMIN_URL);
        } catch (SQLException e) {
            assumeTrue(false, "no PostgreSQL at " + ADMIN_URL + ": " + e.getMessage());
            return;
        }
        database = "wadi_store_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (admin; Statement s = admin.createStatement()) {
            s.execute("CREATE DATABASE " + database);
        }
        url = ADMIN_URL.replaceFirst("/[^/?]+(\\?|$)", "/" + database + "$1");
        store = new MyBatisPipelineStore(StoreSettings.external(url, "", ""));
    }

    @AfterAll
    static void stop() throws SQLException {
        if (store != null) {
            store.close();
        }
        if (database != null) {
            try (Connection admin = DriverManager.getConnection(ADMIN_URL); Statement s = admin.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            }
        }
    }

    @Override
    MyBatisPipelineStore store() {
        return store;
    }

    @Override
    String jdbcUrl() {
        return url;
    }
}
