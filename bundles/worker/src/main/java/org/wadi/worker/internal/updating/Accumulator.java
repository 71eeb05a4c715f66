package org.wadi.worker.internal.updating;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.wadi.spi.plan.AggregateCall;
import org.wadi.spi.types.DataType;
import org.wadi.spi.types.Schema;
import org.wadi.spi.types.TypeId;
import org.wadi.worker.internal.expr.PlanException;
import org.wadi.worker.internal.state.StateReader;
import org.wadi.worker.internal.state.StateWriter;
import org.wadi.worker.internal.state.Values;

/**
 * The accumulators of one aggregate of an updating aggregate, one slot per key, that rows are added
 * to and — from an updating input — taken out of again. Counts, sums and averages take a retraction
 * out arithmetically; {@code min} and {@code max} of an updating input keep a multiset of the values
 * per key (a retraction of the current extreme then finds the next one exactly), of an append input
 * only the extreme, in a primitive array. Types are handled as the window aggregates handle them
 * (the conversions {@link #fromLong} and {@link #fromDouble} are theirs).
 */
abstract class Accumulator {

    /** Makes room for {@code capacity} slots. */
    abstract void grow(int capacity);

    /** Adds one input row to slot {@code slot}. */
    abstract void add(int slot, Object[] row);

    /** Takes one input row, added before, out of slot {@code slot}. */
    abstract void retract(int slot, Object[] row);

    /** The aggregate's value for slot {@code slot}, as the output type's Java value. */
    abstract Object result(int slot);

    /** Empties one slot, for its next key. */
    abstract void clear(int slot);

    /** Writes the accumulators of slots {@code slots[0 … count-1]}. */
    abstract void write(StateWriter out, int[] slots, int count);

    /** Reads what {@link #write} wrote into slots {@code from … from+count-1}, which must fit ({@link #grow}). */
    abstract void read(StateReader in, int from, int count) throws IOException;

    /**
     * The accumulator computing {@code call} over rows of {@code input}.
     *
     * @param retracting whether rows are also taken out (the input is updating)
     */
    static Accumulator create(AggregateCall call, Schema input, boolean retracting) throws PlanException {
        if (call.distinct()) {
            throw new PlanException("DISTINCT aggregates (" + call.function() + ") are not supported yet", "user");
        }
        int columns = input.size() - (input.isUpdating() ? 2 : 1);
        if (call.argument() >= columns) {
            throw new PlanException("aggregate " + call.function() + " reads column " + call.argument()
                    + ", but the input has " + columns + " columns", "internal");
        }
        DataType out = call.type();
        String fn = call.function().toLowerCase(Locale.ROOT);
        if (fn.equals("count")) {
            return call.argument() < 0 ? new CountStar() : new Count(call.argument());
        }
        if (call.argument() < 0) {
            throw new PlanException("aggregate " + fn + " needs an argument", "internal");
        }
        int arg = call.argument();
        DataType type = input.field(arg).type();
        Kind kind = kind(type.id());
        boolean max = fn.equals("max");
        return switch (fn) {
            case "sum" -> switch (kind) {
                case LONG -> new SumLong(arg, out);
                case DOUBLE -> new SumDouble(arg, out, false);
                case DECIMAL -> new SumDecimal(arg, out, false);
                default -> throw unsupported(fn, type);
            };
            case "avg" -> switch (kind) {
                case LONG, DOUBLE -> new SumDouble(arg, out, true);
                case DECIMAL -> new SumDecimal(arg, out, true);
                default -> throw unsupported(fn, type);
            };
            case "min", "max" -> {
                if (kind == Kind.OTHER) {
                    throw unsupported(fn, type);
                }
                if (retracting) {
                    yield new MinMaxMultiset(arg, out, max, kind, type.id() == TypeId.UINT64);
                }
                yield switch (kind) {
                    case LONG -> new MinMaxLong(arg, out, max, type.id() == TypeId.UINT64);
                    case DOUBLE -> new MinMaxDouble(arg, out, max);
                    default -> new MinMaxObject(arg, max);
                };
            }
            default -> throw new PlanException("aggregate function '" + call.function() + "' is not supported yet;"
                    + " supported: count, sum, min, max, avg", "user");
        };
    }

