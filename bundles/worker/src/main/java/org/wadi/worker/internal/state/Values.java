package org.wadi.worker.internal.state;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Row values in snapshots: each value with a one-byte tag (see {@link org.wadi.spi.types.TypeId}
 * for the Java classes), and whole columns of values, which take the compact form of a primitive
 * array when every value is a non-null {@code Long}, {@code Integer} or {@code String}.
 */
public final class Values {

    private static final int NULL = 0;
    private static final int BOOLEAN = 1;
    private static final int BYTE = 2;
    private static final int SHORT = 3;
    private static final int INT = 4;
    private static final int LONG = 5;
    private static final int FLOAT = 6;
    private static final int DOUBLE = 7;
    private static final int DECIMAL = 8;
    private static final int STRING = 9;
    private static final int BINARY = 10;
    private static final int STRUCT = 11;
    private static final int LIST = 12;

    private static final int COLUMN_TAGGED = 0;
    private static final int COLUMN_LONGS = 1;
    private static final int COLUMN_INTS = 2;
    private static final int COLUMN_STRINGS = 3;

    private Values() {
    }

    public static void write(StateWriter out, Object v) {
        if (v == null) {
            out.writeByte(NULL);
        } else if (v instanceof Long l) {
            out.writeByte(LONG);
            out.writeLong(l);
        } else if (v instanceof Integer i) {
            out.writeByte(INT);
            out.writeInt(i);
        } else if (v instanceof String s) {
            out.writeByte(STRING);
            writeString(out, s);
        } else if (v instanceof Double d) {
            out.writeByte(DOUBLE);
            out.writeDouble(d);
        } else if (v instanceof Boolean b) {
            out.writeByte(BOOLEAN);
            out.writeBoolean(b);
        } else if (v instanceof Short s) {
            out.writeByte(SHORT);
            out.writeInt(s);
        } else if (v instanceof Byte b) {
            out.writeByte(BYTE);
            out.writeByte(b);
        } else if (v instanceof Float f) {
            out.writeByte(FLOAT);
            out.writeInt(Float.floatToRawIntBits(f));
        } else if (v instanceof BigDecimal d) {
            out.writeByte(DECIMAL);
            out.writeInt(d.scale());
            byte[] unscaled = d.unscaledValue().toByteArray();
            out.writeInt(unscaled.length);
            out.writeBytes(unscaled, 0, unscaled.length);
        } else if (v instanceof byte[] b) {
            out.writeByte(BINARY);
            out.writeInt(b.length);
            out.writeBytes(b, 0, b.length);
        } else if (v instanceof Object[] fields) {
            out.writeByte(STRUCT);
            out.writeInt(fields.length);
            for (Object f : fields) {
                write(out, f);
            }
        } else if (v instanceof List<?> list) {
            out.writeByte(LIST);
            out.writeInt(list.size());
            for (Object e : list) {
                write(out, e);
            }
        } else {
            throw new IllegalArgumentException("cannot checkpoint a value of " + v.getClass().getName()
                    + ": not a Wadi value type");
        }
    }

    public static Object read(StateReader in) throws IOException {
        int tag = in.readByte();
        switch (tag) {
            case NULL:
                return null;
            case LONG:
                return in.readLong();
            case INT:
                return in.readInt();
            case STRING:
                return readString(in);
            case DOUBLE:
                return in.readDouble();
            case BOOLEAN:
                return in.readBoolean();
            case SHORT:
                return (short) in.readInt();
            case BYTE:
                return (byte) in.readByte();
            case FLOAT:
                return Float.intBitsToFloat(in.readInt());
            case DECIMAL: {
                int scale = in.readInt();
                byte[] unscaled = new byte[in.readInt()];
                in.readBytes(unscaled, 0, unscaled.length);
                return new BigDecimal(new BigInteger(unscaled), scale);
            }
            case BINARY: {
                byte[] b = new byte[in.readInt()];
                in.readBytes(b, 0, b.length);
                return b;
            }
            case STRUCT: {
                Object[] fields = new Object[in.readInt()];
                for (int i = 0; i < fields.length; i++) {
                    fields[i] = read(in);
                }
                return fields;
            }
            case LIST: {
                int n = in.readInt();
                List<Object> list = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    list.add(read(in));
                }
                return list;
            }
            default:
                throw new IOException("unknown value tag " + tag + " in a checkpointed state");
        }
    }

    static void writeString(StateWriter out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.writeBytes(b, 0, b.length);
    }

    static String readString(StateReader in) throws IOException {
        byte[] b = new byte[in.readInt()];
        in.readBytes(b, 0, b.length);
        return new String(b, StandardCharsets.UTF_8);
    }

    /**
     * Writes {@code n} values {@code src[start]}, {@code src[start + stride]}, … as one column.
     */
    public static void writeColumn(StateWriter out, Object[] src, int start, int stride, int n) {
        int kind = COLUMN_LONGS;
        for (int i = 0, at = start; i < n && kind != COLUMN_TAGGED; i++, at += stride) {
            Object v = src[at];
            int k = v instanceof Long ? COLUMN_LONGS : v instanceof Integer ? COLUMN_INTS
                    : v instanceof String ? COLUMN_STRINGS : COLUMN_TAGGED;
            kind = i == 0 || k == kind ? k : COLUMN_TAGGED;
        }
        out.writeByte(kind);
        for (int i = 0, at = start; i < n; i++, at += stride) {
            Object v = src[at];
            switch (kind) {
                case COLUMN_LONGS -> out.writeLong((Long) v);
                case COLUMN_INTS -> out.writeInt((Integer) v);
                case COLUMN_STRINGS -> writeString(out, (String) v);
                default -> write(out, v);
            }
        }
    }

    /** Reads a column of {@code n} values into {@code dst[start]}, {@code dst[start + stride]}, …. */
    public static void readColumn(StateReader in, Object[] dst, int start, int stride, int n) throws IOException {
        int kind = in.readByte();
        for (int i = 0, at = start; i < n; i++, at += stride) {
            dst[at] = switch (kind) {
                case COLUMN_LONGS -> in.readLong();
                case COLUMN_INTS -> in.readInt();
                case COLUMN_STRINGS -> readString(in);
                case COLUMN_TAGGED -> read(in);
                default -> throw new IOException("unknown column kind " + kind + " in a checkpointed state");
            };
        }
    }
}
