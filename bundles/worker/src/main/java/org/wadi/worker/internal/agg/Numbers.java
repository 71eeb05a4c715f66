package org.wadi.worker.internal.agg;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Arrays;
import org.wadi.spi.types.DataType;
import org.wadi.spi.types.TypeId;
import org.wadi.worker.internal.state.StateWriter;
import org.wadi.worker.internal.state.Values;

/** Conversions between the Java values of Wadi's types and the accumulators' primitives. */
final class Numbers {

    private Numbers() {
    }

    /** How values of a type are accumulated. */
    enum Kind { LONG, DOUBLE, DECIMAL, COMPARABLE, OTHER }

    static Kind kind(TypeId id) {
        return switch (id) {
            case INT8, INT16, INT32, INT64, UINT8, UINT16, UINT32, UINT64, TIMESTAMP, DATE, TIME, INTERVAL -> Kind.LONG;
            case FLOAT32, FLOAT64 -> Kind.DOUBLE;
            case DECIMAL -> Kind.DECIMAL;
            case UTF8, JSON, BOOLEAN -> Kind.COMPARABLE;
            default -> Kind.OTHER;
        };
    }

    static boolean isInteger(TypeId id) {
        return switch (id) {
            case INT8, INT16, INT32, INT64, UINT8, UINT16, UINT32, UINT64 -> true;
            default -> false;
        };
    }

    static boolean isNumeric(TypeId id) {
        return isInteger(id) || id == TypeId.FLOAT32 || id == TypeId.FLOAT64 || id == TypeId.DECIMAL;
    }

    /** A whole number as a value of {@code type}. */
    static Object fromLong(long v, DataType type) {
        return switch (type.id()) {
            case INT8 -> (byte) v;
            case INT16, UINT8 -> (short) v;
            case INT32, UINT16, DATE -> (int) v;
            case FLOAT32 -> (float) v;
            case FLOAT64 -> (double) v;
            case DECIMAL -> BigDecimal.valueOf(v).setScale(type.scale(), RoundingMode.HALF_UP);
            default -> v;
        };
    }

    /** A floating-point number as a value of {@code type} (whole types truncate, as SQL's CAST). */
    static Object fromDouble(double v, DataType type) {
        return switch (type.id()) {
            case FLOAT32 -> (float) v;
            case FLOAT64 -> v;
            case DECIMAL -> BigDecimal.valueOf(v).setScale(type.scale(), RoundingMode.HALF_UP);
            default -> fromLong((long) v, type);
        };
    }

    /** A number of any Java numeric class as a double ({@code UINT64} read unsigned when {@code unsigned}). */
    static double toDouble(Object v, boolean unsigned) {
        if (unsigned && v instanceof Long l && l < 0) {
            return (double) (l >>> 1) * 2.0 + (l & 1);
        }
        return ((Number) v).doubleValue();
    }

    static long[] grow(long[] a, int capacity) {
        return capacity <= a.length ? a : Arrays.copyOf(a, Math.max(capacity, a.length * 2));
    }

    static double[] grow(double[] a, int capacity) {
        return capacity <= a.length ? a : Arrays.copyOf(a, Math.max(capacity, a.length * 2));
    }

    static Object[] grow(Object[] a, int capacity) {
        return capacity <= a.length ? a : Arrays.copyOf(a, Math.max(capacity, a.length * 2));
    }

    static void writeLongs(StateWriter out, long[] a, int[] slots, int count) {
        if (slots == null) {
            out.writeLongs(a, 0, count);
            return;
        }
        long[] gathered = new long[count];
        for (int i = 0; i < count; i++) {
            gathered[i] = a[slots[i]];
        }
        out.writeLongs(gathered, 0, count);
    }

    static void writeDoubles(StateWriter out, double[] a, int[] slots, int count) {
        if (slots == null) {
            out.writeDoubles(a, 0, count);
            return;
        }
        double[] gathered = new double[count];
        for (int i = 0; i < count; i++) {
            gathered[i] = a[slots[i]];
        }
        out.writeDoubles(gathered, 0, count);
    }

    static void writeObjects(StateWriter out, Object[] a, int[] slots, int count) {
        if (slots == null) {
            Values.writeColumn(out, a, 0, 1, count);
            return;
        }
        Object[] gathered = new Object[count];
        for (int i = 0; i < count; i++) {
            gathered[i] = a[slots[i]];
        }
        Values.writeColumn(out, gathered, 0, 1, count);
    }

    /** Whether two values are the same, by content for BYTEA and STRUCT values. */
    static boolean same(Object a, Object b) {
        if (a == b) {
            return true;
        }
        if (a == null || b == null) {
            return false;
        }
        if (a instanceof byte[] x) {
            return b instanceof byte[] y && Arrays.equals(x, y);
        }
        if (a instanceof Object[] x) {
            return b instanceof Object[] y && Arrays.deepEquals(x, y);
        }
        return a.equals(b);
    }
}
