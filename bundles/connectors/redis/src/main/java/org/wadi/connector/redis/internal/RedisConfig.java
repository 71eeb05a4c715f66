package org.wadi.connector.redis.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.connector.Options;

/**
 * The options of a {@code redis} table, named as Arroyo names them, validated and normalised:
 * {@link #read} checks what the user wrote, {@link #putInto} records it in the resolved table, and
 * {@link #of} reads it back on the workers. The password is kept (the workers need it) but never
 * shown: {@link #toString} and every message leave it out.
 *
 * @param type {@code sink} or {@code lookup}
 * @param cluster whether {@code connection_type = 'cluster'}
 * @param addresses the server (standalone) or the cluster's seed nodes
 * @param username the ACL user, or {@code null}
 * @param password the password, or {@code null}
 * @param target {@code string}, {@code list} or {@code hash} (sinks)
 * @param keyPrefix prepended to every key
 * @param keyColumn the column whose value ends each key (sinks), or {@code null}
 * @param fieldColumn the column naming each hash field (hash target), or {@code null}
 * @param maxLength the longest a list grows (list target), or 0 for no bound
 * @param prepend whether list rows are pushed to the front ({@code target.operation = 'prepend'})
 * @param ttlSecs how long string keys live, or 0 for ever
 */
record RedisConfig(String type, boolean cluster, List<Address> addresses, String username, String password,
        String target, String keyPrefix, String keyColumn, String fieldColumn, long maxLength, boolean prepend,
        long ttlSecs) {

    static final String CONNECTION_TYPE = "connection_type";
    static final String ADDRESS = "address";
    static final String CLUSTER_ADDRESSES = "cluster.addresses";
    static final String USERNAME = "username";
    static final String PASSWORD = "password";
    static final String TYPE = "type";
    static final String TARGET = "target";
    static final String KEY_PREFIX = "target.key_prefix";
    static final String KEY_COLUMN = "target.key_column";
    static final String FIELD_COLUMN = "target.field_column";
    static final String MAX_LENGTH = "target.max_length";
    static final String OPERATION = "target.operation";
    static final String TTL_SECS = "target.ttl_secs";
    static final String CACHE_MAX_BYTES = "lookup.cache.max_bytes";
    static final String CACHE_TTL = "lookup.cache.ttl";
    /** The options saying how to connect, shared by every table of a connection. */
    static final List<String> CONNECTION_KEYS = List.of(CONNECTION_TYPE, ADDRESS, CLUSTER_ADDRESSES, USERNAME, PASSWORD);

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*([a-z]*)");

    /** One server: host, port, TLS ({@code rediss://}) and database number. */
    record Address(String host, int port, boolean tls, int database) {
        @Override
        public String toString() {
            return (tls ? "rediss://" : "redis://") + host + ":" + port + (database == 0 ? "" : "/" + database);
        }
    }

    @Override
    public String toString() {
        return "redis " + type + " " + (cluster ? "cluster " : "") + addresses + (username == null ? "" : " as " + username)
                + (password == null ? "" : " with a password");
    }

    /**
     * Reads and checks the options of a table definition (marking them known); the cache options
     * of lookup tables are checked and written normalised into {@code normalized}.
     */
    static RedisConfig read(Options options, String table, Map<String, String> normalized) throws ConnectorException {
        String connector = options.connector();
        String type = options.choice(TYPE, null, "sink", "lookup");
        if (type == null) {
            throw new ConnectorException("Missing required option 'type' for connector '" + connector
                    + "': 'sink' or 'lookup'");
        }
        boolean cluster = options.choice(CONNECTION_TYPE, "standalone", "standalone", "cluster").equals("cluster");
        List<Address> addresses = new ArrayList<>();
        if (cluster) {
            if (options.optional(ADDRESS).isPresent()) {
                throw new ConnectorException("Option '" + ADDRESS + "' of connector '" + connector + "' is for "
                        + CONNECTION_TYPE + " = 'standalone'; a cluster takes '" + CLUSTER_ADDRESSES + "'");
            }
            for (String a : options.required(CLUSTER_ADDRESSES).split(",")) {
                if (!a.isBlank()) {
                    addresses.add(address(connector, CLUSTER_ADDRESSES, a.trim()));
                }
            }
        } else {
            if (options.optional(CLUSTER_ADDRESSES).isPresent()) {
                throw new ConnectorException("Option '" + CLUSTER_ADDRESSES + "' of connector '" + connector
                        + "' needs " + CONNECTION_TYPE + " = 'cluster'");
            }
            addresses.add(address(connector, ADDRESS, options.required(ADDRESS).trim()));
        }
        String username = blankToNull(options.optional(USERNAME));
        String password = blankToNull(options.optional(PASSWORD));
        String keyPrefix = options.optional(KEY_PREFIX).orElse("");
        boolean sink = type.equals("sink");
        String target = sink ? options.choice(TARGET, null, "string", "list", "hash") : null;
        if (sink && target == null) {
            throw new ConnectorException("Missing required option '" + TARGET + "' for redis sink table '" + table
                    + "': one of string, list, hash");
        }
        String keyColumn = blankToNull(options.optional(KEY_COLUMN));
        String fieldColumn = blankToNull(options.optional(FIELD_COLUMN));
        long maxLength = options.longValue(MAX_LENGTH, 0);
        String operation = options.choice(OPERATION, "append", "append", "prepend");
        long ttlSecs = options.longValue(TTL_SECS, 0);
        if (maxLength < 0 || ttlSecs < 0) {
            throw new ConnectorException("Invalid value for option '" + (maxLength < 0 ? MAX_LENGTH : TTL_SECS)
                    + "' of connector '" + connector + "': expected a positive whole number");
        }
        Optional<String> cacheMax = options.optional(CACHE_MAX_BYTES);
        Optional<String> cacheTtl = options.optional(CACHE_TTL);
        if (sink) {
            onlyFor(connector, "hash", target, FIELD_COLUMN, fieldColumn != null);
            if (target.equals("hash") && fieldColumn == null) {
                throw new ConnectorException("Missing required option '" + FIELD_COLUMN + "' for redis sink table '"
                        + table + "' with target = 'hash'");
            }
            onlyFor(connector, "list", target, MAX_LENGTH, options.asMap().containsKey(MAX_LENGTH));
            onlyFor(connector, "list", target, OPERATION, options.asMap().containsKey(OPERATION));
            onlyFor(connector, "string", target, TTL_SECS, options.asMap().containsKey(TTL_SECS));
            for (String k : List.of(CACHE_MAX_BYTES, CACHE_TTL)) {
                if (options.asMap().containsKey(k)) {
                    throw new ConnectorException("Option '" + k + "' of connector '" + connector
                            + "' is for lookup tables (type = 'lookup'), not sinks");
                }
            }
        } else {
            for (String k : List.of(TARGET, KEY_COLUMN, FIELD_COLUMN, MAX_LENGTH, OPERATION, TTL_SECS)) {
                if (options.asMap().containsKey(k)) {
                    throw new ConnectorException("Option '" + k + "' of connector '" + connector
                            + "' is for sinks (type = 'sink'); a lookup table reads string keys '"
                            + KEY_PREFIX + "' + its primary key");
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
                normalized.put(CACHE_TTL, ttlMillis(connector, cacheTtl.get()) + "ms");
            }
        }
        return new RedisConfig(type, cluster, List.copyOf(addresses), username, password, target, keyPrefix, keyColumn,
                fieldColumn, maxLength, operation.equals("prepend"), ttlSecs);
    }

    /** Writes the connection and target options, normalised, into a resolved table's options. */
    void putInto(Map<String, String> options) {
        options.put(TYPE, type);
        options.put(CONNECTION_TYPE, cluster ? "cluster" : "standalone");
        List<String> all = addresses.stream().map(Address::toString).toList();
        options.put(cluster ? CLUSTER_ADDRESSES : ADDRESS, String.join(",", all));
        if (username != null) {
            options.put(USERNAME, username);
        }
        if (password != null) {
            options.put(PASSWORD, password);
        }
        options.put(KEY_PREFIX, keyPrefix);
        if (target != null) {
            options.put(TARGET, target);
            if (keyColumn != null) {
                options.put(KEY_COLUMN, keyColumn);
            }
            if (fieldColumn != null) {
                options.put(FIELD_COLUMN, fieldColumn);
            }
            if (target.equals("list")) {
                options.put(MAX_LENGTH, Long.toString(maxLength));
                options.put(OPERATION, prepend ? "prepend" : "append");
            }
            if (target.equals("string")) {
                options.put(TTL_SECS, Long.toString(ttlSecs));
            }
        }
    }

    /** The configuration recorded in a resolved table's options by {@link #putInto}. */
    static RedisConfig of(Map<String, String> tableOptions) throws ConnectorException {
        Map<String, String> copy = new LinkedHashMap<>(tableOptions);
        // the cache options are the lookup join's, the format options the encoder's
        copy.keySet().removeIf(k -> k.equals("format") || k.startsWith("json.") || k.startsWith("lookup.cache."));
        return read(new Options("redis", copy), "?", new LinkedHashMap<>());
    }

    private static void onlyFor(String connector, String forTarget, String target, String key, boolean given)
            throws ConnectorException {
        if (given && !forTarget.equals(target)) {
            throw new ConnectorException("Option '" + key + "' of connector '" + connector + "' is for target = '"
                    + forTarget + "', not '" + target + "'");
        }
    }

    private static String blankToNull(Optional<String> v) {
        return v.isEmpty() || v.get().isBlank() ? null : v.get().trim();
    }

    /** A {@code redis://host:port[/db]} or {@code rediss://…} address; a bare {@code host:port} is taken as redis://. */
    static Address address(String connector, String key, String text) throws ConnectorException {
        String expected = "expected an address such as redis://localhost:6379 (rediss:// for TLS, /N for database N);"
                + " give the credentials in 'username' and 'password'";
        URI uri;
        try {
            uri = new URI(text.contains("://") ? text : "redis://" + text);
        } catch (URISyntaxException e) {
            throw new ConnectorException("Invalid value for option '" + key + "' of connector '" + connector + "': "
                    + expected);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getRawUserInfo() != null) {
            // never echo a password given inside the address
            throw new ConnectorException("Invalid value for option '" + key + "' of connector '" + connector + "': "
                    + expected);
        }
        if (!scheme.equals("redis") && !scheme.equals("rediss") || uri.getHost() == null) {
            throw new ConnectorException("Invalid value '" + text + "' for option '" + key + "' of connector '"
                    + connector + "': " + expected);
        }
        int database = 0;
        String path = uri.getPath() == null ? "" : uri.getPath().replaceAll("^/+|/+$", "");
        if (!path.isEmpty()) {
            try {
                database = Integer.parseInt(path);
            } catch (NumberFormatException e) {
                throw new ConnectorException("Invalid value '" + text + "' for option '" + key + "' of connector '"
                        + connector + "': the path must be a database number; " + expected);
            }
        }
        return new Address(uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort(), scheme.equals("rediss"), database);
    }

    /** A duration such as {@code 500ms}, {@code 30s}, {@code 5 minutes}, {@code 1h} (no unit: seconds), in milliseconds. */
    static long ttlMillis(String connector, String text) throws ConnectorException {
        Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
        long unit = !m.matches() ? -1 : switch (m.group(2)) {
            case "ms", "millis", "millisecond", "milliseconds" -> 1L;
            case "", "s", "sec", "secs", "second", "seconds" -> 1_000L;
            case "m", "min", "mins", "minute", "minutes" -> 60_000L;
            case "h", "hour", "hours" -> 3_600_000L;
            case "d", "day", "days" -> 86_400_000L;
            default -> -1;
        };
        try {
            if (unit > 0) {
                return Math.multiplyExact(Long.parseLong(m.group(1)), unit);
            }
        } catch (ArithmeticException | NumberFormatException e) {
            // too large: reported below
        }
        throw new ConnectorException("Invalid value '" + text + "' for option '" + CACHE_TTL + "' of connector '"
                + connector + "': expected a duration such as 500ms, 30s, 5 minutes or 1h");
    }
}
