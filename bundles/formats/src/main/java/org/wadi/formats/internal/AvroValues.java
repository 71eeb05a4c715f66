package org.wadi.formats.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.GenericRecord;
import org.wadi.spi.types.DataType;
import org.wadi.spi.types.Field;

/** Avro generic values to Wadi values and back, by the Avro schema's types and logical types. */
final class AvroValues {

    private AvroValues() {
    }

    // ---- reading

    /** The columns' values from a record, fields matched by (sanitized) name. */
    static Object[] fromRecord(GenericRecord record, List<Field> columns, String path) {
        Object[] out = new Object[columns.size()];
        Schema schema = record.getSchema();
        for (int i = 0; i < out.length; i++) {
            Field c = columns.get(i);
            Schema.Field f = schema.getField(c.name());
            if (f == null) {
                f = schema.getField(AvroSchemaMapping.sanitize(c.name()));
            }
            String where = path.isEmpty() ? c.name() : path + "." + c.name();
            Object v = f == null ? null : record.get(f.pos());
            if (v == null) {
                if (!c.nullable()) {
                    throw new IllegalArgumentException("field '" + where + "' is " + (f == null ? "missing" : "null")
                            + " but the column is NOT NULL");
                }
                continue;
            }
            out[i] = fromAvro(v, f.schema(), c.type(), where);
        }
        return out;
    }

    private static Object fromAvro(Object v, Schema s, DataType t, String where) {
        if (s.getType() == Schema.Type.UNION) {
            s = s.getTypes().get(GenericData.get().resolveUnion(s, v));
        }
        try {
            return convertIn(v, s, t, where);
        } catch (ClassCastException | ArithmeticException e) {
            throw new IllegalArgumentException("field '" + where + "' expected " + t + ", got Avro " + s.getType()
                    + " " + shorten(String.valueOf(v)));
        }
    }

