package org.wadi.worker.internal.agg;

import java.io.IOException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import org.wadi.spi.types.DataType;
import org.wadi.worker.internal.state.StateReader;
import org.wadi.worker.internal.state.StateWriter;
import org.wadi.worker.internal.state.Values;

/**
 * {@code min} and {@code max}: of an append input only the extreme, in a primitive array where the
 * type allows; of an updating input a multiset of the values per slot, so that the extreme after a
 * retraction is exact.
 */
final class Extremes {

    private Extremes() {
    }

    /** The order of values of one type: unsigned for {@code UINT64}, their natural order otherwise. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static Comparator<Object> order(boolean unsigned) {
        return unsigned
                ? (a, b) -> Long.compareUnsigned(((Number) a).longValue(), ((Number) b).longValue())
                : (a, b) -> ((Comparable) a).compareTo(b);
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
        public void grow(int capacity) {
            v = Numbers.grow(v, capacity);
            n = Numbers.grow(n, capacity);
        }

        private void put(int slot, long x) {
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
        public void add(int slot, Object[] row) {
            Object x = row[arg];
            if (x != null) {
                put(slot, ((Number) x).longValue());
            }
        }

        @Override
        public void merge(int slot, AggColumn from, int fromSlot) {
            MinMaxLong f = (MinMaxLong) from;
            if (f.n[fromSlot] > 0) {
                put(slot, f.v[fromSlot]);
            }
        }

        @Override
        public Object result(int slot) {
            return n[slot] == 0 ? null : Numbers.fromLong(v[slot], out);
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
            Numbers.writeLongs(out, v, slots, count);
            Numbers.writeLongs(out, n, slots, count);
        }

        @Override
        public void read(StateReader in, int from, int count) throws IOException {
            in.readLongs(v, from, count);
            in.readLongs(n, from, count);
        }

        @Override
        public AggColumn fresh() {
            return new MinMaxLong(arg, out, max, unsigned, 16);
        }

        @Override
        public AggColumn copy() {
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
        public void grow(int capacity) {
            v = Numbers.grow(v, capacity);
            n = Numbers.grow(n, capacity);
        }

        private void put(int slot, double x) {
            if (n[slot]++ == 0 || (max ? x > v[slot] : x < v[slot])) {
                v[slot] = x;
            }
        }

        @Override
        public void add(int slot, Object[] row) {
            Object x = row[arg];
            if (x != null) {
                put(slot, ((Number) x).doubleValue());
            }
        }

        @Override
        public void merge(int slot, AggColumn from, int fromSlot) {
            MinMaxDouble f = (MinMaxDouble) from;
            if (f.n[fromSlot] > 0) {
                put(slot, f.v[fromSlot]);
            }
        }

        @Override
        public Object result(int slot) {
            return n[slot] == 0 ? null : Numbers.fromDouble(v[slot], out);
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
            Numbers.writeDoubles(out, v, slots, count);
            Numbers.writeLongs(out, n, slots, count);
        }

        @Override
        public void read(StateReader in, int from, int count) throws IOException {
            in.readDoubles(v, from, count);
            in.readLongs(n, from, count);
        }

        @Override
        public AggColumn fresh() {
            return new MinMaxDouble(arg, out, max, 16);
        }

        @Override
        public AggColumn copy() {
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
        public void grow(int capacity) {
            v = Numbers.grow(v, capacity);
        }

        @SuppressWarnings({"unchecked", "rawtypes"})
        private void put(int slot, Object x) {
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
        public void add(int slot, Object[] row) {
            Object x = row[arg];
            if (x != null) {
                put(slot, x);
            }
        }

        @Override
        public void merge(int slot, AggColumn from, int fromSlot) {
            Object x = ((MinMaxObject) from).v[fromSlot];
            if (x != null) {
                put(slot, x);
            }
        }

        @Override
        public Object result(int slot) {
            return v[slot];
        }

        @Override
        public void clear(int size) {
            Arrays.fill(v, 0, Math.min(size, v.length), null);
        }

        @Override
        public void clearSlot(int slot) {
            v[slot] = null;
        }

        @Override
        public void write(StateWriter out, int[] slots, int count) {
            Numbers.writeObjects(out, v, slots, count);
        }

        @Override
        public void read(StateReader in, int from, int count) throws IOException {
            Values.readColumn(in, v, from, 1, count);
        }

        @Override
        public AggColumn fresh() {
            return new MinMaxObject(arg, max, 16);
        }

        @Override
        public AggColumn copy() {
            MinMaxObject c = new MinMaxObject(arg, max, 0);
            c.v = v.clone();
            return c;
        }
    }

    /**
     * {@code min} / {@code max} of an updating input: per slot, each distinct value with how many
     * rows hold it, sorted, so that the extreme after a retraction is exact. The values are the rows'
     * own objects (no boxing); a count is only allocated for a value new to its slot.
     */
    static final class MinMaxMultiset extends AggColumn {
        private final int arg;
        private final DataType out;
        private final boolean max;
        private final Numbers.Kind kind;
        private final boolean unsigned;
        private final Comparator<Object> order;
        /** Per slot: value → {count}, or null while the slot has no non-null value. */
        private Object[] sets = new Object[16];

