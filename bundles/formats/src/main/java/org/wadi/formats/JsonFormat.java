package org.wadi.formats;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.connector.Options;

/**
 * The {@code format = 'json'} table options, as Arroyo names them: {@code json.timestamp_format}
 * ({@code rfc3339}, the default, or {@code unix_millis}) and {@code json.decimal_encoding}
 * ({@code number}, the default, {@code string} or {@code bytes}).
 *
 * @param timestampFormat how TIMESTAMP and DATE values are written
 * @param decimalEncoding how DECIMAL values are written
 */
public record JsonFormat(TimestampFormat timestampFormat, DecimalEncoding decimalEncoding) {

    /** The {@code format} option. */
    public static final String FORMAT = "format";
    /** The {@code json.timestamp_format} option. */
    public static final String TIMESTAMP_FORMAT = "json.timestamp_format";
    /** The {@code json.decimal_encoding} option. */
    public static final String DECIMAL_ENCODING = "json.decimal_encoding";
    /** The formats Wadi can read and write today. */
    public static final String SUPPORTED_FORMATS = "json";

    /** Arroyo's defaults: RFC 3339 timestamps, decimals as JSON numbers. */
    public static final JsonFormat DEFAULT = new JsonFormat(TimestampFormat.RFC3339, DecimalEncoding.NUMBER);

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
                        + "' of connector '" + options.connector() + "' needs format = 'json'");
            }
            return Optional.empty();
        }
        if (!"json".equals(format.trim())) {
            throw new ConnectorException("Unsupported format '" + format + "' for connector '" + options.connector()
                    + "'. Supported formats: " + SUPPORTED_FORMATS);
        }
        return Optional.of(new JsonFormat(
                ts.isEmpty() ? TimestampFormat.RFC3339 : parseTimestampFormat(options.connector(), ts.get()),
                dec.isEmpty() ? DecimalEncoding.NUMBER : parseDecimalEncoding(options.connector(), dec.get())));
    }

    /**
     * The format recorded in a resolved table's options by {@link #putInto}; the defaults where the
     * keys are absent.
     */
    public static JsonFormat fromTableOptions(Map<String, String> options) throws ConnectorException {
        String ts = options.get(TIMESTAMP_FORMAT);
        String dec = options.get(DECIMAL_ENCODING);
        return new JsonFormat(
                ts == null ? TimestampFormat.RFC3339 : parseTimestampFormat("?", ts),
                dec == null ? DecimalEncoding.NUMBER : parseDecimalEncoding("?", dec));
    }

    /** Writes this format, defaults included, into a resolved table's options. */
    public void putInto(Map<String, String> options) {
        options.put(FORMAT, "json");
        options.put(TIMESTAMP_FORMAT, timestampFormat.option());
        options.put(DECIMAL_ENCODING, decimalEncoding.option());
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
