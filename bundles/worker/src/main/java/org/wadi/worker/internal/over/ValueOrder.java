package org.wadi.worker.internal.over;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import org.wadi.spi.types.DataType;

/**
 * The order of the non-NULL values of one SQL type, chosen once per ORDER BY key so that sorting
 * compares values without looking at their classes: numbers by value (UINT64 unsigned; floats as
 * SQL, {@code -0.0 = 0.0}, NaN above every number), strings by code point (the byte order of their
 * UTF-8, as DataFusion), {@code false < true}, BINARY unsigned lexicographically, TIMESTAMP, TIME,
 * INTERVAL and DATE by their numbers, and STRUCT and LIST field by field / element by element
 * (NULL inside them first, a shorter list before its extensions).
 */
@FunctionalInterface
interface ValueOrder {

    /** Negative, zero or positive as {@code a} sorts before, with, or after {@code b} (both non-NULL). */
    int compare(Object a, Object b);

    /** The order of {@code type}'s values. */
    static ValueOrder of(DataType type) {
        return switch (type.id()) {
            case BOOLEAN -> (a, b) -> Boolean.compare((Boolean) a, (Boolean) b);
            case INT8 -> (a, b) -> Byte.compare((Byte) a, (Byte) b);
            case INT16, UINT8 -> (a, b) -> Short.compare((Short) a, (Short) b);
            case INT32, UINT16, DATE -> (a, b) -> Integer.compare((Integer) a, (Integer) b);
            case INT64, UINT32, TIMESTAMP, TIME, INTERVAL -> (a, b) -> Long.compare((Long) a, (Long) b);
            case UINT64 -> (a, b) -> Long.compareUnsigned((Long) a, (Long) b);
            case FLOAT32 -> (a, b) -> {
                float x = (Float) a;
                float y = (Float) b;
                return x == y ? 0 : Float.compare(x, y);
            };
            case FLOAT64 -> (a, b) -> {
                double x = (Double) a;
                double y = (Double) b;
                return x == y ? 0 : Double.compare(x, y);
            };
            case DECIMAL -> (a, b) -> ((BigDecimal) a).compareTo((BigDecimal) b);
            case UTF8, JSON -> (a, b) -> compareCodePoints((String) a, (String) b);
            case BINARY -> (a, b) -> Arrays.compareUnsigned((byte[]) a, (byte[]) b);
            case STRUCT -> struct(type);
            case LIST -> list(of(type.element()));
        };
    }

    private static ValueOrder struct(DataType type) {
        ValueOrder[] fields = type.fields().stream().map(f -> of(f.type())).toArray(ValueOrder[]::new);
        return (a, b) -> {
            Object[] x = (Object[]) a;
            Object[] y = (Object[]) b;
            for (int i = 0; i < fields.length; i++) {
                int c = nullsFirst(fields[i], x[i], y[i]);
                if (c != 0) {
                    return c;
                }
            }
            return 0;
        };
    }

    private static ValueOrder list(ValueOrder element) {
        return (a, b) -> {
            List<?> x = (List<?>) a;
            List<?> y = (List<?>) b;
            int n = Math.min(x.size(), y.size());
            for (int i = 0; i < n; i++) {
                int c = nullsFirst(element, x.get(i), y.get(i));
                if (c != 0) {
                    return c;
                }
            }
            return Integer.compare(x.size(), y.size());
        };
    }

    private static int nullsFirst(ValueOrder order, Object x, Object y) {
        if (x == y) {
            return 0;
        }
        if (x == null) {
            return -1;
        }
        if (y == null) {
            return 1;
        }
        return order.compare(x, y);
    }

    /**
     * Compares by Unicode code point, which is UTF-8's byte order: {@link String#compareTo} compares
     * UTF-16 units, which puts the supplementary characters (surrogate pairs) before U+E000–U+FFFF.
     */
    static int compareCodePoints(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y) {
                boolean xs = Character.isSurrogate(x);
                if (xs == Character.isSurrogate(y)) {
                    return x - y;
                }
                // a surrogate (a code point above U+FFFF) sorts after every other unit
                return xs ? 1 : -1;
            }
        }
        return a.length() - b.length();
    }
}