    private static Object convertIn(Object v, Schema s, DataType t, String where) {
        LogicalType logical = s.getLogicalType();
        switch (t.id()) {
            case BOOLEAN:
                return (Boolean) v;
            case INT8:
                return (byte) range(where, t, ((Number) v).longValue(), Byte.MIN_VALUE, Byte.MAX_VALUE);
            case INT16:
                return (short) range(where, t, ((Number) v).longValue(), Short.MIN_VALUE, Short.MAX_VALUE);
            case INT32:
                return (int) range(where, t, ((Number) v).longValue(), Integer.MIN_VALUE, Integer.MAX_VALUE);
            case INT64:
            case UINT64:
            case INTERVAL:
                return ((Number) v).longValue();
            case UINT8:
                return (short) range(where, t, ((Number) v).longValue(), 0, 255);
            case UINT16:
                return (int) range(where, t, ((Number) v).longValue(), 0, 65_535);
            case UINT32:
                return range(where, t, ((Number) v).longValue(), 0, 4_294_967_295L);
            case FLOAT32:
                return ((Number) v).floatValue();
            case FLOAT64:
                return ((Number) v).doubleValue();
            case DECIMAL: {
                BigDecimal d;
                if (logical instanceof LogicalTypes.Decimal dec) {
                    d = new BigDecimal(new BigInteger(bytes(v)), dec.getScale());
                } else if (v instanceof Number n) {
                    d = new BigDecimal(n.toString());
                } else {
                    d = new BigDecimal(v.toString());
                }
                return d.setScale(t.scale(), RoundingMode.HALF_UP);
            }
            case UTF8:
                return v.toString();
            case JSON:
                return GenericData.get().toString(v);
            case BINARY:
                return bytes(v);
            case TIMESTAMP: {
                long n = ((Number) v).longValue();
                if (logical instanceof LogicalTypes.TimestampMillis || logical instanceof LogicalTypes.LocalTimestampMillis) {
                    return Math.multiplyExact(n, 1_000_000L);
                }
                if (logical instanceof LogicalTypes.TimestampMicros || logical instanceof LogicalTypes.LocalTimestampMicros) {
                    return Math.multiplyExact(n, 1_000L);
                }
                if (logical instanceof LogicalTypes.TimestampNanos || logical instanceof LogicalTypes.LocalTimestampNanos) {
                    return n;
                }
                // a plain long is in the column's unit, as the JSON decoder reads numbers
                return Math.multiplyExact(n, unitNanos(t.precision()));
            }
            case DATE:
                return ((Number) v).intValue();
            case TIME: {
                long n = ((Number) v).longValue();
                return logical instanceof LogicalTypes.TimeMillis ? n * 1_000_000L : n * 1_000L;
            }
            case STRUCT:
                return fromRecord((GenericRecord) v, t.fields(), where);
            case LIST: {
                Collection<?> items = (Collection<?>) v;
                Schema element = s.getElementType();
                List<Object> out = new ArrayList<>(items.size());
                int i = 0;
                for (Object item : items) {
                    out.add(item == null ? null : fromAvro(item, element, t.element(), where + "[" + i + "]"));
                    i++;
                }
                return out;
            }
            default:
                throw new IllegalArgumentException("field '" + where + "': no Avro decoding for " + t);
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

    private static long range(String where, DataType t, long v, long min, long max) {
        if (v < min || v > max) {
            throw new IllegalArgumentException("field '" + where + "' value " + v + " is out of range for " + t);
        }
        return v;
    }

    private static byte[] bytes(Object v) {
        if (v instanceof ByteBuffer b) {
            ByteBuffer d = b.duplicate();
            byte[] out = new byte[d.remaining()];
            d.get(out);
            return out;
        }
        if (v instanceof GenericFixed f) {
            return f.bytes().clone();
        }
        return (byte[]) v;
    }

    static String shorten(String s) {
        return s.length() <= 100 ? s : s.substring(0, 100) + "…";
    }

    // ---- writing

    /** A record of {@code schema} from a row, fields matched to columns by (sanitized) name. */
    static GenericRecord toRecord(Object[] row, int[] positions, List<Field> columns, Schema schema, String path) {
        GenericData.Record record = new GenericData.Record(schema);
        for (Schema.Field f : schema.getFields()) {
            int c = positions[f.pos()];
            Object v = c < 0 || c >= row.length ? null : row[c];
            String where = path.isEmpty() ? f.name() : path + "." + f.name();
            record.put(f.pos(), toAvro(v, f.schema(), c < 0 ? null : columns.get(c).type(), where));
        }
        return record;
    }

    /** For each field of {@code schema}: the index of its column, or -1. */
    static int[] positions(Schema schema, List<Field> columns) {
        int[] out = new int[schema.getFields().size()];
        for (Schema.Field f : schema.getFields()) {
            out[f.pos()] = -1;
            for (int i = 0; i < columns.size(); i++) {
                String n = columns.get(i).name();
                if (n.equals(f.name()) || AvroSchemaMapping.sanitize(n).equals(f.name())) {
                    out[f.pos()] = i;
                    break;
                }
            }
        }
        return out;
    }

    private static Object toAvro(Object v, Schema s, DataType t, String where) {
        if (s.getType() == Schema.Type.UNION) {
            Schema chosen = null;
            for (Schema branch : s.getTypes()) {
                if ((v == null) == (branch.getType() == Schema.Type.NULL)) {
                    chosen = branch;
                    break;
                }
            }
            if (chosen == null) {
                throw new IllegalArgumentException("field '" + where + "': no branch of " + s + " for "
                        + (v == null ? "NULL" : "a value"));
            }
            s = chosen;
        }
        if (v == null) {
            if (s.getType() != Schema.Type.NULL) {
                throw new IllegalArgumentException("field '" + where + "' is NULL but its Avro type " + s.getType()
                        + " is not nullable");
            }
            return null;
        }
        try {
            return convertOut(v, s, t, where);
        } catch (ClassCastException | ArithmeticException e) {
            throw new IllegalArgumentException("field '" + where + "' of Avro type " + s.getType() + " cannot hold "
                    + v.getClass().getSimpleName() + " " + shorten(String.valueOf(v)));
        }
    }

    private static Object convertOut(Object v, Schema s, DataType t, String where) {
        LogicalType logical = s.getLogicalType();
        switch (s.getType()) {
            case BOOLEAN:
                return (Boolean) v;
            case INT:
                if (logical instanceof LogicalTypes.Date) {
                    return ((Number) v).intValue();
                }
                return Math.toIntExact(((Number) v).longValue());
            case LONG: {
                long n = ((Number) v).longValue();
                if (logical instanceof LogicalTypes.TimestampMillis || logical instanceof LogicalTypes.LocalTimestampMillis) {
                    return Math.floorDiv(n, 1_000_000L);
                }
                if (logical instanceof LogicalTypes.TimestampMicros || logical instanceof LogicalTypes.LocalTimestampMicros
                        || logical instanceof LogicalTypes.TimeMicros) {
                    return Math.floorDiv(n, 1_000L);
                }
                return n;
            }
            case FLOAT:
                return ((Number) v).floatValue();
            case DOUBLE:
                return ((Number) v).doubleValue();
            case STRING:
                return v.toString();
            case ENUM:
                return new GenericData.EnumSymbol(s, v.toString());
            case BYTES:
            case FIXED: {
                byte[] raw;
                if (logical instanceof LogicalTypes.Decimal dec) {
                    BigDecimal d = v instanceof BigDecimal b ? b : new BigDecimal(v.toString());
                    raw = d.setScale(dec.getScale(), RoundingMode.HALF_UP).unscaledValue().toByteArray();
                } else {
                    raw = (byte[]) v;
                }
                if (s.getType() == Schema.Type.FIXED) {
                    return new GenericData.Fixed(s, raw);
                }
                return ByteBuffer.wrap(raw);
            }
            case RECORD: {
                List<Field> fields = t != null ? t.fields() : List.of();
                return toRecord((Object[]) v, positions(s, fields), fields, s, where);
            }
            case ARRAY: {
                Iterable<?> items = v instanceof Object[] a ? java.util.Arrays.asList(a) : (Iterable<?>) v;
                List<Object> out = new ArrayList<>();
                int i = 0;
                for (Object item : items) {
                    out.add(toAvro(item, s.getElementType(), t == null ? null : t.element(), where + "[" + i++ + "]"));
                }
                return out;
            }
            case MAP:
                return (Map<?, ?>) v;
            default:
                throw new IllegalArgumentException("field '" + where + "': no Avro encoding for Avro type " + s.getType());
        }
    }
}
