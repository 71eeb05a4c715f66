package org.wadi.connector.postgres.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.connector.Options;

/**
 * The options of a {@code jdbc} table, named as Flink's JDBC connector names them: {@code url},
 * {@code table} ({@code schema.table} allowed), {@code username}, {@code password}; {@code type}
 * {@code sink} or {@code lookup} (as the redis connector); for sinks {@code sink.batch_size} and
 * {@code sink.commit_mode} ({@code at_least_once}, the default, or {@code exactly_once}, as
 * Arroyo's Kafka sink); for lookup tables the engine's {@code lookup.cache.max_bytes} and
 * {@code lookup.cache.ttl}. The password is kept but never shown.
 */
record JdbcConfig(String type, String url, String username, String password, String schema, String table,
        int batchSize, boolean exactlyOnce) {

    static final String TYPE = "type";
    static final String URL = "url";
    static final String TABLE = "table";
    static final String USERNAME = "username";
    static final String PASSWORD = "password";
    static final String BATCH_SIZE = "sink.batch_size";
    static final String COMMIT_MODE = "sink.commit_mode";
    static final String CACHE_MAX_BYTES = "lookup.cache.max_bytes";
    static final String CACHE_TTL = "lookup.cache.ttl";

    @Override
    public String toString() {
        return "jdbc " + type + " " + PgConnections.redact(url) + " " + qualifiedTable();
    }

    /** The table, quoted for SQL. */
    String qualifiedTable() {
        return PgConnections.qualified(schema, table);
    }

    static JdbcConfig read(Options options, Map<String, String> normalized) throws ConnectorException {
        String connector = options.connector();
        String type = options.choice(TYPE, "sink", "sink", "lookup");
        String url = options.required(URL).trim();
        checkUrl(connector, URL, url);
        String name = options.required(TABLE).trim();
        int dot = name.indexOf('.');
        String schema = dot < 0 ? null : name.substring(0, dot);
        String table = dot < 0 ? name : name.substring(dot + 1);
        if (table.isEmpty() || (schema != null && schema.isEmpty()) || table.contains(".")) {
            throw new ConnectorException("Invalid value '" + name + "' for option '" + TABLE + "' of connector '"
                    + connector + "': expected a table name, optionally with its schema (schema.table)");
        }
        String username = options.optional(USERNAME).filter(s -> !s.isBlank()).orElse(null);
        String password = options.optional(PASSWORD).filter(s -> !s.isEmpty()).orElse(null);
        boolean sink = type.equals("sink");
        long batch = options.longValue(BATCH_SIZE, 1000);
        String mode = options.choice(COMMIT_MODE, "at_least_once", "at_least_once", "exactly_once");
        if (batch < 1 || batch > 1_000_000) {
            throw new ConnectorException("Invalid value '" + batch + "' for option '" + BATCH_SIZE + "' of connector '"
                    + connector + "': expected a whole number of rows, 1 to 1000000");
        }
        Optional<String> cacheMax = options.optional(CACHE_MAX_BYTES);
        Optional<String> cacheTtl = options.optional(CACHE_TTL);
        for (String k : sink ? List.of(CACHE_MAX_BYTES, CACHE_TTL) : List.of(BATCH_SIZE, COMMIT_MODE)) {
            if (options.asMap().containsKey(k)) {
                throw new ConnectorException("Option '" + k + "' of connector '" + connector + "' is for "
                        + (sink ? "lookup tables (type = 'lookup'), not sinks"
                                : "sinks (type = 'sink'), not lookup tables"));
            }
        }
        if (cacheMax.isPresent()) {
            long bytes;
            try {
                bytes = Long.parseLong(cacheMax.get().trim());
            } catch (NumberFormatException e) {
                bytes = -1;
            }
            if (bytes < 0) {
                throw new ConnectorException("Invalid value '" + cacheMax.get() + "' for option '" + CACHE_MAX_BYTES
                        + "' of connector '" + connector + "': expected a whole number of bytes");
            }
            normalized.put(CACHE_MAX_BYTES, Long.toString(bytes));
        }
        if (cacheTtl.isPresent()) {
            normalized.put(CACHE_TTL, Durations.millis(connector, CACHE_TTL, cacheTtl.get()) + "ms");
        }
        return new JdbcConfig(type, url, username, password, schema, table, (int) batch, mode.equals("exactly_once"));
    }

    /** Writes the options, normalised, into a resolved table's options. */
    void putInto(Map<String, String> options) {
        options.put(TYPE, type);
        options.put(URL, url);
        options.put(TABLE, schema == null ? table : schema + "." + table);
        if (username != null) {
            options.put(USERNAME, username);
        }
        if (password != null) {
            options.put(PASSWORD, password);
        }
        if (type.equals("sink")) {
            options.put(BATCH_SIZE, Integer.toString(batchSize));
            options.put(COMMIT_MODE, exactlyOnce ? "exactly_once" : "at_least_once");
        }
    }

    /** The configuration recorded in a resolved table's options by {@link #putInto}. */
    static JdbcConfig of(Map<String, String> tableOptions) throws ConnectorException {
        Map<String, String> copy = new LinkedHashMap<>(tableOptions);
        copy.keySet().removeIf(k -> k.startsWith("lookup.cache."));
        return read(new Options(JdbcConnector.NAME, copy), new LinkedHashMap<>());
    }

    /** Only PostgreSQL's driver is embedded: other URLs are refused, naming the one accepted. */
    static void checkUrl(String connector, String key, String url) throws ConnectorException {
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new ConnectorException("Invalid value '" + PgConnections.redact(url) + "' for option '" + key
                    + "' of connector '" + connector + "': expected a PostgreSQL JDBC URL such as "
                    + "jdbc:postgresql://localhost:5432/mydb (give the credentials in 'username' and 'password')");
        }
    }
}
