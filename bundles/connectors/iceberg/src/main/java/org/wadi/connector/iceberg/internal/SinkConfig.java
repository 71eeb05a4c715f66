package org.wadi.connector.iceberg.internal;

import org.wadi.storage.FileNaming;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.connector.Options;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code iceberg} table options, with Arroyo's names: {@code type = 'sink'}, {@code catalog.type
 * = 'rest'}, {@code catalog.rest.url}, {@code catalog.warehouse}, {@code catalog.rest.token},
 * {@code namespace} (dot-separated, default {@code default}), {@code table_name},
 * {@code location_path} (where a created table lives), {@code format = 'parquet'}, the rolling
 * policy ({@code rolling_policy.file_size}, {@code .interval}, {@code .inactivity_interval}), file
 * naming ({@code filename.prefix}, {@code .suffix}, {@code .strategy}) — the filesystem sink's
 * options — and {@code partitioning.fields}, the partition spec of a table the sink creates.
 *
 * @param intervalNanos roll a data file this long after it was opened; 0 for never
 * @param inactivityNanos roll a data file after this long without a row; 0 for never
 * @param prefix the file name prefix, or {@code null}
 * @param suffix the file name suffix (extension without the dot)
 * @param strategy how file names are made unique
 * @param partitioning the partition spec of a table the sink creates
 */
