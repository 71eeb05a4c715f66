package org.wadi.formats;

import java.util.Map;
import java.util.Optional;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.connector.Options;
import org.wadi.spi.types.Schema;
import org.wadi.spi.types.TypeId;

/**
 * A table's {@code format} and its options, for every format Wadi reads and writes in messages:
 * {@code json} and {@code debezium_json} ({@link JsonFormat}), {@code avro} ({@link AvroFormat}),
 * {@code protobuf} ({@link ProtobufFormat}, sources only), {@code raw_string} and {@code
 * raw_bytes} (one column {@code value}, TEXT or BYTEA, holding the whole message). Exactly one of
 * {@link #json()}, {@link #avro()}, {@link #protobuf()} is set for the structured formats, none
 * for the raw ones.
 *
 * @param name the {@code format} value
 * @param json the JSON options, or {@code null}
 * @param avro the Avro options, or {@code null}
 * @param protobuf the Protobuf options, or {@code null}
 */
public record RowFormat(String name, JsonFormat json, AvroFormat avro, ProtobufFormat protobuf) {

    /** The {@code format} value of a single TEXT column {@code value}. */
    public static final String RAW_STRING = "raw_string";
    /** The {@code format} value of a single BYTEA column {@code value}. */
    public static final String RAW_BYTES = "raw_bytes";
    /** The column of the raw formats and of {@code json.unstructured}. */
    public static final String VALUE_COLUMN = "value";
    /** Every {@code format} value this class reads (parquet is the filesystem connector's own). */
    public static final String SUPPORTED_FORMATS = String.join(", ", JsonFormat.JSON, JsonFormat.DEBEZIUM_JSON,
            AvroFormat.NAME, ProtobufFormat.NAME, RAW_STRING, RAW_BYTES);

    /** A JSON format ({@code json} or {@code debezium_json}). */
    public static RowFormat of(JsonFormat json) {
        return new RowFormat(json.name(), json, null, null);
    }

    /** An Avro format. */
    public static RowFormat of(AvroFormat avro) {
        return new RowFormat(AvroFormat.NAME, null, avro, null);
    }

    /** A Protobuf format. */
    public static RowFormat of(ProtobufFormat protobuf) {
        return new RowFormat(ProtobufFormat.NAME, null, null, protobuf);
    }

    /** {@code raw_string}. */
    public static RowFormat rawString() {
        return new RowFormat(RAW_STRING, null, null, null);
    }

    /** {@code raw_bytes}. */
    public static RowFormat rawBytes() {
        return new RowFormat(RAW_BYTES, null, null, null);
    }

    /** Whether rows are written as Debezium change events (the one format of updating results). */
    public boolean debezium() {
        return json != null && json.debezium();
    }

    /** Whether this is {@code raw_string} or {@code raw_bytes}. */
    public boolean raw() {
        return RAW_STRING.equals(name) || RAW_BYTES.equals(name);
    }

    /** Whether messages carry Confluent's wire-format header. */
    public boolean confluentSchemaRegistry() {
        return json != null ? json.confluentSchemaRegistry()
                : avro != null ? avro.confluentSchemaRegistry()
                : protobuf != null && protobuf.confluentSchemaRegistry();
    }

    /**
     * Reads {@code format} and the options of that format. Options of the other formats are read
     * too (so they are not reported as unknown keys) and refused when given.
     *
     * @param required whether {@code format} must be given
     * @return the format, or empty when optional and absent
     * @throws ConnectorException naming the bad key or value and the valid ones
     */
    public static Optional<RowFormat> fromOptions(Options options, boolean required) throws ConnectorException {
        String format = required ? options.required(JsonFormat.FORMAT) : options.optional(JsonFormat.FORMAT).orElse(null);
        String name = format == null ? null : format.trim();
        if (name != null && !java.util.List.of(SUPPORTED_FORMATS.split(", ")).contains(name)) {
            throw new ConnectorException("Unsupported format '" + format + "' for connector '" + options.connector()
                    + "'. Supported formats: " + SUPPORTED_FORMATS);
        }
        refuseOthers(options, name, "json.", JsonFormat.JSON, JsonFormat.DEBEZIUM_JSON);
        refuseOthers(options, name, "avro.", AvroFormat.NAME);
        refuseOthers(options, name, "protobuf.", ProtobufFormat.NAME);
        if (name == null) {
            JsonFormat.fromOptions(options, false);
            return Optional.empty();
        }
        return Optional.of(switch (name) {
            case JsonFormat.JSON, JsonFormat.DEBEZIUM_JSON -> of(JsonFormat.fromOptions(options, true).orElseThrow());
            case AvroFormat.NAME -> of(AvroFormat.fromOptions(options));
            case ProtobufFormat.NAME -> of(ProtobufFormat.fromOptions(options));
            case RAW_STRING -> rawString();
            default -> rawBytes();
        });
    }