    private static PlanException unsupported(String fn, DataType type) {
        return new PlanException("aggregate " + fn + " over values of type " + type + " is not supported", "user");
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
        long[] gathered = new long[count];
        for (int i = 0; i < count; i++) {
            gathered[i] = a[slots[i]];
        }
        out.writeLongs(gathered, 0, count);
    }

    static void writeDoubles(StateWriter out, double[] a, int[] slots, int count) {
        double[] gathered = new double[count];
        for (int i = 0; i < count; i++) {
            gathered[i] = a[slots[i]];
        }
        out.writeDoubles(gathered, 0, count);
    }

    static void writeObjects(StateWriter out, Object[] a, int[] slots, int count) {
        Object[] gathered = new Object[count];
        for (int i = 0; i < count; i++) {
            gathered[i] = a[slots[i]];
        }
        Values.writeColumn(out, gathered, 0, 1, count);
    }

    private static final int INITIAL = 16;

    /** {@code count(*)}. */
    static final class CountStar extends Accumulator {
        private long[] n = new long[INITIAL];

        @Override
        void grow(int capacity) {
            n = grow(n, capacity);
        }

        @Override
        void add(int slot, Object[] row) {
            n[slot]++;
        }

        @Override
        void retract(int slot, Object[] row) {
            n[slot]--;
        }

        @Override
        Object result(int slot) {
            return n[slot];
        }

        @Override
        void clear(int slot) {
            n[slot] = 0;
        }

        @Override
        void write(StateWriter out, int[] slots, int count) {
            writeLongs(out, n, slots, count);
        }

        @Override
        void read(StateReader in, int from, int count) throws IOException {
            in.readLongs(n, from, count);
        }
    }

    /** {@code count(x)}: the non-null values. */
    static final class Count extends Accumulator {
        private final int arg;
        private long[] n = new long[INITIAL];

        Count(int arg) {
            this.arg = arg;
        }

        @Override
        void grow(int capacity) {
            n = grow(n, capacity);
        }

        @Override
        void add(int slot, Object[] row) {
            if (row[arg] != null) {
                n[slot]++;
            }
        }

        @Override
        void retract(int slot, Object[] row) {
            if (row[arg] != null) {
                n[slot]--;
            }
        }

        @Override
        Object result(int slot) {
            return n[slot];
        }

        @Override
        void clear(int slot) {
            n[slot] = 0;
        }

        @Override
        void write(StateWriter out, int[] slots, int count) {
            writeLongs(out, n, slots, count);
        }

        @Override
        void read(StateReader in, int from, int count) throws IOException {
            in.readLongs(n, from, count);
        }
    }

    /** {@code sum} of whole numbers, in a {@code long} (wrapping as Java's arithmetic). */
    static final class SumLong extends Accumulator {
        private final int arg;
        private final DataType out;
        private long[] sum = new long[INITIAL];
        private long[] n = new long[INITIAL];

        SumLong(int arg, DataType out) {
            this.arg = arg;
            this.out = out;
        }

        @Override
        void grow(int capacity) {
            sum = grow(sum, capacity);
            n = grow(n, capacity);
        }

        @Override
        void add(int slot, Object[] row) {
            Object v = row[arg];
            if (v != null) {
                sum[slot] += ((Number) v).longValue();
                n[slot]++;
            }
        }

        @Override
        void retract(int slot, Object[] row) {
            Object v = row[arg];
            if (v != null) {
                sum[slot] -= ((Number) v).longValue();
                n[slot]--;
            }
        }

        @Override
        Object result(int slot) {
            return n[slot] <= 0 ? null : fromLong(sum[slot], out);
        }

        @Override
        void clear(int slot) {
            sum[slot] = 0;
            n[slot] = 0;
        }

        @Override
        void write(StateWriter out, int[] slots, int count) {
            writeLongs(out, sum, slots, count);
            writeLongs(out, n, slots, count);
        }

        @Override
        void read(StateReader in, int from, int count) throws IOException {
            in.readLongs(sum, from, count);
            in.readLongs(n, from, count);
        }
    }