record SinkConfig(String restUrl, String warehouse, String token, String namespace, String tableName,
        String locationPath, long fileSizeBytes, long intervalNanos, long inactivityNanos, String prefix,
        String suffix, FileNaming.Strategy strategy, PartitionFields partitioning) {

    static final String NAME = "iceberg";
    static final String TYPE = "type";
    static final String CATALOG_TYPE = "catalog.type";
    static final String REST_URL = "catalog.rest.url";
    static final String WAREHOUSE = "catalog.warehouse";
    static final String TOKEN = "catalog.rest.token";
    static final String NAMESPACE = "namespace";
    static final String TABLE_NAME = "table_name";
    static final String LOCATION_PATH = "location_path";
    static final String FORMAT = "format";
    static final String FILE_SIZE = "rolling_policy.file_size";
    static final String INTERVAL = "rolling_policy.interval";
    static final String INACTIVITY = "rolling_policy.inactivity_interval";

    /** Data files roll at this size unless {@code rolling_policy.file_size} says otherwise. */
    static final long DEFAULT_FILE_SIZE = 128L * 1024 * 1024;

    static SinkConfig parse(Options options) throws ConnectorException {
        String type = options.optional(TYPE).map(String::trim).orElse("sink");
        if (type.equals("source")) {
            throw new ConnectorException("connector 'iceberg' has no source: Iceberg tables can only be written "
                    + "(type = 'sink')");
        }
        if (!type.equals("sink")) {
            throw invalid(TYPE, type, "'sink'");
        }
        Catalog catalog = Catalog.parse(options);
        String format = options.optional(FORMAT).map(s -> s.trim().toLowerCase(Locale.ROOT)).orElse("parquet");
        if (!format.equals("parquet")) {
            throw invalid(FORMAT, format, "'parquet'");
        }
        String namespace = options.optional(NAMESPACE).map(String::trim).orElse("default");
        if (namespace.isEmpty() || namespace.startsWith(".") || namespace.endsWith(".") || namespace.contains("..")) {
            throw invalid(NAMESPACE, namespace, "a namespace, levels separated by dots (e.g. 'analytics.raw')");
        }
        String table = options.required(TABLE_NAME).trim();
        if (table.isEmpty()) {
            throw invalid(TABLE_NAME, table, "a table name");
        }
        long fileSize = options.optional(FILE_SIZE).map(String::trim).isPresent()
                ? dataSize(options.optional(FILE_SIZE).get().trim())
                : DEFAULT_FILE_SIZE;
        long interval = duration(options, INTERVAL);
        long inactivity = duration(options, INACTIVITY);
        String prefix = options.optional(FileNaming.PREFIX).orElse(null);
        if (prefix != null) {
            checkNamePart(FileNaming.PREFIX, prefix);
        }
        String suffix = options.optional(FileNaming.SUFFIX).orElse("parquet");
        checkNamePart(FileNaming.SUFFIX, suffix);
        FileNaming.Strategy strategy = FileNaming.Strategy.UUID;
        Optional<String> strategyText = options.optional(FileNaming.STRATEGY);
        if (strategyText.isPresent()) {
            strategy = FileNaming.Strategy.parse(strategyText.get());
            if (strategy == null) {
                throw invalid(FileNaming.STRATEGY, strategyText.get(), "one of " + FileNaming.Strategy.choices());
            }
        }
        Optional<String> partitioning = options.optional(PartitionFields.OPTION);
        PartitionFields fields = partitioning.isPresent() && !partitioning.get().isBlank()
                ? PartitionFields.parse(partitioning.get()) : PartitionFields.NONE;
        return new SinkConfig(catalog.url(), catalog.warehouse(), catalog.token(), namespace, table,
                blankToNull(options.optional(LOCATION_PATH)), fileSize, interval, inactivity, prefix, suffix, strategy,
                fields);
    }

    /** A duration as Arroyo writes them: {@code 30} (seconds), {@code 30s}, {@code '5 minutes'}, {@code 1h 30m}. */
    static long duration(Options options, String key) throws ConnectorException {
        Optional<String> text = options.optional(key);
        if (text.isEmpty()) {
            return 0;
        }
        String expected = "a duration such as 30 (seconds), '30 seconds', '5 minutes' or 90s, of at least 1 millisecond";
        Matcher m = Pattern
                .compile("\\s*(\\d+(?:\\.\\d+)?)\\s*([a-zA-Z]*)\\s*,?").matcher(text.get().trim());
        String s = text.get().trim();
        double nanos = 0;
        int at = 0;
        while (at < s.length()) {
            if (!m.find(at) || m.start() != at) {
                throw invalid(key, text.get(), expected);
            }
            double unit = switch (m.group(2).toLowerCase(Locale.ROOT)) {
                case "ms", "millisecond", "milliseconds" -> 1e6;
                case "", "s", "sec", "secs", "second", "seconds" -> 1e9;
                case "m", "min", "mins", "minute", "minutes" -> 60e9;
                case "h", "hr", "hrs", "hour", "hours" -> 3600e9;
                case "d", "day", "days" -> 86400e9;
                default -> throw invalid(key, text.get(), expected);
            };
            nanos += Double.parseDouble(m.group(1)) * unit;
            at = m.end();
        }
        if (s.isEmpty() || nanos < 1e6 || nanos >= Long.MAX_VALUE) {
            throw invalid(key, text.get(), expected);
        }
        return (long) nanos;
    }

    private static void checkNamePart(String key, String value) throws ConnectorException {
        if (value.isEmpty() || value.contains("/") || value.contains("\\") || value.equals(".") || value.equals("..")
                || value.chars().anyMatch(c -> c < 0x20)) {
            throw invalid(key, value, "text without '/', '\\' or control characters, usable in a file name");
        }
    }

    /** The catalog options (a connection profile's). */
    record Catalog(String url, String warehouse, String token) {

        static Catalog parse(Options options) throws ConnectorException {
            String catalogType = options.required(CATALOG_TYPE).trim();
            if (!catalogType.equalsIgnoreCase("rest")) {
                throw invalid(CATALOG_TYPE, catalogType, "'rest'");
            }
            String url = options.required(REST_URL).trim();
            if (!(url.startsWith("http://") || url.startsWith("https://"))) {
                throw invalid(REST_URL, url, "an http:// or https:// URL of the REST catalog");
            }
            return new Catalog(url, blankToNull(options.optional(WAREHOUSE)), blankToNull(options.optional(TOKEN)));
        }
    }

    Catalog catalog() {
        return new Catalog(restUrl, warehouse, token);
    }

    /** The options as the planned table keeps them (defaults filled in). */
    Map<String, String> toOptions() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(TYPE, "sink");
        m.put(CATALOG_TYPE, "rest");
        m.put(REST_URL, restUrl);
        if (warehouse != null) {
            m.put(WAREHOUSE, warehouse);
        }
        if (token != null) {
            m.put(TOKEN, token);
        }
        m.put(NAMESPACE, namespace);
        m.put(TABLE_NAME, tableName);
        if (locationPath != null) {
            m.put(LOCATION_PATH, locationPath);
        }
        m.put(FORMAT, "parquet");
        m.put(FILE_SIZE, Long.toString(fileSizeBytes));
        if (intervalNanos > 0) {
            m.put(INTERVAL, (intervalNanos / 1_000_000) + "ms");
        }
        if (inactivityNanos > 0) {
            m.put(INACTIVITY, (inactivityNanos / 1_000_000) + "ms");
        }
        if (prefix != null) {
            m.put(FileNaming.PREFIX, prefix);
        }
        m.put(FileNaming.SUFFIX, suffix);
        m.put(FileNaming.STRATEGY, strategy.option());
        if (!partitioning.isEmpty()) {
            m.put(PartitionFields.OPTION, partitioning.text());
        }
        return m;
    }

    /** Parses a size as Arroyo writes them: {@code 1048576}, {@code 64MB}, {@code 512 KiB}, {@code 1gb}. */
    static long dataSize(String value) throws ConnectorException {
        String v = value.replace(" ", "").toLowerCase(Locale.ROOT);
        int i = 0;
        while (i < v.length() && Character.isDigit(v.charAt(i))) {
            i++;
        }
        if (i == 0) {
            throw invalid(FILE_SIZE, value, "a size such as 134217728, 64MB or 512KiB");
        }
        long n;
        try {
            n = Long.parseLong(v.substring(0, i));
        } catch (NumberFormatException e) {
            throw invalid(FILE_SIZE, value, "a size such as 134217728, 64MB or 512KiB");
        }
        long unit = switch (v.substring(i)) {
            case "", "b" -> 1L;
            case "k", "kb", "kib" -> 1024L;
            case "m", "mb", "mib" -> 1024L * 1024;
            case "g", "gb", "gib" -> 1024L * 1024 * 1024;
            default -> throw invalid(FILE_SIZE, value, "a size such as 134217728, 64MB or 512KiB");
        };
        if (n <= 0) {
            throw invalid(FILE_SIZE, value, "a positive size");
        }
        return Math.multiplyExact(n, unit);
    }

    static ConnectorException invalid(String key, String value, String expected) {
        return new ConnectorException("Invalid value '" + value + "' for option '" + key + "' of connector '" + NAME
                + "': expected " + expected);
    }

    private static String blankToNull(Optional<String> v) {
        return v.map(String::trim).filter(s -> !s.isEmpty()).orElse(null);
    }
}
