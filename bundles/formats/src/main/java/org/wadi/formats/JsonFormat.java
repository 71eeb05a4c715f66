package org.wadi.formats;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.connector.Options;

/**
 * The {@code format = 'json'} and {@code format = 'debezium_json'} table options, as Arroyo names
 * them: {@code json.timestamp_format} ({@code rfc3339} or {@code unix_millis}) and
 * {@code json.decimal_encoding} ({@code number}, {@code string} or {@code bytes}), whose defaults are
 * Arroyo's: {@code rfc3339} and {@code number} for {@code json}, Debezium's {@code unix_millis} and
 * {@code bytes} for {@code debezium_json}.
 * {@code debezium_json} is JSON wrapped in Debezium change events ({@link DebeziumJsonEncoder},
 * {@link DebeziumJsonDecoder}): the format of tables holding updating results, whose values are
 * encoded as {@code json} encodes them.
 *
 * @param timestampFormat how TIMESTAMP and DATE values are written
 * @param decimalEncoding how DECIMAL values are written
 * @param debezium whether rows are wrapped in Debezium change events ({@code debezium_json})
 * @param unstructured {@code json.unstructured}: the table has one column {@code value} (JSON or
 *     TEXT) holding each record's JSON text as it is
 * @param includeSchema {@code json.include_schema}: written records are wrapped in Kafka
 *     Connect's envelope, {@code {"schema":…,"payload":…}}
 * @param confluentSchemaRegistry {@code json.confluent_schema_registry}: records carry Confluent's
 *     wire-format header ({@link ConfluentFraming})
 */