    /**
     * {@code sum} of floating-point numbers, and {@code avg} of whole and floating-point numbers. A
     * sum back at no values restarts from exactly 0, not from the rounding residue of its retractions.
     */
    static final class SumDouble extends Accumulator {
        private final int arg;
        private final DataType out;
        private final boolean average;
        private double[] sum = new double[INITIAL];
        private long[] n = new long[INITIAL];

        SumDouble(int arg, DataType out, boolean average) {
            this.arg = arg;
            this.out = out;
            this.average = average;
        }

        @Override
        void grow(int capacity) {
            sum = grow(sum, capacity);
            n = grow(n, capacity);
        }

        @Override
        void add(int slot, Object[] row) {
            Object v = row[arg];
            if (v != null) {
                sum[slot] += ((Number) v).doubleValue();
                n[slot]++;
            }
        }

        @Override
        void retract(int slot, Object[] row) {
            Object v = row[arg];
            if (v != null) {
                if (--n[slot] == 0) {
                    sum[slot] = 0;
                } else {
                    sum[slot] -= ((Number) v).doubleValue();
                }
            }
        }

        @Override
        Object result(int slot) {
            if (n[slot] <= 0) {
                return null;
            }
            return fromDouble(average ? sum[slot] / n[slot] : sum[slot], out);
        }

        @Override
        void clear(int slot) {
            sum[slot] = 0;
            n[slot] = 0;
        }

        @Override
        void write(StateWriter out, int[] slots, int count) {
            writeDoubles(out, sum, slots, count);
            writeLongs(out, n, slots, count);
        }

        @Override
        void read(StateReader in, int from, int count) throws IOException {
            in.readDoubles(sum, from, count);
            in.readLongs(n, from, count);
        }
    }

    /** {@code sum} and {@code avg} of DECIMALs, exact. */
    static final class SumDecimal extends Accumulator {
        private final int arg;
        private final DataType out;
        private final boolean average;
        private Object[] sum = new Object[INITIAL];
        private long[] n = new long[INITIAL];

        SumDecimal(int arg, DataType out, boolean average) {
            this.arg = arg;
            this.out = out;
            this.average = average;
        }

        @Override
        void grow(int capacity) {
            sum = grow(sum, capacity);
            n = grow(n, capacity);
        }

        @Override
        void add(int slot, Object[] row) {
            Object v = row[arg];
            if (v != null) {
                BigDecimal s = (BigDecimal) sum[slot];
                sum[slot] = s == null ? (BigDecimal) v : s.add((BigDecimal) v);
                n[slot]++;
            }
        }

        @Override
        void retract(int slot, Object[] row) {
            Object v = row[arg];
            if (v != null && sum[slot] != null) {
                sum[slot] = --n[slot] == 0 ? null : ((BigDecimal) sum[slot]).subtract((BigDecimal) v);
            }
        }

        @Override
        Object result(int slot) {
            BigDecimal s = (BigDecimal) sum[slot];
            if (s == null) {
                return null;
            }
            if (out.id() != TypeId.DECIMAL) {
                return fromDouble(average ? s.doubleValue() / n[slot] : s.doubleValue(), out);
            }
            BigDecimal v = average ? s.divide(BigDecimal.valueOf(n[slot]), out.scale(), RoundingMode.HALF_UP) : s;
            return v.setScale(out.scale(), RoundingMode.HALF_UP);
        }

        @Override
        void clear(int slot) {
            sum[slot] = null;
            n[slot] = 0;
        }

        @Override
        void write(StateWriter out, int[] slots, int count) {
            writeObjects(out, sum, slots, count);
            writeLongs(out, n, slots, count);
        }

        @Override
        void read(StateReader in, int from, int count) throws IOException {
            Values.readColumn(in, sum, from, 1, count);
            in.readLongs(n, from, count);
        }
    }

    /** An append input's {@code min} / {@code max}: only rows are added, never taken out. */
    abstract static class AppendOnly extends Accumulator {
        @Override
        final void retract(int slot, Object[] row) {
            throw new IllegalStateException("a retraction reached the min/max of an append-only input: "
                    + "the plan says the aggregate's input is not updating");
        }
    }