        MinMaxMultiset(int arg, DataType out, boolean max, Numbers.Kind kind, boolean unsigned) {
            this.arg = arg;
            this.out = out;
            this.max = max;
            this.kind = kind;
            this.unsigned = unsigned;
            this.order = order(unsigned);
        }

        @SuppressWarnings("unchecked")
        private TreeMap<Object, long[]> set(int slot) {
            return (TreeMap<Object, long[]>) sets[slot];
        }

        private TreeMap<Object, long[]> own(int slot) {
            TreeMap<Object, long[]> set = set(slot);
            if (set == null) {
                set = new TreeMap<>(order);
                sets[slot] = set;
            }
            return set;
        }

        @Override
        public void grow(int capacity) {
            sets = Numbers.grow(sets, capacity);
        }

        @Override
        public void add(int slot, Object[] row) {
            Object x = row[arg];
            if (x == null) {
                return;
            }
            long[] n = own(slot).computeIfAbsent(x, k -> new long[1]);
            n[0]++;
        }

        @Override
        public void retract(int slot, Object[] row) {
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
        public void merge(int slot, AggColumn from, int fromSlot) {
            TreeMap<Object, long[]> other = ((MinMaxMultiset) from).set(fromSlot);
            if (other == null || other.isEmpty()) {
                return;
            }
            TreeMap<Object, long[]> set = own(slot);
            for (Map.Entry<Object, long[]> e : other.entrySet()) {
                set.computeIfAbsent(e.getKey(), k -> new long[1])[0] += e.getValue()[0];
            }
        }

        @Override
        public Object result(int slot) {
            TreeMap<Object, long[]> set = set(slot);
            if (set == null || set.isEmpty()) {
                return null;
            }
            Object v = max ? set.lastKey() : set.firstKey();
            return switch (kind) {
                case LONG -> Numbers.fromLong(((Number) v).longValue(), out);
                case DOUBLE -> Numbers.fromDouble(((Number) v).doubleValue(), out);
                default -> v;
            };
        }

        @Override
        public void clearSlot(int slot) {
            sets[slot] = null;
        }

        @Override
        public AggColumn fresh() {
            return new MinMaxMultiset(arg, out, max, kind, unsigned);
        }

        @Override
        public AggColumn copy() {
            MinMaxMultiset c = new MinMaxMultiset(arg, out, max, kind, unsigned);
            c.sets = new Object[sets.length];
            for (int s = 0; s < sets.length; s++) {
                if (sets[s] != null) {
                    c.merge(s, this, s);
                }
            }
            return c;
        }

        /** Per slot the number of distinct values, then all values as one column, then their counts. */
        @Override
        public void write(StateWriter out, int[] slots, int count) {
            int[] sizes = new int[count];
            int total = 0;
            for (int i = 0; i < count; i++) {
                TreeMap<Object, long[]> set = set(slots == null ? i : slots[i]);
                sizes[i] = set == null ? 0 : set.size();
                total += sizes[i];
            }
            Object[] values = new Object[total];
            long[] counts = new long[total];
            int at = 0;
            for (int i = 0; i < count; i++) {
                TreeMap<Object, long[]> set = set(slots == null ? i : slots[i]);
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
        public void read(StateReader in, int from, int count) throws IOException {
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
