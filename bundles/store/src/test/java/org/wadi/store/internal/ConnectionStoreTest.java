package org.wadi.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.wadi.store.ConnectionProfile;
import org.wadi.store.ConnectionTable;
import org.wadi.store.Page;

/**
 * Connection profiles and tables (migration V7) on the machine's PostgreSQL at 127.0.0.1:5432, in a
 * database of its own; skipped when that server is not reachable ({@code WADI_TEST_POSTGRES_URL}
 * points it at another).
 */
class ConnectionStoreTest {

    private static final String ADMIN_URL = System.getenv().getOrDefault("WADI_TEST_POSTGRES_URL",
            "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres&connectTimeout=3");
    private static final String PASSWORD = "hunter2-" + UUID.randomUUID();

    private static String database;
    private static String url;
    private static byte[] key;
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
        database = "wadi_conn_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (admin; Statement s = admin.createStatement()) {
            s.execute("CREATE DATABASE " + database);
        }
        url = ADMIN_URL.replaceFirst("/[^/?]+(\\?|$)", "/" + database + "$1");
        key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        store = new MyBatisPipelineStore(StoreSettings.external(url, "", ""), new SecretCipher(key));
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

    private static ConnectionProfile profile(String id, String name) {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("bootstrap_servers", "127.0.0.1:9092");
        options.put("sasl.password", PASSWORD);
        return new ConnectionProfile(id, name, "kafka", options, Set.of("sasl.password"), "the cluster",
                Instant.parse("2026-11-26T10:00:00Z"));
    }

    private static ConnectionTable table(String id, String name, String profileId) {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("topic", "orders");
        options.put("api_token", "tok-" + id);
        options.put("type", "source");
        return new ConnectionTable(id, name, "kafka", profileId, "source", options, Set.of("api_token"),
                "{\"fields\":[]}", Instant.parse("2026-11-26T10:00:01Z"));
    }

    @Test
    void secretsAreCiphertextInTheDatabaseAndClearWhenRead() throws SQLException {
        assertTrue(store.createProfile(profile("cp_secret", "secret_cluster")));
        List<String> stored = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT key, value, encrypted FROM connection_profile_options "
                        + "WHERE profile_id = 'cp_secret' ORDER BY position")) {
            while (rs.next()) {
                stored.add(rs.getString(1) + "=" + rs.getString(2) + "/" + rs.getBoolean(3));
            }
        }
        assertEquals(2, stored.size(), stored.toString());
        assertEquals("bootstrap_servers=127.0.0.1:9092/false", stored.get(0));
        assertTrue(stored.get(1).startsWith("sasl.password=" + SecretCipher.PREFIX), stored.get(1));
        assertFalse(stored.get(1).contains(PASSWORD), stored.get(1));

        ConnectionProfile read = store.getProfile("cp_secret").orElseThrow();
        assertEquals(PASSWORD, read.options().get("sasl.password"));
        assertEquals(List.of("bootstrap_servers", "sasl.password"), List.copyOf(read.options().keySet()));
        assertEquals(Set.of("sasl.password"), read.secretKeys());
        assertEquals("the cluster", read.description());
        assertEquals(Instant.parse("2026-11-26T10:00:00Z"), read.createdAt());
        assertFalse(read.toString().contains(PASSWORD), read.toString());
        assertEquals("cp_secret", store.findProfile("secret_cluster").orElseThrow().id());

        // the same rows read with another key: a clear error, never the ciphertext as a value
        try (MyBatisPipelineStore other = new MyBatisPipelineStore(StoreSettings.external(url, "", ""),
                SecretCipher.random())) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> other.getProfile("cp_secret"));
            assertTrue(e.getMessage().contains("sasl.password") && e.getMessage().contains("secret.key"),
                    e.getMessage());
        }
    }

    @Test
    void namesAreUniqueAndAProfileInUseCannotBeDeleted() throws SQLException {
        assertTrue(store.createProfile(profile("cp_used", "used_cluster")));
        assertFalse(store.createProfile(profile("cp_other", "used_cluster")), "a second profile of that name");
        assertTrue(store.createTable(table("ct_used1", "orders_used", "cp_used")));
        assertFalse(store.createTable(table("ct_used2", "orders_used", null)), "a second table of that name");
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> store.createTable(table("ct_nope", "orders_nope", "cp_missing")));
        assertTrue(missing.getMessage().contains("cp_missing"), missing.getMessage());

        assertEquals(List.of("orders_used"), store.tablesUsingProfile("cp_used"));
        IllegalStateException inUse = assertThrows(IllegalStateException.class, () -> store.deleteProfile("cp_used"));
        assertTrue(inUse.getMessage().contains("orders_used"), inUse.getMessage());
        assertTrue(store.getProfile("cp_used").isPresent());

        ConnectionTable t = store.findTable("orders_used").orElseThrow();
        assertEquals("tok-ct_used1", t.options().get("api_token"));
        assertEquals("cp_used", t.profileId());
        assertEquals("{\"fields\":[]}", t.schema());
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT value FROM connection_table_options WHERE table_id = 'ct_used1' "
                        + "AND key = 'api_token'")) {
            assertTrue(rs.next());
            assertTrue(rs.getString(1).startsWith(SecretCipher.PREFIX) && !rs.getString(1).contains("tok-"),
                    rs.getString(1));
        }

        assertTrue(store.deleteTable("ct_used1"));
        assertFalse(store.deleteTable("ct_used1"));
        assertTrue(store.deleteProfile("cp_used"));
        assertFalse(store.deleteProfile("cp_used"));
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM connection_profile_options WHERE profile_id = 'cp_used'")) {
            assertTrue(rs.next());
            assertEquals(0, rs.getInt(1), "options go with their profile");
        }
    }

    @Test
    void tablesArePagedInIdOrder() {
        for (int i = 0; i < 5; i++) {
            assertTrue(store.createTable(table("ct_page" + i, "paged_" + i, null)));
        }
        List<String> seen = new ArrayList<>();
        String after = "ct_page";
        Page<ConnectionTable> page;
        int pages = 0;
        do {
            page = store.listTables(after, 2);
            for (ConnectionTable t : page.data()) {
                if (t.id().startsWith("ct_page")) {
                    seen.add(t.id());
                }
                after = t.id();
            }
            pages++;
        } while (page.hasMore() && pages < 10);
        assertEquals(List.of("ct_page0", "ct_page1", "ct_page2", "ct_page3", "ct_page4"), seen);
        assertNull(store.findTable("paged_9").orElse(null));
        for (int i = 0; i < 5; i++) {
            assertTrue(store.deleteTable("ct_page" + i));
        }
    }
}
