package org.wadi.formats;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.types.DataType;
import org.wadi.spi.types.Field;
import org.wadi.spi.types.Schema;

/**
 * {@code format = 'json'} as bytes: {@link JsonRowEncoder}'s object, wrapped in Kafka Connect's
 * {@code {"schema":…,"payload":…}} envelope with {@code json.include_schema} (the schema built as
 * Arroyo builds it: a struct {@code ArroyoJson}, fields in column order), or after Confluent's
 * header with {@code json.confluent_schema_registry}.
 */
final class JsonEncoder implements RowEncoder {

    private final JsonRowEncoder rows;
    private final byte[] header;
    private final String schemaPrefix;
    private final StringBuilder buffer = new StringBuilder(256);

    JsonEncoder(Schema columns, JsonFormat format, int schemaId) {
        rows = new JsonRowEncoder(columns, format);
        header = format.confluentSchemaRegistry() ? ConfluentFraming.header(schemaId) : null;
        schemaPrefix = format.includeSchema() ? "{\"schema\":" + connectSchema(columns.visible()) + ",\"payload\":" : null;
    }

    @Override
    public byte[] encode(Object[] row) throws ConnectorException {
        buffer.setLength(0);
        try {
            if (schemaPrefix != null) {
                buffer.append(schemaPrefix);
                rows.encode(row, buffer);
                buffer.append('}');
            } else {
                rows.encode(row, buffer);
            }
        } catch (IllegalArgumentException e) {
            throw new ConnectorException(e.getMessage(), e);
        }
        byte[] json = buffer.toString().getBytes(StandardCharsets.UTF_8);
        if (header == null) {
            return json;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(header.length + json.length);
        out.writeBytes(header);
        out.writeBytes(json);
        return out.toByteArray();
    }

    /** Kafka Connect's JSON schema of the columns, as Arroyo writes it. */
    static String connectSchema(Schema columns) {
        StringBuilder b = new StringBuilder("{\"type\":\"struct\",\"name\":\"ArroyoJson\",\"fields\":");
        fields(columns.fields(), b);
        return b.append(",\"optional\":false}").toString();
    }

    private static void fields(List<Field> fields, StringBuilder b) {
        b.append('[');
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                b.append(',');
            }
            field(fields.get(i), b);
        }
        b.append(']');
    }

    private static void field(Field f, StringBuilder b) {
        DataType t = f.type();
        String type = switch (t.id()) {
            case BOOLEAN -> "boolean";
            case INT8, UINT8 -> "int8";
            case INT16, UINT16 -> "int16";
            case INT32, UINT32 -> "int32";
            case INT64, UINT64, INTERVAL -> "int64";
            case FLOAT32 -> "float";
            case FLOAT64 -> "double";
            case BINARY -> "bytes";
            case TIMESTAMP, TIME, DATE -> "int64";
            case LIST -> "array";
            case STRUCT -> "struct";
            default -> "string"; // TEXT, JSON, DECIMAL
        };
        b.append("{\"type\":\"").append(type).append('"');
        if (t.id() == org.wadi.spi.types.TypeId.LIST) {
            b.append(",\"items\":");
            field(Field.of("item", t.element()), b);
        } else if (t.id() == org.wadi.spi.types.TypeId.STRUCT) {
            b.append(",\"fields\":");
            fields(t.fields(), b);
        }
        b.append(",\"field\":");
        JsonRowEncoder.string(f.name(), b);
        b.append(",\"optional\":").append(f.nullable());
        switch (t.id()) {
            case TIMESTAMP, TIME -> b.append(",\"name\":\"org.apache.kafka.connect.data.Timestamp\"");
            case DATE -> b.append(",\"name\":\"org.apache.kafka.connect.data.Date\"");
            default -> { }
        }
        b.append('}');
    }
}
