package org.wadi.worker.internal.window;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Arrays;
import org.wadi.spi.plan.AggregateCall;
import org.wadi.spi.types.DataType;
import org.wadi.spi.types.Schema;
import org.wadi.spi.types.TypeId;
import org.wadi.worker.internal.expr.PlanException;
import org.wadi.worker.internal.state.StateReader;
import org.wadi.worker.internal.state.StateWriter;
import org.wadi.worker.internal.state.Values;

/**
 * The accumulators of one aggregate for all the groups of a table, one slot per group, held in
 * primitive arrays where the type allows (a count is a {@code long[]} entry, not a boxed object).
 */
abstract class AggColumn {

    /** Makes room for {@code capacity} slots. */
    abstract void grow(int capacity);

    /** Adds one input row to slot {@code slot}. */
    abstract void update(int slot, Object[] row);

    /** Adds what {@code from} (of the same kind) accumulated in {@code fromSlot} to {@code slot}. */
    abstract void merge(int slot, AggColumn from, int fromSlot);

    /** The aggregate's value for slot {@code slot}, as the output type's Java value. */
    abstract Object result(int slot);

    /** Empties slots {@code 0 … size-1}, for reuse. */
    abstract void clear(int size);

    /** Empties one slot, for reuse. */
    abstract void clearSlot(int slot);

    /** An empty column of the same kind. */
    abstract AggColumn fresh();

    /**
     * A column of the same kind holding the same accumulators in arrays of its own: a snapshot
     * writes it later while the original goes on changing.
     */
    abstract AggColumn copy();

    /**
     * Writes the accumulators of {@code count} slots: {@code slots[0 … count-1]}, or slots
     * {@code 0 … count-1} when {@code slots} is null.
     */
    abstract void write(StateWriter out, int[] slots, int count);

    /** Reads what {@link #write} wrote into slots {@code 0 … count-1}, which must fit ({@link #grow}). */
    abstract void read(StateReader in, int count) throws IOException;

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

    /** The column computing {@code call} over rows of {@code input}. */
    static AggColumn create(AggregateCall call, Schema input) throws PlanException {
        if (call.distinct()) {
            throw new PlanException("DISTINCT aggregates (" + call.function() + ") are not supported yet", "user");
        }
        DataType out = call.type();
        if (call.argument() >= input.size() - 1) {
            throw new PlanException("aggregate " + call.function() + " reads column " + call.argument()
                    + ", but the input has " + (input.size() - 1) + " columns", "internal");
        }
        String fn = call.function().toLowerCase(java.util.Locale.ROOT);
        if (fn.equals("count")) {
            return call.argument() < 0 ? new CountStar(16) : new Count(call.argument(), 16);
        }
        if (call.argument() < 0) {
            throw new PlanException("aggregate " + fn + " needs an argument", "internal");
        }
        int arg = call.argument();
        TypeId in = input.field(arg).type().id();
        Kind kind = kind(in);
        return switch (fn) {
            case "sum" -> switch (kind) {
                case LONG -> new SumLong(arg, out, 16);
                case DOUBLE -> new SumDouble(arg, out, false, 16);
                case DECIMAL -> new SumDecimal(arg, out, false, 16);
                default -> throw unsupported(fn, input.field(arg).type());
            };
            case "avg" -> switch (kind) {
                case LONG, DOUBLE -> new SumDouble(arg, out, true, 16);
                case DECIMAL -> new SumDecimal(arg, out, true, 16);
                default -> throw unsupported(fn, input.field(arg).type());
            };
            case "min", "max" -> switch (kind) {
                case LONG -> new MinMaxLong(arg, out, fn.equals("max"), in == TypeId.UINT64, 16);
                case DOUBLE -> new MinMaxDouble(arg, out, fn.equals("max"), 16);
                case DECIMAL, COMPARABLE -> new MinMaxObject(arg, fn.equals("max"), 16);
                default -> throw unsupported(fn, input.field(arg).type());
            };
            default -> throw new PlanException("aggregate function '" + call.function() + "' is not supported yet;"
                    + " supported: count, sum, min, max, avg", "user");
        };
    }

    private static PlanException unsupported(String fn, DataType type) {
        return new PlanException("aggregate " + fn + " over values of type " + type + " is not supported", "user");
    }

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

    /** {@code count(*)}. */
    static final class CountStar extends AggColumn {
        private long[] n;

        CountStar(int capacity) {
            n = new long[capacity];
        }

        @Override
        void grow(int capacity) {
            n = grow(n, capacity);
        }

        @Override
        void update(int slot, Object[] row) {
            n[slot]++;
        }

        @Override
        void merge(int slot, AggColumn from, int fromSlot) {
            n[slot] += ((CountStar) from).n[fromSlot];
        }

