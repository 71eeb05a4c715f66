package org.wadi.worker.internal.expr;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.wadi.spi.types.DataType;
import org.wadi.spi.types.TypeId;

/**
 * Run-time helpers called by generated expression code: the operations that are more than one Java
 * operator. Public static methods because generated classes live in their own class loader. Errors
 * are unchecked exceptions whose message is meant for users ("cannot cast 'abc' to INT").
 */
public final class Sql {

    public static final long NANOS_PER_DAY = 86_400_000_000_000L;
    private static final BigDecimal TWO_64 = new BigDecimal(BigInteger.ONE.shiftLeft(64));
    private static final BigDecimal U64_MAX = new BigDecimal(new BigInteger("18446744073709551615"));

    private Sql() {
    }

    // ---- integer arithmetic -------------------------------------------------------------------

    public static long div(long a, long b) {
        if (b == 0) {
            throw new ArithmeticException("division by zero");
        }
        return a / b;
    }

    public static long mod(long a, long b) {
        if (b == 0) {
            throw new ArithmeticException("division by zero");
        }
        return a % b;
    }

    public static long divU64(long a, long b) {
        if (b == 0) {
            throw new ArithmeticException("division by zero");
        }
        return Long.divideUnsigned(a, b);
    }

    public static long modU64(long a, long b) {
        if (b == 0) {
            throw new ArithmeticException("division by zero");
        }
        return Long.remainderUnsigned(a, b);
    }

    // ---- unsigned 64-bit conversions ----------------------------------------------------------

    public static double u64ToDouble(long v) {
        return v >= 0 ? (double) v : u64ToDecimal(v).doubleValue();
    }

    public static BigDecimal u64ToDecimal(long v) {
        BigDecimal d = BigDecimal.valueOf(v);
        return v >= 0 ? d : d.add(TWO_64);
    }

    public static long doubleToU64(double v) {
        if (Double.isNaN(v) || v < 0 || v >= 18446744073709551616.0) {
            throw new IllegalArgumentException("cannot cast " + v + " to BIGINT UNSIGNED: out of range");
        }
        return decimalToU64(BigDecimal.valueOf(v));
    }

    public static long decimalToU64(BigDecimal v) {
        BigDecimal t = v.setScale(0, RoundingMode.DOWN);
        if (t.signum() < 0 || t.compareTo(U64_MAX) > 0) {
            throw new IllegalArgumentException("cannot cast " + v.toPlainString() + " to BIGINT UNSIGNED: out of range");
        }
        return t.toBigInteger().longValue();
    }

    /** Compares a signed with an unsigned 64-bit value. */
    public static int compareSignedU64(long signed, long unsigned) {
        if (signed < 0 || unsigned < 0) {
            return -1;
        }
        return Long.compare(signed, unsigned);
    }

    // ---- decimals -----------------------------------------------------------------------------