    /** {@code min} / {@code max} of whole numbers and times, in a {@code long}. */
    static final class MinMaxLong extends AppendOnly {
        private final int arg;
        private final DataType out;
        private final boolean max;
        private final boolean unsigned;
        private long[] v = new long[INITIAL];
        private long[] n = new long[INITIAL];

        MinMaxLong(int arg, DataType out, boolean max, boolean unsigned) {
            this.arg = arg;
            this.out = out;
            this.max = max;
            this.unsigned = unsigned;
        }

        @Override
        void grow(int capacity) {
            v = grow(v, capacity);
            n = grow(n, capacity);
        }

        @Override
        void add(int slot, Object[] row) {
            Object o = row[arg];
            if (o == null) {
                return;
            }
            long x = ((Number) o).longValue();
            if (n[slot]++ == 0) {
                v[slot] = x;
                return;
            }
            int c = unsigned ? Long.compareUnsigned(x, v[slot]) : Long.compare(x, v[slot]);
            if (max ? c > 0 : c < 0) {
                v[slot] = x;
            }
        }

        @Override
        Object result(int slot) {
            return n[slot] == 0 ? null : fromLong(v[slot], out);
        }

        @Override
        void clear(int slot) {
            n[slot] = 0;
        }

        @Override
        void write(StateWriter out, int[] slots, int count) {
            writeLongs(out, v, slots, count);
            writeLongs(out, n, slots, count);
        }

        @Override
        void read(StateReader in, int from, int count) throws IOException {
            in.readLongs(v, from, count);
            in.readLongs(n, from, count);
        }
    }

    /** {@code min} / {@code max} of floating-point numbers. */
    static final class MinMaxDouble extends AppendOnly {
        private final int arg;
        private final DataType out;
        private final boolean max;
        private double[] v = new double[INITIAL];
        private long[] n = new long[INITIAL];

        MinMaxDouble(int arg, DataType out, boolean max) {
            this.arg = arg;
            this.out = out;
            this.max = max;
        }

        @Override
        void grow(int capacity) {
            v = grow(v, capacity);
            n = grow(n, capacity);
        }

        @Override
        void add(int slot, Object[] row) {
            Object o = row[arg];
            if (o == null) {
                return;
            }
            double x = ((Number) o).doubleValue();
            if (n[slot]++ == 0 || (max ? x > v[slot] : x < v[slot])) {
                v[slot] = x;
            }
        }

        @Override
        Object result(int slot) {
            return n[slot] == 0 ? null : fromDouble(v[slot], out);
        }

        @Override
        void clear(int slot) {
            n[slot] = 0;
        }

        @Override
        void write(StateWriter out, int[] slots, int count) {
            writeDoubles(out, v, slots, count);
            writeLongs(out, n, slots, count);
        }

        @Override
        void read(StateReader in, int from, int count) throws IOException {
            in.readDoubles(v, from, count);
            in.readLongs(n, from, count);
        }
    }

    /** {@code min} / {@code max} of other comparable values (text, booleans, decimals). */
    static final class MinMaxObject extends AppendOnly {
        private final int arg;
        private final boolean max;
        private Object[] v = new Object[INITIAL];

        MinMaxObject(int arg, boolean max) {
            this.arg = arg;
            this.max = max;
        }

        @Override
        void grow(int capacity) {
            v = grow(v, capacity);
        }

        @Override
        @SuppressWarnings({"unchecked", "rawtypes"})
        void add(int slot, Object[] row) {
            Object x = row[arg];
            if (x == null) {
                return;
            }
            Object cur = v[slot];
            if (cur == null) {
                v[slot] = x;
                return;
            }
            int c = ((Comparable) x).compareTo(cur);
            if (max ? c > 0 : c < 0) {
                v[slot] = x;
            }
        }

        @Override
        Object result(int slot) {
            return v[slot];
        }

        @Override
        void clear(int slot) {
            v[slot] = null;
        }

        @Override
        void write(StateWriter out, int[] slots, int count) {
            writeObjects(out, v, slots, count);
        }

        @Override
        void read(StateReader in, int from, int count) throws IOException {
            Values.readColumn(in, v, from, 1, count);
        }
    }

