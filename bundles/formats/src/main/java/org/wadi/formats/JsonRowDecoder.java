package org.wadi.formats;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.types.DataType;
import org.wadi.spi.types.Field;
import org.wadi.spi.types.Schema;

/**
 * Decodes JSON objects into rows of a schema, accepting what {@link JsonRowEncoder} writes and the
 * usual variations Arroyo's reader accepts: numbers given as strings, timestamps with a {@code T}
 * or a space and with or without a zone (none means UTC) or as numbers in the column's unit, DATE
 * as {@code "2023-10-09"} or days, BYTEA as base64. Fields the schema lacks are ignored; missing
 * fields and {@code null} give SQL NULL (an error for NOT NULL columns). Not thread-safe.
 */
public final class JsonRowDecoder {

    private static final int MAX_SHOWN = 100;

    private final Schema schema;
    private final ObjectMapper mapper = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** @param schema the columns to fill; {@code _timestamp} and {@code _op} columns among them are left out */
    public JsonRowDecoder(Schema schema) {
        this(schema, null);
    }

    /**
     * @param schema the columns to fill; {@code _timestamp} and {@code _op} columns among them are left out
     * @param format the JSON options the records were written with, or {@code null}: a timestamp given
     *     as a number is in milliseconds with {@code json.timestamp_format = 'unix_millis'} (else in
     *     the column's unit), a decimal given as a string may be the base64 of its unscaled value with
     *     {@code json.decimal_encoding = 'bytes'} (as Debezium and Arroyo write them)
     */
    public JsonRowDecoder(Schema schema, JsonFormat format) {
        this.schema = schema.visible();
        this.epochMillis = format != null && format.timestampFormat() == JsonFormat.TimestampFormat.UNIX_MILLIS;
        this.decimalBytes = format != null && format.decimalEncoding() == JsonFormat.DecimalEncoding.BYTES;
    }

    private final boolean epochMillis;
    private final boolean decimalBytes;

    /** The columns {@link #decode} fills, in order. */
    public Schema schema() {
        return schema;
    }

    /** Decodes one JSON object. */
    public Object[] decode(String json) throws ConnectorException {
        return decode(json, -1);
    }

    /**
     * Decodes one JSON object.
     *
     * @param json the text
     * @param line its line number in the input (1-based) for error messages, or -1 if unknown
     * @return one value per column of {@link #schema()}
     * @throws ConnectorException naming the line, the field, the value and the expected type
     */
    public Object[] decode(String json, long line) throws ConnectorException {
        return decodeObject(parseObject(json, line), "", line);
    }

    /**
     * Parses one JSON object.
     *
     * @throws ConnectorException if the text is not JSON or not an object, naming the line
     */
    JsonNode parseObject(String json, long line) throws ConnectorException {
        JsonNode root;
        try {
            root = mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new ConnectorException("Invalid JSON" + at(line) + ": " + e.getOriginalMessage() + " in "
                    + shorten(json));
        }
        if (root == null || !root.isObject()) {
            throw new ConnectorException("Invalid JSON record" + at(line) + ": expected an object, got "
                    + shorten(json));
        }
        return root;
    }

    /**
     * Decodes the columns from a parsed JSON object.
     *
     * @param object the object
     * @param prefix where the object is in its record, for error messages ({@code "after"}), or
     *     empty for the record itself
     * @param line the record's line number for error messages, or -1
     */
    Object[] decodeObject(JsonNode object, String prefix, long line) throws ConnectorException {
        List<Field> fields = schema.fields();
        Object[] row = new Object[fields.size()];
        for (int i = 0; i < row.length; i++) {
            Field f = fields.get(i);
            row[i] = field(f, prefix.isEmpty() ? f.name() : prefix + "." + f.name(), object.get(f.name()), line);
        }
        return row;
    }

