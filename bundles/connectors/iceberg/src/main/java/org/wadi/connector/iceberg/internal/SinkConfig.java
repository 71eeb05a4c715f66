package org.wadi.connector.iceberg.internal;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.connector.Options;

/**
 * The {@code iceberg} table options, with Arroyo's names: {@code type = 'sink'}, {@code catalog.type
 * = 'rest'}, {@code catalog.rest.url}, {@code catalog.warehouse}, {@code catalog.rest.token},
 * {@code namespace} (dot-separated, default {@code default}), {@code table_name},
 * {@code location_path} (where a created table lives), {@code format = 'parquet'} and
 * {@code rolling_policy.file_size}.
 */
record SinkConfig(String restUrl, String warehouse, String token, String namespace, String tableName,
        String locationPath, long fileSizeBytes) {

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
        return new SinkConfig(catalog.url(), catalog.warehouse(), catalog.token(), namespace, table,
                blankToNull(options.optional(LOCATION_PATH)), fileSize);
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