public record JsonFormat(TimestampFormat timestampFormat, DecimalEncoding decimalEncoding, boolean debezium,
        boolean unstructured, boolean includeSchema, boolean confluentSchemaRegistry) {

    /** The {@code format} option. */
    public static final String FORMAT = "format";
    /** The {@code format} value of plain JSON objects. */
    public static final String JSON = "json";
    /** The {@code format} value of Debezium change events. */
    public static final String DEBEZIUM_JSON = "debezium_json";
    /** The {@code json.timestamp_format} option. */
    public static final String TIMESTAMP_FORMAT = "json.timestamp_format";
    /** The {@code json.decimal_encoding} option. */
    public static final String DECIMAL_ENCODING = "json.decimal_encoding";
    /** The {@code json.unstructured} option. */
    public static final String UNSTRUCTURED = "json.unstructured";
    /** The {@code json.include_schema} option. */
    public static final String INCLUDE_SCHEMA = "json.include_schema";
    /** The {@code json.confluent_schema_registry} option. */
    public static final String CONFLUENT_SCHEMA_REGISTRY = "json.confluent_schema_registry";
    /** The formats Wadi can read and write today. */
    public static final String SUPPORTED_FORMATS = JSON + ", " + DEBEZIUM_JSON;

    /** Arroyo's defaults: plain JSON, RFC 3339 timestamps, decimals as JSON numbers. */
    public static final JsonFormat DEFAULT = new JsonFormat(TimestampFormat.RFC3339, DecimalEncoding.NUMBER, false);

    /** How TIMESTAMP and DATE values are written. */
    public enum TimestampFormat {
        /** {@code "2023-10-09T17:13:40.200"}: no zone, 0, 3, 6 or 9 fractional digits as needed. */
        RFC3339("rfc3339"),
        /** Milliseconds since the epoch as a JSON number. */
        UNIX_MILLIS("unix_millis");

        private final String option;

        TimestampFormat(String option) {
            this.option = option;
        }

        /** The option value that selects it. */
        public String option() {
            return option;
        }
    }

    /** How DECIMAL values are written. */
    public enum DecimalEncoding {
        /** A JSON number with exactly the type's scale, e.g. {@code 12.30}. */
        NUMBER("number"),
        /** The same digits as a JSON string. */
        STRING("string"),
        /** Base64 of the unscaled value as 16 big-endian two's-complement bytes. */
        BYTES("bytes");

        private final String option;

        DecimalEncoding(String option) {
            this.option = option;
        }

        /** The option value that selects it. */
        public String option() {
            return option;
        }
    }

    public JsonFormat {
        timestampFormat = timestampFormat == null ? TimestampFormat.RFC3339 : timestampFormat;
        decimalEncoding = decimalEncoding == null ? DecimalEncoding.NUMBER : decimalEncoding;
    }

    /** JSON with these options, without {@code json.unstructured}, {@code json.include_schema} or Confluent's header. */
    public JsonFormat(TimestampFormat timestampFormat, DecimalEncoding decimalEncoding, boolean debezium) {
        this(timestampFormat, decimalEncoding, debezium, false, false, false);
    }

    /** Plain JSON ({@code format = 'json'}) with these options. */
    public JsonFormat(TimestampFormat timestampFormat, DecimalEncoding decimalEncoding) {
        this(timestampFormat, decimalEncoding, false);
    }

    /** The {@code format} value that selects it: {@value #JSON} or {@value #DEBEZIUM_JSON}. */
    public String name() {
        return debezium ? DEBEZIUM_JSON : JSON;
    }

    /** This format with the same options, as Debezium change events or as plain JSON. */
    public JsonFormat withDebezium(boolean debezium) {
        return new JsonFormat(timestampFormat, decimalEncoding, debezium, unstructured, includeSchema,
                confluentSchemaRegistry);
    }

    /**
     * Checks, when a sink opens, that it can write what it receives: updating results (a
     * changelog) only as Debezium change events, as Arroyo refuses them in plain formats.
     *
     * @param connector the connector's name
     * @param table the table's name
     * @param updating whether the rows written are updating ({@code SinkContext.updating()})
     * @throws ConnectorException naming the table and the format to use instead
     */
    public void checkWritable(String connector, String table, boolean updating) throws ConnectorException {
        if (updating && !debezium) {
            throw new ConnectorException(connector + " table '" + table + "' receives updating results; write them "
                    + "with format = '" + DEBEZIUM_JSON + "'");
        }
    }

    /**
     * Reads {@code format} and the {@code json.*} options of a table.
     *
     * @param options the table's options (the keys read are marked known)
     * @param required whether {@code format} must be given
     * @return the format, or empty when it is optional and absent
     * @throws ConnectorException naming the bad value and the valid ones
     */
    public static Optional<JsonFormat> fromOptions(Options options, boolean required) throws ConnectorException {
        String format = required ? options.required(FORMAT) : options.optional(FORMAT).orElse(null);
        // read the json.* keys even without a format so that they are reported as bad values, not unknown keys
        Optional<String> ts = options.optional(TIMESTAMP_FORMAT);
        Optional<String> dec = options.optional(DECIMAL_ENCODING);
        if (format == null) {
            if (ts.isPresent() || dec.isPresent()) {
                throw new ConnectorException("Option '" + (ts.isPresent() ? TIMESTAMP_FORMAT : DECIMAL_ENCODING)
                        + "' of connector '" + options.connector() + "' needs format = '" + JSON + "' or '"
                        + DEBEZIUM_JSON + "'");
            }
            return Optional.empty();
        }
        boolean debezium;
        switch (format.trim()) {
            case JSON -> debezium = false;
            case DEBEZIUM_JSON -> debezium = true;
            default -> throw new ConnectorException("Unsupported format '" + format + "' for connector '"
                    + options.connector() + "'. Supported formats: " + SUPPORTED_FORMATS);
        }
        boolean unstructured = options.booleanValue(UNSTRUCTURED, false);
        boolean includeSchema = options.booleanValue(INCLUDE_SCHEMA, false);
        boolean confluent = options.booleanValue(CONFLUENT_SCHEMA_REGISTRY, false);
        if (includeSchema && confluent) {
            throw new ConnectorException("At most one of '" + INCLUDE_SCHEMA + "' and '" + CONFLUENT_SCHEMA_REGISTRY
                    + "' may be set for connector '" + options.connector() + "'");
        }
        if (debezium && unstructured) {
            throw new ConnectorException("Option '" + UNSTRUCTURED + "' of connector '" + options.connector()
                    + "' is for format = '" + JSON + "'");
        }
        return Optional.of(new JsonFormat(
                ts.isEmpty() ? defaultTimestampFormat(debezium) : parseTimestampFormat(options.connector(), ts.get()),
                dec.isEmpty() ? defaultDecimalEncoding(debezium) : parseDecimalEncoding(options.connector(), dec.get()),
                debezium, unstructured, includeSchema, confluent));
    }

    /** Arroyo's defaults: Debezium's encodings for {@code debezium_json} (epoch milliseconds), RFC 3339 for JSON. */
    static TimestampFormat defaultTimestampFormat(boolean debezium) {
        return debezium ? TimestampFormat.UNIX_MILLIS : TimestampFormat.RFC3339;
    }

    /** Arroyo's defaults: Debezium's encodings for {@code debezium_json} (base64 of the unscaled value), numbers for JSON. */
    static DecimalEncoding defaultDecimalEncoding(boolean debezium) {
        return debezium ? DecimalEncoding.BYTES : DecimalEncoding.NUMBER;
    }

    /**
     * The format recorded in a resolved table's options by {@link #putInto}; the defaults where the
     * keys are absent.
     */
    public static JsonFormat fromTableOptions(Map<String, String> options) throws ConnectorException {
        String ts = options.get(TIMESTAMP_FORMAT);
        String dec = options.get(DECIMAL_ENCODING);
        boolean debezium = DEBEZIUM_JSON.equals(options.get(FORMAT));
        return new JsonFormat(
                ts == null ? defaultTimestampFormat(debezium) : parseTimestampFormat("?", ts),
                dec == null ? defaultDecimalEncoding(debezium) : parseDecimalEncoding("?", dec),
                debezium, "true".equals(options.get(UNSTRUCTURED)),
                "true".equals(options.get(INCLUDE_SCHEMA)), "true".equals(options.get(CONFLUENT_SCHEMA_REGISTRY)));
    }

    /** Writes this format, defaults included, into a resolved table's options. */
    public void putInto(Map<String, String> options) {
        options.put(FORMAT, name());
        options.put(TIMESTAMP_FORMAT, timestampFormat.option());
        options.put(DECIMAL_ENCODING, decimalEncoding.option());
        // the newer keys only when set, so that resolved options of existing tables stay as they were
        if (unstructured) {
            options.put(UNSTRUCTURED, "true");
        }
        if (includeSchema) {
            options.put(INCLUDE_SCHEMA, "true");
        }
        if (confluentSchemaRegistry) {
            options.put(CONFLUENT_SCHEMA_REGISTRY, "true");
        }
    }

    private static TimestampFormat parseTimestampFormat(String connector, String value) throws ConnectorException {
        // Arroyo accepts "RFC3339", "UnixMillis" and "unix_millis"; the lower-case spellings too, for symmetry
        switch (value.trim()) {
            case "RFC3339", "rfc3339":
                return TimestampFormat.RFC3339;
            case "UnixMillis", "unix_millis":
                return TimestampFormat.UNIX_MILLIS;
            default:
                throw new ConnectorException("Invalid value '" + value + "' for option '" + TIMESTAMP_FORMAT
                        + "' of connector '" + connector + "': expected one of rfc3339, unix_millis");
        }
    }

    private static DecimalEncoding parseDecimalEncoding(String connector, String value) throws ConnectorException {
        for (DecimalEncoding d : DecimalEncoding.values()) {
            if (d.option.equals(value.trim().toLowerCase(Locale.ROOT))) {
                return d;
            }
        }
        throw new ConnectorException("Invalid value '" + value + "' for option '" + DECIMAL_ENCODING
                + "' of connector '" + connector + "': expected one of number, string, bytes");
    }
}