    private Object field(Field f, String path, JsonNode node, long line) throws ConnectorException {
        if (node == null || node.isNull() || node.isMissingNode()) {
            if (!f.nullable()) {
                throw new ConnectorException("Invalid JSON record" + at(line) + ": field '" + path
                        + "' is missing or null but the column is NOT NULL");
            }
            return null;
        }
        try {
            return value(f.type(), path, node, line);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new ConnectorException("Invalid JSON record" + at(line) + ": field '" + path + "' expected "
                    + f.type() + ", got " + shorten(node.toString())
                    + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"));
        }
    }

    private Object value(DataType type, String path, JsonNode n, long line) throws ConnectorException {
        switch (type.id()) {
            case BOOLEAN:
                if (!n.isBoolean()) {
                    throw new IllegalArgumentException("not true or false");
                }
                return n.booleanValue();
            case INT8:
                return (byte) integer(n, Byte.MIN_VALUE, Byte.MAX_VALUE);
            case INT16:
                return (short) integer(n, Short.MIN_VALUE, Short.MAX_VALUE);
            case INT32:
                return (int) integer(n, Integer.MIN_VALUE, Integer.MAX_VALUE);
            case INT64:
                return integer(n, Long.MIN_VALUE, Long.MAX_VALUE);
            case UINT8:
                return (short) integer(n, 0, 255);
            case UINT16:
                return (int) integer(n, 0, 65_535);
            case UINT32:
                return integer(n, 0, 4_294_967_295L);
            case UINT64: {
                BigInteger b = bigInteger(n);
                if (b.signum() < 0 || b.bitLength() > 64) {
                    throw new IllegalArgumentException("out of range");
                }
                return b.longValue();
            }
            case FLOAT32:
                return (float) floating(n);
            case FLOAT64:
                return floating(n);
            case DECIMAL: {
                BigDecimal d = (decimalBytes && n.isTextual() ? unscaledBytes(n.textValue(), type.scale()) : decimal(n))
                        .setScale(type.scale(), RoundingMode.HALF_UP);
                if (type.precision() > 0 && d.precision() > type.precision() && d.signum() != 0) {
                    throw new IllegalArgumentException("more than " + type.precision() + " digits");
                }
                return d;
            }
            case UTF8:
                if (!n.isTextual()) {
                    throw new IllegalArgumentException("not a string");
                }
                return n.textValue();
            case JSON:
                return n.toString();
            case BINARY:
                if (!n.isTextual()) {
                    throw new IllegalArgumentException("not a base64 string");
                }
                return Base64.getDecoder().decode(n.textValue());
            case TIMESTAMP:
                if (n.isTextual()) {
                    return TimeText.parseTimestamp(n.textValue());
                }
                // a number is in milliseconds as the format says, else in the column's unit, as arrow reads it
                return Math.multiplyExact(integer(n, Long.MIN_VALUE, Long.MAX_VALUE),
                        epochMillis ? 1_000_000L : unitNanos(type.precision()));
            case DATE:
                return n.isTextual() ? TimeText.parseDate(n.textValue())
                        : (int) integer(n, Integer.MIN_VALUE, Integer.MAX_VALUE);
            case TIME:
                return n.isTextual() ? TimeText.parseTime(n.textValue()) : integer(n, 0, 86_400_000_000_000L);
            case INTERVAL:
                return n.isTextual() ? java.time.Duration.parse(n.textValue()).toNanos()
                        : integer(n, Long.MIN_VALUE, Long.MAX_VALUE);
            case STRUCT: {
                if (!n.isObject()) {
                    throw new IllegalArgumentException("not an object");
                }
                List<Field> fs = type.fields();
                Object[] values = new Object[fs.size()];
                for (int i = 0; i < values.length; i++) {
                    Field f = fs.get(i);
                    values[i] = field(f, path + "." + f.name(), n.get(f.name()), line);
                }
                return values;
            }
            case LIST: {
                if (!n.isArray()) {
                    throw new IllegalArgumentException("not an array");
                }
                List<Object> values = new ArrayList<>(n.size());
                Field element = Field.of("item", type.element());
                for (int i = 0; i < n.size(); i++) {
                    values.add(field(element, path + "[" + i + "]", n.get(i), line));
                }
                return values;
            }
            default:
                throw new IllegalArgumentException("no JSON decoding for this type");
        }
    }

    private static long unitNanos(int precision) {
        return switch (precision) {
            case 0 -> 1_000_000_000L;
            case 3 -> 1_000_000L;
            case 6 -> 1_000L;
            default -> 1L;
        };
    }

    private static long integer(JsonNode n, long min, long max) {
        BigInteger b = bigInteger(n);
        if (b.bitLength() > 63 || b.longValue() < min || b.longValue() > max) {
            throw new IllegalArgumentException("out of range");
        }
        return b.longValue();
    }

    private static BigInteger bigInteger(JsonNode n) {
        if (n.isIntegralNumber()) {
            return n.bigIntegerValue();
        }
        BigDecimal d = decimal(n);
        try {
            return d.toBigIntegerExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("not a whole number");
        }
    }

    private static double floating(JsonNode n) {
        if (n.isNumber()) {
            return n.doubleValue();
        }
        if (n.isTextual()) {
            try {
                return Double.parseDouble(n.textValue().trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a number");
            }
        }
        throw new IllegalArgumentException("not a number");
    }

    /** {@code json.decimal_encoding = 'bytes'}: base64 of the two's-complement, big-endian unscaled value; a number's text too. */
    private static BigDecimal unscaledBytes(String text, int scale) {
        try {
            return new BigDecimal(text.trim());
        } catch (NumberFormatException notText) {
            try {
                byte[] unscaled = java.util.Base64.getDecoder().decode(text.trim());
                if (unscaled.length == 0) {
                    throw new IllegalArgumentException("not a number nor the base64 of an unscaled decimal");
                }
                return new BigDecimal(new java.math.BigInteger(unscaled), scale);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("not a number nor the base64 of an unscaled decimal");
            }
        }
    }

    private static BigDecimal decimal(JsonNode n) {
        if (n.isNumber()) {
            return n.decimalValue();
        }
        if (n.isTextual()) {
            try {
                return new BigDecimal(n.textValue().trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a number");
            }
        }
        throw new IllegalArgumentException("not a number");
    }

    static String at(long line) {
        return line > 0 ? " at line " + line : "";
    }

    static String shorten(String s) {
        return s.length() <= MAX_SHOWN ? s : s.substring(0, MAX_SHOWN) + "…";
    }
}