    private static void refuseOthers(Options options, String format, String prefix, String... owners)
            throws ConnectorException {
        for (String owner : owners) {
            if (owner.equals(format)) {
                return;
            }
        }
        if (format == null && prefix.equals("json.")) {
            return; // JsonFormat.fromOptions explains these
        }
        for (String key : options.asMap().keySet()) {
            if (key.startsWith(prefix)) {
                throw new ConnectorException("Option '" + key + "' of connector '" + options.connector() + "' is for format = '"
                        + String.join("' or '", owners) + "', not " + (format == null ? "a table without format"
                        : "format = '" + format + "'"));
            }
        }
    }

    /**
     * Checks that a table's columns suit the format: the raw formats and {@code json.unstructured}
     * need exactly one column {@code value} (TEXT for {@code raw_string}, BYTEA for {@code
     * raw_bytes}, JSON or TEXT for {@code json.unstructured}).
     *
     * @param where the table, for messages ({@code "kafka table 'orders'"})
     * @param columns the columns the payload fills (metadata columns left out)
     * @throws ConnectorException naming the table, the format and the columns it has
     */
    public void checkColumns(String where, Schema columns) throws ConnectorException {
        Schema visible = columns.visible();
        String need = null;
        boolean ok = visible.size() == 1 && visible.field(0).name().equals(VALUE_COLUMN);
        if (RAW_STRING.equals(name)) {
            need = "value TEXT";
            ok = ok && visible.field(0).type().id() == TypeId.UTF8;
        } else if (RAW_BYTES.equals(name)) {
            need = "value BYTEA";
            ok = ok && visible.field(0).type().id() == TypeId.BINARY;
        } else if (json != null && json.unstructured() || avro != null && avro.intoUnstructuredJson()
                || protobuf != null && protobuf.intoUnstructuredJson()) {
            need = "value JSON (or TEXT)";
            ok = ok && (visible.field(0).type().id() == TypeId.JSON || visible.field(0).type().id() == TypeId.UTF8);
        }
        if (need != null && !ok) {
            throw new ConnectorException(where + " with format = '" + name + "'"
                    + (raw() ? "" : " and " + (json != null ? JsonFormat.UNSTRUCTURED : avro != null
                            ? AvroFormat.INTO_UNSTRUCTURED_JSON : ProtobufFormat.INTO_UNSTRUCTURED_JSON) + " = true")
                    + " must have exactly one column besides its metadata columns: " + need + "; it has "
                    + visible.fields());
        }
    }

    /** Writes this format and its options, defaults included, into a resolved table's options. */
    public void putInto(Map<String, String> options) {
        options.put(JsonFormat.FORMAT, name);
        if (json != null) {
            json.putInto(options);
        } else if (avro != null) {
            avro.putInto(options);
        } else if (protobuf != null) {
            protobuf.putInto(options);
        }
    }

    /** The format recorded in a resolved table's options by {@link #putInto}. */
    public static RowFormat fromTableOptions(Map<String, String> options) throws ConnectorException {
        String name = options.getOrDefault(JsonFormat.FORMAT, JsonFormat.JSON);
        return switch (name) {
            case AvroFormat.NAME -> of(AvroFormat.fromTableOptions(options));
            case ProtobufFormat.NAME -> of(ProtobufFormat.fromTableOptions(options));
            case RAW_STRING -> rawString();
            case RAW_BYTES -> rawBytes();
            default -> of(JsonFormat.fromTableOptions(options));
        };
    }
}
