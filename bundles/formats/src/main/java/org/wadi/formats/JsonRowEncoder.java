package org.wadi.formats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.wadi.spi.types.DataType;
import org.wadi.spi.types.Field;
import org.wadi.spi.types.Schema;

/**
 * Encodes rows as JSON objects, byte for byte as Arroyo's JSON serializer does for the same values:
 * fields in schema order under their names, {@code null} written explicitly, {@code _timestamp}
 * and {@code _op} left out; integers as numbers (BIGINT UNSIGNED unsigned), floats in the shortest
 * form that reads back exactly ({@code 1.0}, {@code 1.5e10}; NaN and infinities as {@code null}), DECIMAL as
 * a number with the type's scale (or per {@link JsonFormat.DecimalEncoding}), TIMESTAMP as
 * {@code "2023-10-09T17:13:40.200"} (or epoch milliseconds), DATE as {@code "2023-10-09"}, TIME as
 * {@code "17:13:40.200"}, BYTEA as base64, JSON columns inline, structs as objects, lists as
 * arrays. Strings are escaped as serde_json escapes them. Not thread-safe: one per task.
 */
public final class JsonRowEncoder {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final Field[] fields;
    private final int[] positions;
    private final JsonFormat format;
    private final StringBuilder buffer = new StringBuilder(256);
    private ObjectMapper mapper;

    /** An encoder with Arroyo's default JSON options. */
    public JsonRowEncoder(Schema schema) {
        this(schema, JsonFormat.DEFAULT);
    }

    /**
     * @param schema the row's columns; {@code _timestamp} and {@code _op} columns among them are not written
     * @param format the JSON options
     */
    public JsonRowEncoder(Schema schema, JsonFormat format) {
        this.format = format;
        List<Field> all = schema.fields();
        int n = 0;
        for (Field f : all) {
            if (!hidden(f)) {
                n++;
            }
        }
        fields = new Field[n];
        positions = new int[n];
        int j = 0;
        for (int i = 0; i < all.size(); i++) {
            if (!hidden(all.get(i))) {
                fields[j] = all.get(i);
                positions[j++] = i;
            }
        }
    }

    private static boolean hidden(Field f) {
        return f.name().equals(Schema.TIMESTAMP_FIELD) || f.name().equals(Schema.OP_FIELD);
    }

    /**
     * Encodes one row.
     *
     * @param row the values in schema order; trailing values (such as {@code _timestamp}) are ignored
     * @return the JSON object, without a line break
     * @throws IllegalArgumentException if a value does not fit its column's type
     */
    public String encode(Object[] row) {
        buffer.setLength(0);
        encode(row, buffer);
        return buffer.toString();
    }