        @Override
        Object result(int slot) {
            return n[slot];
        }

        @Override
        void clear(int size) {
            Arrays.fill(n, 0, Math.min(size, n.length), 0);
        }

        @Override
        void clearSlot(int slot) {
            n[slot] = 0;
        }

        @Override
        void write(StateWriter out, int[] slots, int count) {
            writeLongs(out, n, slots, count);
        }

        @Override
        void read(StateReader in, int count) throws IOException {
            in.readLongs(n, 0, count);
        }

        @Override
        AggColumn fresh() {
            return new CountStar(16);
        }

        @Override
        AggColumn copy() {
            CountStar c = new CountStar(0);
            c.n = n.clone();
            return c;
        }
    }

    /** {@code count(x)}: the non-null values. */
    static final class Count extends AggColumn {
        private final int arg;
        private long[] n;

        Count(int arg, int capacity) {
            this.arg = arg;
            n = new long[capacity];
        }

        @Override
        void grow(int capacity) {
            n = grow(n, capacity);
        }

        @Override
        void update(int slot, Object[] row) {
            if (row[arg] != null) {
                n[slot]++;
            }
        }

        @Override
        void merge(int slot, AggColumn from, int fromSlot) {
            n[slot] += ((Count) from).n[fromSlot];
        }

        @Override
        Object result(int slot) {
            return n[slot];
        }

        @Override
        void clear(int size) {
            Arrays.fill(n, 0, Math.min(size, n.length), 0);
        }

        @Override
        void clearSlot(int slot) {
            n[slot] = 0;
        }

        @Override
        void write(StateWriter out, int[] slots, int count) {
            writeLongs(out, n, slots, count);
        }

        @Override
        void read(StateReader in, int count) throws IOException {
            in.readLongs(n, 0, count);
        }

        @Override
        AggColumn fresh() {
            return new Count(arg, 16);
        }

        @Override
        AggColumn copy() {
            Count c = new Count(arg, 0);
            c.n = n.clone();
            return c;
        }
    }

    /** {@code sum} of whole numbers, in a {@code long} (wrapping as Java's arithmetic). */
    static final class SumLong extends AggColumn {
        private final int arg;
        private final DataType out;
        private long[] sum;
        private long[] n;

        SumLong(int arg, DataType out, int capacity) {
            this.arg = arg;
            this.out = out;
            sum = new long[capacity];
            n = new long[capacity];
        }

        @Override
        void grow(int capacity) {
            sum = grow(sum, capacity);
            n = grow(n, capacity);
        }

        @Override
        void update(int slot, Object[] row) {
            Object v = row[arg];
            if (v != null) {
                sum[slot] += ((Number) v).longValue();
                n[slot]++;
            }
        }

        @Override
        void merge(int slot, AggColumn from, int fromSlot) {
            SumLong f = (SumLong) from;
            sum[slot] += f.sum[fromSlot];
            n[slot] += f.n[fromSlot];
        }

        @Override
        Object result(int slot) {
            return n[slot] == 0 ? null : fromLong(sum[slot], out);
        }

        @Override
        void clear(int size) {
            Arrays.fill(sum, 0, Math.min(size, sum.length), 0);
            Arrays.fill(n, 0, Math.min(size, n.length), 0);
        }

        @Override
        void clearSlot(int slot) {
            sum[slot] = 0;
            n[slot] = 0;
        }

        @Override
        void write(StateWriter out, int[] slots, int count) {
            writeLongs(out, sum, slots, count);
            writeLongs(out, n, slots, count);
        }

        @Override
        void read(StateReader in, int count) throws IOException {
            in.readLongs(sum, 0, count);
            in.readLongs(n, 0, count);
        }

        @Override
        AggColumn fresh() {
            return new SumLong(arg, out, 16);
        }

        @Override
        AggColumn copy() {
            SumLong c = new SumLong(arg, out, 0);
            c.sum = sum.clone();
            c.n = n.clone();
            return c;
        }
    }

    /** {@code sum} of floating-point numbers, and {@code avg} of whole and floating-point numbers. */
    static final class SumDouble extends AggColumn {
        private final int arg;
        private final DataType out;
        private final boolean average;
        private double[] sum;
        private long[] n;

        SumDouble(int arg, DataType out, boolean average, int capacity) {
            this.arg = arg;
            this.out = out;
            this.average = average;
            sum = new double[capacity];
            n = new long[capacity];
        }

        @Override
        void grow(int capacity) {
            sum = grow(sum, capacity);
            n = grow(n, capacity);
        }