    /**
     * {@code min} / {@code max} of an updating input: per key, each distinct value with how many
     * rows hold it, sorted, so that the extreme after a retraction is exact. The values are the rows'
     * own objects (no boxing); a count is only allocated for a value new to its key.
     */
    static final class MinMaxMultiset extends Accumulator {
        private final int arg;
        private final DataType out;
        private final boolean max;
        private final Kind kind;
        private final Comparator<Object> order;
        /** Per slot: value → {count}, or null while the key has no non-null value. */
        private Object[] sets = new Object[INITIAL];

        @SuppressWarnings({"unchecked", "rawtypes"})
        MinMaxMultiset(int arg, DataType out, boolean max, Kind kind, boolean unsigned) {
            this.arg = arg;
            this.out = out;
            this.max = max;
            this.kind = kind;
            this.order = unsigned
                    ? (a, b) -> Long.compareUnsigned(((Number) a).longValue(), ((Number) b).longValue())
                    : (a, b) -> ((Comparable) a).compareTo(b);
        }

        @SuppressWarnings("unchecked")
        private TreeMap<Object, long[]> set(int slot) {
            return (TreeMap<Object, long[]>) sets[slot];
        }

        @Override
        void grow(int capacity) {
            sets = grow(sets, capacity);
        }

        @Override
        void add(int slot, Object[] row) {
            Object x = row[arg];
            if (x == null) {
                return;
            }
            TreeMap<Object, long[]> set = set(slot);
            if (set == null) {
                set = new TreeMap<>(order);
                sets[slot] = set;
            }
            long[] n = set.get(x);
            if (n == null) {
                set.put(x, new long[] {1});
            } else {
                n[0]++;
            }
        }

        @Override
        void retract(int slot, Object[] row) {
            Object x = row[arg];
            TreeMap<Object, long[]> set = set(slot);
            if (x == null || set == null) {
                return;
            }
            long[] n = set.get(x);
            if (n != null && --n[0] == 0) {
                set.remove(x);
            }
        }

        @Override
        Object result(int slot) {
            TreeMap<Object, long[]> set = set(slot);
            if (set == null || set.isEmpty()) {
                return null;
            }
            Object v = max ? set.lastKey() : set.firstKey();
            return switch (kind) {
                case LONG -> fromLong(((Number) v).longValue(), out);
                case DOUBLE -> fromDouble(((Number) v).doubleValue(), out);
                default -> v;
            };
        }

        @Override
        void clear(int slot) {
            sets[slot] = null;
        }

        /** Per slot the number of distinct values, then all values as one column, then their counts. */
        @Override
        void write(StateWriter out, int[] slots, int count) {
            int[] sizes = new int[count];
            int total = 0;
            for (int i = 0; i < count; i++) {
                TreeMap<Object, long[]> set = set(slots[i]);
                sizes[i] = set == null ? 0 : set.size();
                total += sizes[i];
            }
            Object[] values = new Object[total];
            long[] counts = new long[total];
            int at = 0;
            for (int i = 0; i < count; i++) {
                TreeMap<Object, long[]> set = set(slots[i]);
                if (set != null) {
                    for (Map.Entry<Object, long[]> e : set.entrySet()) {
                        values[at] = e.getKey();
                        counts[at++] = e.getValue()[0];
                    }
                }
            }
            out.writeInts(sizes, 0, count);
            Values.writeColumn(out, values, 0, 1, total);
            out.writeLongs(counts, 0, total);
        }

        @Override
        void read(StateReader in, int from, int count) throws IOException {
            int[] sizes = new int[count];
            in.readInts(sizes, 0, count);
            int total = 0;
            for (int s : sizes) {
                total += s;
            }
            Object[] values = new Object[total];
            long[] counts = new long[total];
            Values.readColumn(in, values, 0, 1, total);
            in.readLongs(counts, 0, total);
            int at = 0;
            for (int i = 0; i < count; i++) {
                if (sizes[i] == 0) {
                    sets[from + i] = null;
                    continue;
                }
                TreeMap<Object, long[]> set = new TreeMap<>(order);
                for (int k = 0; k < sizes[i]; k++, at++) {
                    set.put(values[at], new long[] {counts[at]});
                }
                sets[from + i] = set;
            }
        }
    }
}