    public static BigDecimal decimalOf(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            throw new IllegalArgumentException("cannot cast " + v + " to DECIMAL");
        }
        return BigDecimal.valueOf(v);
    }

    public static BigDecimal rescale(BigDecimal v, int scale) {
        return v.scale() == scale ? v : v.setScale(scale, RoundingMode.HALF_UP);
    }

    public static BigDecimal decDiv(BigDecimal a, BigDecimal b, int scale) {
        if (b.signum() == 0) {
            throw new ArithmeticException("division by zero");
        }
        return scale > 0 ? a.divide(b, scale, RoundingMode.HALF_UP) : a.divide(b, MathContext.DECIMAL128);
    }

    public static BigDecimal decMod(BigDecimal a, BigDecimal b) {
        if (b.signum() == 0) {
            throw new ArithmeticException("division by zero");
        }
        return a.remainder(b);
    }

    // ---- rounding -----------------------------------------------------------------------------

    public static double round(double v, long digits) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return v;
        }
        return BigDecimal.valueOf(v).setScale((int) digits, RoundingMode.HALF_UP).doubleValue();
    }

    public static long round(long v, long digits) {
        if (digits >= 0) {
            return v;
        }
        return BigDecimal.valueOf(v).setScale((int) digits, RoundingMode.HALF_UP).longValue();
    }

    public static BigDecimal round(BigDecimal v, long digits) {
        return v.setScale((int) digits, RoundingMode.HALF_UP);
    }

    // ---- parsing (CAST from text) -------------------------------------------------------------

    public static long parseLong(String s, String type) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            throw castError(s, type);
        }
    }

    public static long parseU64(String s) {
        try {
            return Long.parseUnsignedLong(s.trim());
        } catch (NumberFormatException e) {
            throw castError(s, "BIGINT UNSIGNED");
        }
    }

    public static double parseDouble(String s, String type) {
        try {
            return Double.parseDouble(s.trim());
        } catch (NumberFormatException e) {
            throw castError(s, type);
        }
    }

    public static BigDecimal parseDecimal(String s, String type) {
        try {
            return new BigDecimal(s.trim());
        } catch (NumberFormatException e) {
            throw castError(s, type);
        }
    }

    public static boolean parseBoolean(String s) {
        switch (s.trim().toLowerCase(Locale.ROOT)) {
            case "true": case "t": case "yes": case "y": case "on": case "1":
                return true;
            case "false": case "f": case "no": case "n": case "off": case "0":
                return false;
            default:
                throw castError(s, "BOOLEAN");
        }
    }

    /** Nanoseconds since the epoch from {@code 2024-01-02 03:04:05[.fff]}, ISO with {@code T} and an offset, or a date. */
    public static long parseTimestamp(String s) {
        String t = s.trim();
        try {
            if (t.length() == 10) {
                return LocalDate.parse(t).toEpochDay() * NANOS_PER_DAY;
            }
            if (t.length() > 10 && t.charAt(10) == ' ') {
                t = t.substring(0, 10) + 'T' + t.substring(11);
            }
            Instant i;
            char last = t.charAt(t.length() - 1);
            if (last == 'Z' || last == 'z' || hasOffset(t)) {
                i = OffsetDateTime.parse(t).toInstant();
            } else {
                i = LocalDateTime.parse(t).toInstant(ZoneOffset.UTC);
            }
            return Math.addExact(Math.multiplyExact(i.getEpochSecond(), 1_000_000_000L), i.getNano());
        } catch (DateTimeParseException | ArithmeticException | StringIndexOutOfBoundsException e) {
            throw castError(s, "TIMESTAMP");
        }
    }

    private static boolean hasOffset(String t) {
        int tpos = t.indexOf('T');
        return tpos > 0 && (t.indexOf('+', tpos) > 0 || t.indexOf('-', tpos) > 0);
    }

    public static int parseDate(String s) {
        try {
            return (int) LocalDate.parse(s.trim()).toEpochDay();
        } catch (DateTimeParseException e) {
            throw castError(s, "DATE");
        }
    }

    public static long parseTime(String s) {
        try {
            return LocalTime.parse(s.trim()).toNanoOfDay();
        } catch (DateTimeParseException e) {
            throw castError(s, "TIME");
        }
    }

    private static IllegalArgumentException castError(String s, String type) {
        return new IllegalArgumentException("cannot cast '" + s + "' to " + type);
    }

    // ---- formatting (CAST to text) ------------------------------------------------------------

    /** {@code 2024-01-02 03:04:05.123}: fraction digits only as needed. */
    public static String timestampToString(long nanos) {
        long secs = Math.floorDiv(nanos, 1_000_000_000L);
        int nano = (int) Math.floorMod(nanos, 1_000_000_000L);
        LocalDateTime t = LocalDateTime.ofEpochSecond(secs, nano, ZoneOffset.UTC);
        return t.toLocalDate() + " " + timeToString(t.toLocalTime().toNanoOfDay());
    }

    public static String dateToString(int days) {
        return LocalDate.ofEpochDay(days).toString();
    }

    public static String timeToString(long nanoOfDay) {
        LocalTime t = LocalTime.ofNanoOfDay(nanoOfDay);
        StringBuilder b = new StringBuilder(18);
        two(b, t.getHour()).append(':');
        two(b, t.getMinute()).append(':');
        two(b, t.getSecond());
        int nano = t.getNano();
        if (nano != 0) {
            String f = Integer.toString(nano + 1_000_000_000).substring(1);
            int end = f.length();
            while (f.charAt(end - 1) == '0') {
                end--;
            }
            b.append('.').append(f, 0, end);
        }
        return b.toString();
    }

    private static StringBuilder two(StringBuilder b, int v) {
        if (v < 10) {
            b.append('0');
        }
        return b.append(v);
    }

    public static String hex(byte[] v) {
        StringBuilder b = new StringBuilder(v.length * 2);
        for (byte x : v) {
            b.append(Character.forDigit((x >> 4) & 0xf, 16)).append(Character.forDigit(x & 0xf, 16));
        }
        return b.toString();
    }

    public static byte[] unhex(String s) {
        if (s.length() % 2 != 0) {
            throw new IllegalArgumentException("not hex: '" + s + "'");
        }
        byte[] out = new byte[s.length() / 2];
        for (int i = 0; i < out.length; i++) {
            int hi = Character.digit(s.charAt(2 * i), 16);
            int lo = Character.digit(s.charAt(2 * i + 1), 16);
            if (hi < 0 || lo < 0) {
                throw new IllegalArgumentException("not hex: '" + s + "'");
            }
            out[i] = (byte) (hi << 4 | lo);
        }
        return out;
    }

    public static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    public static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    public static String toString(double v) {
        return Double.toString(v);
    }

    // ---- strings ------------------------------------------------------------------------------

    public static int charLength(String s) {
        return s.codePointCount(0, s.length());
    }

    /** SQL {@code SUBSTRING(s FROM start FOR len)}, 1-based; positions outside the string are clipped. */
    public static String substring(String s, long start, long len) {
        if (len < 0) {
            throw new IllegalArgumentException("negative substring length " + len);
        }
        long from = Math.max(start, 1);
        long to = Math.min(start + len, (long) s.length() + 1);
        return from >= to ? "" : s.substring((int) from - 1, (int) to - 1);
    }

    public static String substring(String s, long start) {
        return substring(s, start, Integer.MAX_VALUE);
    }

    public static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    public static String upper(String s) {
        return s.toUpperCase(Locale.ROOT);
    }

    /** {@code LIKE} with a pattern only known per row. */
    public static boolean like(String s, String pattern, String escape) {
        return LikeMatcher.compile(pattern, escape).matches(s);
    }

    public static int compare(byte[] a, byte[] b) {
        return java.util.Arrays.compareUnsigned(a, b);
    }

    /**
     * An array with its elements converted from {@code from} to {@code to}: the planner coerces the
     * arrays of one call to a common element type, widening numbers and dates or formatting text.
     */
    public static List<Object> castList(List<?> list, DataType from,
            DataType to) {
        List<Object> out = new ArrayList<>(list.size());
        for (Object e : list) {
            out.add(e == null ? null : castElement(e, from, to));
        }
        return out;
    }

    private static Object castElement(Object v, DataType from, DataType to) {
        TypeId f = from.id();
        TypeId t = to.id();
        if (from.equals(to) || f == t && t == TypeId.TIMESTAMP) {
            return v;
        }
        if (f == TypeId.LIST && t == TypeId.LIST) {
            return castList((List<?>) v, from.element(), to.element());
        }
        if (t == TypeId.UTF8 || t == TypeId.JSON) {
            return switch (f) {
                case TIMESTAMP -> timestampToString((Long) v);
                case DATE -> dateToString((Integer) v);
                case TIME -> timeToString((Long) v);
                case DECIMAL -> ((BigDecimal) v).toPlainString();
                case UINT64 -> Long.toUnsignedString((Long) v);
                case BINARY -> utf8((byte[]) v);
                case STRUCT, LIST -> throw new IllegalArgumentException("cannot cast an array of " + from
                        + " to an array of " + to);
                default -> String.valueOf(v);
            };
        }
        if (f == TypeId.DATE && t == TypeId.TIMESTAMP) {
            return (long) (Integer) v * NANOS_PER_DAY;
        }
        if (v instanceof Number n && from.isNumeric() && f != TypeId.UINT64) {
            switch (t) {
                case INT8: return n.byteValue();
                case INT16: case UINT8: return n.shortValue();
                case INT32: case UINT16: return n.intValue();
                case INT64: case UINT32: case UINT64: return n.longValue();
                case FLOAT32: return n.floatValue();
                case FLOAT64: return n.doubleValue();
                case DECIMAL: {
                    BigDecimal d = n instanceof BigDecimal b ? b
                            : n instanceof Double || n instanceof Float ? decimalOf(n.doubleValue())
                            : BigDecimal.valueOf(n.longValue());
                    return to.precision() > 0 ? rescale(d, to.scale()) : d;
                }
                default: break;
            }
        }
        throw new IllegalArgumentException("cannot cast an array of " + from + " to an array of " + to);
    }
}