        @Override
        void update(int slot, Object[] row) {
            Object v = row[arg];
            if (v != null) {
                sum[slot] += ((Number) v).doubleValue();
                n[slot]++;
            }
        }

        @Override
        void merge(int slot, AggColumn from, int fromSlot) {
            SumDouble f = (SumDouble) from;
            sum[slot] += f.sum[fromSlot];
            n[slot] += f.n[fromSlot];
        }

        @Override
        Object result(int slot) {
            if (n[slot] == 0) {
                return null;
            }
            return fromDouble(average ? sum[slot] / n[slot] : sum[slot], out);
        }

        @Override
        void clear(int size) {
            Arrays.fill(sum, 0, Math.min(size, sum.length), 0);
            Arrays.fill(n, 0, Math.min(size, n.length), 0);
        }

        @Override
        void clearSlot(int slot) {
            sum[slot] = 0;
            n[slot] = 0;
        }

        @Override
        void write(StateWriter out, int[] slots, int count) {
            writeDoubles(out, sum, slots, count);
            writeLongs(out, n, slots, count);
        }

        @Override
        void read(StateReader in, int count) throws IOException {
            in.readDoubles(sum, 0, count);
            in.readLongs(n, 0, count);
        }

        @Override
        AggColumn fresh() {
            return new SumDouble(arg, out, average, 16);
        }

        @Override
        AggColumn copy() {
            SumDouble c = new SumDouble(arg, out, average, 0);
            c.sum = sum.clone();
            c.n = n.clone();
            return c;
        }
    }

    /** {@code sum} and {@code avg} of DECIMALs, exact. */
    static final class SumDecimal extends AggColumn {
        private final int arg;
        private final DataType out;
        private final boolean average;
        private Object[] sum;
        private long[] n;

        SumDecimal(int arg, DataType out, boolean average, int capacity) {
            this.arg = arg;
            this.out = out;
            this.average = average;
            sum = new Object[capacity];
            n = new long[capacity];
        }

        @Override
        void grow(int capacity) {
            sum = grow(sum, capacity);
            n = grow(n, capacity);
        }

        @Override
        void update(int slot, Object[] row) {
            Object v = row[arg];
            if (v != null) {
                BigDecimal s = (BigDecimal) sum[slot];
                sum[slot] = s == null ? (BigDecimal) v : s.add((BigDecimal) v);
                n[slot]++;
            }
        }