    /**
     * Appends one row's JSON object to {@code out}, for writers that build larger texts (such as
     * Debezium change events) without an intermediate string.
     *
     * @param row the values in schema order; trailing values (such as {@code _timestamp}) are ignored
     * @param out where the object goes, without a line break
     * @throws IllegalArgumentException if a value does not fit its column's type
     */
    public void encode(Object[] row, StringBuilder out) {
        out.append('{');
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            string(fields[i].name(), out);
            out.append(':');
            int pos = positions[i];
            value(fields[i], pos < row.length ? row[pos] : null, out);
        }
        out.append('}');
    }

    private void value(Field field, Object v, StringBuilder out) {
        if (v == null) {
            out.append("null");
            return;
        }
        try {
            value(field.type(), v, out);
        } catch (ClassCastException e) {
            throw new IllegalArgumentException("column '" + field.name() + "' of type " + field.type()
                    + " cannot hold a " + v.getClass().getSimpleName() + " (" + v + ")", e);
        }
    }

    private void value(DataType type, Object v, StringBuilder out) {
        switch (type.id()) {
            case BOOLEAN -> out.append(((Boolean) v).booleanValue());
            case INT8, INT16, INT32, INT64, UINT8, UINT16, UINT32 -> out.append(((Number) v).longValue());
            case UINT64 -> out.append(Long.toUnsignedString(((Number) v).longValue()));
            case FLOAT32 -> NumberText.float32(((Number) v).floatValue(), out);
            case FLOAT64 -> NumberText.float64(((Number) v).doubleValue(), out);
            case DECIMAL -> decimal(type, v, out);
            case UTF8 -> string(v.toString(), out);
            case JSON -> rawJson(v.toString(), out);
            case BINARY -> out.append('"').append(Base64.getEncoder().encodeToString((byte[]) v)).append('"');
            case TIMESTAMP -> {
                long nanos = ((Number) v).longValue();
                if (format.timestampFormat() == JsonFormat.TimestampFormat.UNIX_MILLIS) {
                    // Arroyo divides as a float and truncates; keep that rounding
                    out.append((long) ((double) nanos / 1_000_000.0));
                } else {
                    out.append('"');
                    TimeText.timestamp(nanos, out);
                    out.append('"');
                }
            }
            case DATE -> {
                long days = ((Number) v).longValue();
                if (format.timestampFormat() == JsonFormat.TimestampFormat.UNIX_MILLIS) {
                    out.append((long) ((double) days * 86400.0 * 1000.0));
                } else {
                    out.append('"');
                    TimeText.date(days, out);
                    out.append('"');
                }
            }
            case TIME -> {
                out.append('"');
                TimeText.time(((Number) v).longValue(), out);
                out.append('"');
            }
            case INTERVAL -> {
                out.append('"');
                TimeText.interval(((Number) v).longValue(), out);
                out.append('"');
            }
            case STRUCT -> {
                Object[] values = (Object[]) v;
                List<Field> fs = type.fields();
                out.append('{');
                for (int i = 0; i < fs.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    string(fs.get(i).name(), out);
                    out.append(':');
                    value(fs.get(i), i < values.length ? values[i] : null, out);
                }
                out.append('}');
            }
            case LIST -> {
                out.append('[');
                boolean first = true;
                for (Object e : listValues(v)) {
                    if (!first) {
                        out.append(',');
                    }
                    first = false;
                    if (e == null) {
                        out.append("null");
                    } else {
                        value(type.element(), e, out);
                    }
                }
                out.append(']');
            }
            default -> throw new IllegalArgumentException("no JSON encoding for type " + type);
        }
    }

    private static Iterable<?> listValues(Object v) {
        if (v instanceof Object[] array) {
            return java.util.Arrays.asList(array);
        }
        return (Iterable<?>) v;
    }

    private void decimal(DataType type, Object v, StringBuilder out) {
        BigDecimal d = v instanceof BigDecimal b ? b : new BigDecimal(v.toString());
        d = d.setScale(type.scale(), RoundingMode.HALF_UP);
        switch (format.decimalEncoding()) {
            case NUMBER -> out.append(d.toPlainString());
            case STRING -> out.append('"').append(d.toPlainString()).append('"');
            case BYTES -> {
                byte[] raw = d.unscaledValue().toByteArray();
                byte[] wide = new byte[16];
                byte fill = raw[0] < 0 ? (byte) 0xff : 0;
                int pad = 16 - raw.length;
                for (int i = 0; i < 16; i++) {
                    wide[i] = i < pad ? fill : raw[i - pad];
                }
                out.append('"').append(Base64.getEncoder().encodeToString(wide)).append('"');
            }
            default -> throw new IllegalStateException();
        }
    }

    /** JSON text columns are written inline, compacted; text that is not JSON is written as null. */
    private void rawJson(String text, StringBuilder out) {
        if (mapper == null) {
            mapper = new ObjectMapper();
        }
        JsonNode node;
        try {
            node = mapper.readTree(text);
        } catch (IOException e) {
            node = null;
        }
        if (node == null || node.isMissingNode()) {
            out.append("null");
        } else {
            node(node, out);
        }
    }

    private static void node(JsonNode n, StringBuilder out) {
        if (n.isObject()) {
            out.append('{');
            boolean first = true;
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!first) {
                    out.append(',');
                }
                first = false;
                string(e.getKey(), out);
                out.append(':');
                node(e.getValue(), out);
            }
            out.append('}');
        } else if (n.isArray()) {
            out.append('[');
            for (int i = 0; i < n.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                node(n.get(i), out);
            }
            out.append(']');
        } else if (n.isTextual()) {
            string(n.textValue(), out);
        } else if (n.isIntegralNumber()) {
            out.append(n.bigIntegerValue());
        } else if (n.isNumber()) {
            NumberText.float64(n.doubleValue(), out);
        } else if (n.isBoolean()) {
            out.append(n.booleanValue());
        } else {
            out.append("null");
        }
    }

    /** A JSON string, escaped as serde_json does: quote, backslash, and control characters only. */
    static void string(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20) {
                        out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xf]);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
