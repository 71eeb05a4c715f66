package org.wadi.connector.kafka.internal;

import java.util.Map;
import org.wadi.formats.JsonFormat;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.connector.Options;
import org.wadi.spi.types.DataType;
import org.wadi.spi.types.Schema;
import org.wadi.spi.types.TypeId;

/**
 * How record values are encoded ({@code format}): {@code json} and {@code debezium_json} (see
 * {@link JsonFormat}), or {@code raw_string} / {@code raw_bytes}, Arroyo's formats for a table of
 * one column {@code value} (TEXT or BYTEA) holding the whole record. With
 * {@code json.confluent_schema_registry = true} JSON values carry Confluent's wire-format header
 * (a zero byte and the 4-byte schema id).
 *
 * @param name the {@code format} value
 * @param json the JSON options ({@code json} and {@code debezium_json}), or {@code null}
 * @param confluentFraming whether values carry Confluent's header
 */
record ValueFormat(String name, JsonFormat json, boolean confluentFraming) {

    static final String RAW_STRING = "raw_string";
    static final String RAW_BYTES = "raw_bytes";
    static final String CONFLUENT = "json.confluent_schema_registry";

    boolean raw() {
        return json == null;
    }

    boolean debezium() {
        return json != null && json.debezium();
    }

    /**
     * Reads {@code format} and its options, checking a raw format's columns.
     *
     * @param columns the value's columns (metadata columns left out)
     */
    static ValueFormat read(Options options, String table, Schema columns) throws ConnectorException {
        String format = options.required(JsonFormat.FORMAT).trim();
        boolean confluent = options.booleanValue(CONFLUENT, false);
        if (format.equals(RAW_STRING) || format.equals(RAW_BYTES)) {
            if (confluent) {
                throw new ConnectorException("Option '" + CONFLUENT + "' of connector '" + options.connector()
                        + "' is for format = 'json'");
            }
            TypeId type = format.equals(RAW_STRING) ? TypeId.UTF8 : TypeId.BINARY;
            if (columns.size() != 1 || !columns.field(0).name().equals("value")
                    || columns.field(0).type().id() != type) {
                throw new ConnectorException("kafka table '" + table + "' with format = '" + format
                        + "' must have exactly one column besides its metadata columns: value "
                        + (type == TypeId.UTF8 ? "TEXT" : "BYTEA") + "; it has " + columns.fields());
            }
            return new ValueFormat(format, null, false);
        }
        JsonFormat json;
        try {
            json = JsonFormat.fromOptions(options, true).orElseThrow();
        } catch (ConnectorException e) {
            if (e.getMessage().startsWith("Unsupported format")) {
                throw new ConnectorException("Unsupported format '" + format + "' for connector '" + options.connector()
                        + "'. Supported formats: " + JsonFormat.SUPPORTED_FORMATS + ", " + RAW_STRING + ", " + RAW_BYTES);
            }
            throw e;
        }
        if (confluent && json.debezium()) {
            throw new ConnectorException("Option '" + CONFLUENT + "' of connector '" + options.connector()
                    + "' is for format = 'json'");
        }
        return new ValueFormat(json.name(), json, confluent);
    }

    void putInto(Map<String, String> options) {
        if (json != null) {
            json.putInto(options);
        } else {
            options.put(JsonFormat.FORMAT, name);
        }
        options.put(CONFLUENT, Boolean.toString(confluentFraming));
    }

    static ValueFormat of(Map<String, String> options) throws ConnectorException {
        String name = options.get(JsonFormat.FORMAT);
        if (RAW_STRING.equals(name) || RAW_BYTES.equals(name)) {
            return new ValueFormat(name, null, false);
        }
        return new ValueFormat(name, JsonFormat.fromTableOptions(options), "true".equals(options.get(CONFLUENT)));
    }

    /** The raw column's type. */
    static DataType rawType(String name) {
        return name.equals(RAW_STRING) ? DataType.UTF8 : DataType.BINARY;
    }
}
