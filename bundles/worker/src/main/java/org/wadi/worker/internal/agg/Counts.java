package org.wadi.worker.internal.agg;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Arrays;
import org.wadi.spi.types.DataType;
import org.wadi.spi.types.TypeId;
import org.wadi.worker.internal.state.StateReader;
import org.wadi.worker.internal.state.StateWriter;
import org.wadi.worker.internal.state.Values;

/**
 * The fast paths of {@code count}, {@code sum} and {@code avg}: primitive arrays, one entry per
 * slot, no object per group. Rows are taken out arithmetically.
 */
final class Counts {

    private Counts() {
    }

    /** {@code count(*)}. */
    static final class CountStar extends AggColumn {
        private long[] n;

        CountStar(int capacity) {
            n = new long[capacity];
        }

        @Override
        public void grow(int capacity) {
            n = Numbers.grow(n, capacity);
        }

        @Override
        public void add(int slot, Object[] row) {
            n[slot]++;
        }

        @Override
        public void retract(int slot, Object[] row) {
            n[slot]--;
        }

        @Override
        public void merge(int slot, AggColumn from, int fromSlot) {
            n[slot] += ((CountStar) from).n[fromSlot];
        }

        @Override
        public Object result(int slot) {
            return n[slot];
        }

        @Override
        public void clear(int size) {
            Arrays.fill(n, 0, Math.min(size, n.length), 0);
        }

        @Override
        public void clearSlot(int slot) {
            n[slot] = 0;
        }

        @Override
        public void write(StateWriter out, int[] slots, int count) {
            Numbers.writeLongs(out, n, slots, count);
        }

        @Override
        public void read(StateReader in, int from, int count) throws IOException {
            in.readLongs(n, from, count);
        }

        @Override
        public AggColumn fresh() {
            return new CountStar(16);
        }