        @Override
        void merge(int slot, AggColumn from, int fromSlot) {
            SumDecimal f = (SumDecimal) from;
            BigDecimal o = (BigDecimal) f.sum[fromSlot];
            if (o != null) {
                BigDecimal s = (BigDecimal) sum[slot];
                sum[slot] = s == null ? o : s.add(o);
                n[slot] += f.n[fromSlot];
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
        void clear(int size) {
            Arrays.fill(sum, 0, Math.min(size, sum.length), null);
            Arrays.fill(n, 0, Math.min(size, n.length), 0);
        }

        @Override
        void clearSlot(int slot) {
            sum[slot] = null;
            n[slot] = 0;
        }

        @Override
        void write(StateWriter out, int[] slots, int count) {
            writeObjects(out, sum, slots, count);
            writeLongs(out, n, slots, count);
        }

        @Override
        void read(StateReader in, int count) throws IOException {
            Values.readColumn(in, sum, 0, 1, count);
            in.readLongs(n, 0, count);
        }

        @Override
        AggColumn fresh() {
            return new SumDecimal(arg, out, average, 16);
        }

        @Override
        AggColumn copy() {
            SumDecimal c = new SumDecimal(arg, out, average, 0);
            c.sum = sum.clone();
            c.n = n.clone();
            return c;
        }
    }

    /** {@code min} / {@code max} of whole numbers and times, in a {@code long}. */
    static final class MinMaxLong extends AggColumn {
        private final int arg;
        private final DataType out;
        private final boolean max;
        private final boolean unsigned;
        private long[] v;
        private long[] n;

        MinMaxLong(int arg, DataType out, boolean max, boolean unsigned, int capacity) {
            this.arg = arg;
            this.out = out;
            this.max = max;
            this.unsigned = unsigned;
            v = new long[capacity];
            n = new long[capacity];
        }

        @Override
        void grow(int capacity) {
            v = grow(v, capacity);
            n = grow(n, capacity);
        }

        private void add(int slot, long x) {
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
        void update(int slot, Object[] row) {
            Object x = row[arg];
            if (x != null) {
                add(slot, ((Number) x).longValue());
            }
        }

        @Override
        void merge(int slot, AggColumn from, int fromSlot) {
            MinMaxLong f = (MinMaxLong) from;
            if (f.n[fromSlot] > 0) {
                add(slot, f.v[fromSlot]);
            }
        }

        @Override
        Object result(int slot) {
            return n[slot] == 0 ? null : fromLong(v[slot], out);
        }

        @Override
        void clear(int size) {
            Arrays.fill(n, 0, Math.min(size, n.length), 0);
        }

        @Override
        void clearSlot(int slot) {
            n[slot] = 0;
        }

        @Override
        void write(StateWriter out, int[] slots, int count) {
            writeLongs(out, v, slots, count);
            writeLongs(out, n, slots, count);
        }

        @Override
        void read(StateReader in, int count) throws IOException {
            in.readLongs(v, 0, count);
            in.readLongs(n, 0, count);
        }

        @Override
        AggColumn fresh() {
            return new MinMaxLong(arg, out, max, unsigned, 16);
        }

        @Override
        AggColumn copy() {
            MinMaxLong c = new MinMaxLong(arg, out, max, unsigned, 0);
            c.v = v.clone();
            c.n = n.clone();
            return c;
        }
    }

    /** {@code min} / {@code max} of floating-point numbers. */
    static final class MinMaxDouble extends AggColumn {
        private final int arg;
        private final DataType out;
        private final boolean max;
        private double[] v;
        private long[] n;

        MinMaxDouble(int arg, DataType out, boolean max, int capacity) {
            this.arg = arg;
            this.out = out;
            this.max = max;
            v = new double[capacity];
            n = new long[capacity];
        }

        @Override
        void grow(int capacity) {
            v = grow(v, capacity);
            n = grow(n, capacity);
        }

        private void add(int slot, double x) {
            if (n[slot]++ == 0 || (max ? x > v[slot] : x < v[slot])) {
                v[slot] = x;
            }
        }

        @Override
        void update(int slot, Object[] row) {
            Object x = row[arg];
            if (x != null) {
                add(slot, ((Number) x).doubleValue());
            }
        }

        @Override
        void merge(int slot, AggColumn from, int fromSlot) {
            MinMaxDouble f = (MinMaxDouble) from;
            if (f.n[fromSlot] > 0) {
                add(slot, f.v[fromSlot]);
            }
        }

        @Override
        Object result(int slot) {
            return n[slot] == 0 ? null : fromDouble(v[slot], out);
        }

        @Override
        void clear(int size) {
            Arrays.fill(n, 0, Math.min(size, n.length), 0);
        }

        @Override
        void clearSlot(int slot) {
            n[slot] = 0;
        }

        @Override
        void write(StateWriter out, int[] slots, int count) {
            writeDoubles(out, v, slots, count);
            writeLongs(out, n, slots, count);
        }

        @Override
        void read(StateReader in, int count) throws IOException {
            in.readDoubles(v, 0, count);
            in.readLongs(n, 0, count);
        }

        @Override
        AggColumn fresh() {
            return new MinMaxDouble(arg, out, max, 16);
        }

        @Override
        AggColumn copy() {
            MinMaxDouble c = new MinMaxDouble(arg, out, max, 0);
            c.v = v.clone();
            c.n = n.clone();
            return c;
        }
    }

    /** {@code min} / {@code max} of other comparable values (text, booleans, decimals). */
    static final class MinMaxObject extends AggColumn {
        private final int arg;
        private final boolean max;
        private Object[] v;

        MinMaxObject(int arg, boolean max, int capacity) {
            this.arg = arg;
            this.max = max;
            v = new Object[capacity];
        }

        @Override
        void grow(int capacity) {
            v = grow(v, capacity);
        }

        @SuppressWarnings({"unchecked", "rawtypes"})
        private void add(int slot, Object x) {
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
        void update(int slot, Object[] row) {
            Object x = row[arg];
            if (x != null) {
                add(slot, x);
            }
        }

        @Override
        void merge(int slot, AggColumn from, int fromSlot) {
            Object x = ((MinMaxObject) from).v[fromSlot];
            if (x != null) {
                add(slot, x);
            }
        }

        @Override
        Object result(int slot) {
            return v[slot];
        }

        @Override
        void clear(int size) {
            Arrays.fill(v, 0, Math.min(size, v.length), null);
        }

        @Override
        void clearSlot(int slot) {
            v[slot] = null;
        }

        @Override
        void write(StateWriter out, int[] slots, int count) {
            writeObjects(out, v, slots, count);
        }

        @Override
        void read(StateReader in, int count) throws IOException {
            Values.readColumn(in, v, 0, 1, count);
        }

        @Override
        AggColumn fresh() {
            return new MinMaxObject(arg, max, 16);
        }

        @Override
        AggColumn copy() {
            MinMaxObject c = new MinMaxObject(arg, max, 0);
            c.v = v.clone();
            return c;
        }
    }
}
