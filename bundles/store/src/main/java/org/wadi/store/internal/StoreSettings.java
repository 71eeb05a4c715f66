package org.wadi.store.internal;

import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Function;

/**
 * The store's settings as plain values: {@link StoreConfig} with the environment's {@code WADI_*}
 * overrides applied, so that the rest of the code (and the tests) need no OSGi.
 *
 * @param url JDBC URL of an external database, or empty for the embedded one
 * @param user user for {@code url}, or empty
 * @param password password for {@code url}, or empty
 * @param poolSize most pooled connections
 * @param embeddedDir data directory of the embedded PostgreSQL
 * @param embeddedPort port of the embedded PostgreSQL, 0 for a free one
 */
public record StoreSettings(String url, String user, String password, int poolSize, Path embeddedDir, int embeddedPort) {

    public StoreSettings {
        url = url == null ? "" : url.trim();
        user = user == null ? "" : user;
        password = password == null ? "" : password;
        if (!url.isEmpty() && !url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("invalid database.url '" + url
                    + "': expected a PostgreSQL JDBC URL (jdbc:postgresql://host:port/database), or empty for the embedded PostgreSQL");
        }
        if (poolSize < 1) {
            throw new IllegalArgumentException("invalid database.pool.size " + poolSize + ": expected at least 1");
        }
        if (embeddedPort < 0 || embeddedPort > 65535 || embeddedPort == 5432) {
            throw new IllegalArgumentException("invalid database.embedded.port " + embeddedPort
                    + ": expected 0 (a free port) or a port from 1 to 65535 other than 5432, which belongs to a system PostgreSQL");
        }
        if (url.isEmpty() && embeddedDir == null) {
            throw new IllegalArgumentException("no database.embedded.dir: set it, or the karaf.data system property, or database.url");
        }
    }

    /** An external database. */
    public static StoreSettings external(String url, String user, String password) {
        return new StoreSettings(url, user, password, 8, null, 0);
    }

    /** An embedded PostgreSQL in {@code dir}, on a free port. */
    public static StoreSettings embedded(Path dir) {
        return new StoreSettings("", "", "", 8, dir, 0);
    }

    /** Whether the store starts its own PostgreSQL. */
    public boolean isEmbedded() {
        return url.isEmpty();
    }

    /**
     * Reads the configuration, letting {@code WADI_<KEY>} variables of {@code env} override it.
     *
     * @param karafData the {@code karaf.data} system property, or null outside Karaf
     */
    public static StoreSettings from(StoreConfig c, Function<String, String> env, String karafData) {
        Function<String, String> o = key -> {
            String v = env.apply("WADI_" + key.toUpperCase(Locale.ROOT).replace('.', '_'));
            return v == null || v.isBlank() ? null : v.trim();
        };
        String dir = firstNonBlank(o.apply("database.embedded.dir"), c.database_embedded_dir());
        Path embeddedDir = dir != null ? Path.of(dir)
                : karafData != null && !karafData.isBlank() ? Path.of(karafData, "postgres") : null;
        return new StoreSettings(
                firstNonBlank(o.apply("database.url"), c.database_url()),
                firstNonBlank(o.apply("database.user"), c.database_user()),
                firstNonBlank(o.apply("database.password"), c.database_password()),
                integer("database.pool.size", o.apply("database.pool.size"), c.database_pool_size()),
                embeddedDir,
                integer("database.embedded.port", o.apply("database.embedded.port"), c.database_embedded_port()));
    }

    private static String firstNonBlank(String a, String b) {
        if (a != null && !a.isBlank()) {
            return a;
        }
        return b == null || b.isBlank() ? null : b.trim();
    }

    private static int integer(String key, String override, int configured) {
        if (override == null) {
            return configured;
        }
        try {
            return Integer.parseInt(override);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid " + key + " '" + override + "' (from WADI_"
                    + key.toUpperCase(Locale.ROOT).replace('.', '_') + "): expected an integer", e);
        }
    }

    @Override
    public String toString() {
        // never print the password
        return "StoreSettings[url=" + redact(url) + ", user=" + user + ", poolSize=" + poolSize
                + ", embeddedDir=" + embeddedDir + ", embeddedPort=" + embeddedPort + "]";
    }

    static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^&]*", "$1***");
    }
}