        @Override
        public AggColumn copy() {
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
        public void grow(int capacity) {
            n = Numbers.grow(n, capacity);
        }

        @Override
        public void add(int slot, Object[] row) {
            if (row[arg] != null) {
                n[slot]++;
            }
        }

        @Override
        public void retract(int slot, Object[] row) {
            if (row[arg] != null) {
                n[slot]--;
            }
        }

        @Override
        public void merge(int slot, AggColumn from, int fromSlot) {
            n[slot] += ((Count) from).n[fromSlot];
        }

        @Override
        public Object result(int slot) {
            return n[slot];
        }

        @Override
        public void clear(int size) {
            Arrays.fill(n, 0, Math.min(size, n.length), 0);
        }

        @Override
        public void clearSlot(int slot) {
            n[slot] = 0;
        }

        @Override
        public void write(StateWriter out, int[] slots, int count) {
            Numbers.writeLongs(out, n, slots, count);
        }

        @Override
        public void read(StateReader in, int from, int count) throws IOException {
            in.readLongs(n, from, count);
        }

        @Override
        public AggColumn fresh() {
            return new Count(arg, 16);
        }

        @Override
        public AggColumn copy() {
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
        public void grow(int capacity) {
            sum = Numbers.grow(sum, capacity);
            n = Numbers.grow(n, capacity);
        }

        @Override
        public void add(int slot, Object[] row) {
            Object v = row[arg];
            if (v != null) {
                sum[slot] += ((Number) v).longValue();
                n[slot]++;
            }
        }

        @Override
        public void retract(int slot, Object[] row) {
            Object v = row[arg];
            if (v != null) {
                sum[slot] -= ((Number) v).longValue();
                n[slot]--;
            }
        }

        @Override
        public void merge(int slot, AggColumn from, int fromSlot) {
            SumLong f = (SumLong) from;
            sum[slot] += f.sum[fromSlot];
            n[slot] += f.n[fromSlot];
        }

        @Override
        public Object result(int slot) {
            return n[slot] <= 0 ? null : Numbers.fromLong(sum[slot], out);
        }

        @Override
        public void clear(int size) {
            Arrays.fill(sum, 0, Math.min(size, sum.length), 0);
            Arrays.fill(n, 0, Math.min(size, n.length), 0);
        }

        @Override
        public void clearSlot(int slot) {
            sum[slot] = 0;
            n[slot] = 0;
        }

        @Override
        public void write(StateWriter out, int[] slots, int count) {
            Numbers.writeLongs(out, sum, slots, count);
            Numbers.writeLongs(out, n, slots, count);
        }

        @Override
        public void read(StateReader in, int from, int count) throws IOException {
            in.readLongs(sum, from, count);
            in.readLongs(n, from, count);
        }

        @Override
        public AggColumn fresh() {
            return new SumLong(arg, out, 16);
        }

        @Override
        public AggColumn copy() {
            SumLong c = new SumLong(arg, out, 0);
            c.sum = sum.clone();
            c.n = n.clone();
            return c;
        }
    }

    /**
     * {@code sum} of floating-point numbers, and {@code avg} of whole and floating-point numbers. A
     * sum back at no values restarts from exactly 0, not from the rounding residue of its retractions.
     */
    static final class SumDouble extends AggColumn {
        private final int arg;
        private final DataType out;
        private final boolean average;
        private final boolean unsigned;
        private double[] sum;
        private long[] n;

        SumDouble(int arg, DataType out, boolean average, boolean unsigned, int capacity) {
            this.arg = arg;
            this.out = out;
            this.average = average;
            this.unsigned = unsigned;
            sum = new double[capacity];
            n = new long[capacity];
        }

        @Override
        public void grow(int capacity) {
            sum = Numbers.grow(sum, capacity);
            n = Numbers.grow(n, capacity);
        }

        @Override
        public void add(int slot, Object[] row) {
            Object v = row[arg];
            if (v != null) {
                sum[slot] += unsigned ? Numbers.toDouble(v, true) : ((Number) v).doubleValue();
                n[slot]++;
            }
        }

        @Override
        public void retract(int slot, Object[] row) {
            Object v = row[arg];
            if (v != null) {
                if (--n[slot] == 0) {
                    sum[slot] = 0;
                } else {
                    sum[slot] -= unsigned ? Numbers.toDouble(v, true) : ((Number) v).doubleValue();
                }
            }
        }

        @Override
        public void merge(int slot, AggColumn from, int fromSlot) {
            SumDouble f = (SumDouble) from;
            sum[slot] += f.sum[fromSlot];
            n[slot] += f.n[fromSlot];
        }

        @Override
        public Object result(int slot) {
            if (n[slot] <= 0) {
                return null;
            }
            return Numbers.fromDouble(average ? sum[slot] / n[slot] : sum[slot], out);
        }

        @Override
        public void clear(int size) {
            Arrays.fill(sum, 0, Math.min(size, sum.length), 0);
            Arrays.fill(n, 0, Math.min(size, n.length), 0);
        }

        @Override
        public void clearSlot(int slot) {
            sum[slot] = 0;
            n[slot] = 0;
        }

        @Override
        public void write(StateWriter out, int[] slots, int count) {
            Numbers.writeDoubles(out, sum, slots, count);
            Numbers.writeLongs(out, n, slots, count);
        }

        @Override
        public void read(StateReader in, int from, int count) throws IOException {
            in.readDoubles(sum, from, count);
            in.readLongs(n, from, count);
        }

        @Override
        public AggColumn fresh() {
            return new SumDouble(arg, out, average, unsigned, 16);
        }

        @Override
        public AggColumn copy() {
            SumDouble c = new SumDouble(arg, out, average, unsigned, 0);
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
        public void grow(int capacity) {
            sum = Numbers.grow(sum, capacity);
            n = Numbers.grow(n, capacity);
        }

        @Override
        public void add(int slot, Object[] row) {
            Object v = row[arg];
            if (v != null) {
                BigDecimal s = (BigDecimal) sum[slot];
                sum[slot] = s == null ? (BigDecimal) v : s.add((BigDecimal) v);
                n[slot]++;
            }
        }

        @Override
        public void retract(int slot, Object[] row) {
            Object v = row[arg];
            if (v != null && sum[slot] != null) {
                sum[slot] = --n[slot] == 0 ? null : ((BigDecimal) sum[slot]).subtract((BigDecimal) v);
            }
        }

        @Override
        public void merge(int slot, AggColumn from, int fromSlot) {
            SumDecimal f = (SumDecimal) from;
            BigDecimal o = (BigDecimal) f.sum[fromSlot];
            if (o != null) {
                BigDecimal s = (BigDecimal) sum[slot];
                sum[slot] = s == null ? o : s.add(o);
                n[slot] += f.n[fromSlot];
            }
        }

        @Override
        public Object result(int slot) {
            BigDecimal s = (BigDecimal) sum[slot];
            if (s == null) {
                return null;
            }
            if (out.id() != TypeId.DECIMAL) {
                return Numbers.fromDouble(average ? s.doubleValue() / n[slot] : s.doubleValue(), out);
            }
            BigDecimal v = average ? s.divide(BigDecimal.valueOf(n[slot]), out.scale(), RoundingMode.HALF_UP) : s;
            return v.setScale(out.scale(), RoundingMode.HALF_UP);
        }

        @Override
        public void clear(int size) {
            Arrays.fill(sum, 0, Math.min(size, sum.length), null);
            Arrays.fill(n, 0, Math.min(size, n.length), 0);
        }

        @Override
        public void clearSlot(int slot) {
            sum[slot] = null;
            n[slot] = 0;
        }

        @Override
        public void write(StateWriter out, int[] slots, int count) {
            Numbers.writeObjects(out, sum, slots, count);
            Numbers.writeLongs(out, n, slots, count);
        }

        @Override
        public void read(StateReader in, int from, int count) throws IOException {
            Values.readColumn(in, sum, from, 1, count);
            in.readLongs(n, from, count);
        }

        @Override
        public AggColumn fresh() {
            return new SumDecimal(arg, out, average, 16);
        }

        @Override
        public AggColumn copy() {
            SumDecimal c = new SumDecimal(arg, out, average, 0);
            c.sum = sum.clone();
            c.n = n.clone();
            return c;
        }
    }
}
