package org.wadi.worker.internal.agg;

import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.wadi.worker.internal.state.StateReader;
import org.wadi.worker.internal.state.StateWriter;
import org.wadi.worker.internal.state.Values;

/**
 * {@code f(DISTINCT x)}: per slot the distinct values with how many rows hold each (in order of
 * first arrival), so that retractions and the combination of groups are exact; the result is
 * {@code f} over the distinct values, computed when asked in a one-slot column of {@code f} (made
 * to read its value from column 0).
 */
final class DistinctColumn extends AggColumn {

    /** A value as a hash key: BYTEA and STRUCT values by content. */
    private record Content(Object value) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Content c && Numbers.same(value, c.value);
        }

        @Override
        public int hashCode() {
            return value instanceof byte[] b ? Arrays.hashCode(b)
                    : value instanceof Object[] s ? Arrays.deepHashCode(s) : value == null ? 0 : value.hashCode();
        }
    }

    private final int arg;
    /** The function over one value column, one slot used as scratch. */
    private final AggColumn inner;
    private final Object[] one = new Object[1];
    private Object[] sets = new Object[16];

    DistinctColumn(int arg, AggColumn inner) {
        this.arg = arg;
        this.inner = inner;
    }

    private static Object key(Object v) {
        return v instanceof byte[] || v instanceof Object[] ? new Content(v) : v;
    }

    private static Object value(Object k) {
        return k instanceof Content c ? c.value : k;
    }

    @SuppressWarnings("unchecked")
    private LinkedHashMap<Object, long[]> set(int slot) {
        return (LinkedHashMap<Object, long[]>) sets[slot];
    }

    private LinkedHashMap<Object, long[]> own(int slot) {
        LinkedHashMap<Object, long[]> set = set(slot);
        if (set == null) {
            set = new LinkedHashMap<>();
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
        own(slot).computeIfAbsent(key(row[arg]), k -> new long[1])[0]++;
    }

    @Override
    public void retract(int slot, Object[] row) {
        LinkedHashMap<Object, long[]> set = set(slot);
        if (set == null) {
            return;
        }
        Object k = key(row[arg]);
        long[] n = set.get(k);
        if (n != null && --n[0] <= 0) {
            set.remove(k);
        }
    }

    @Override
    public void merge(int slot, AggColumn from, int fromSlot) {
        LinkedHashMap<Object, long[]> other = ((DistinctColumn) from).set(fromSlot);
        if (other == null || other.isEmpty()) {
            return;
        }
        LinkedHashMap<Object, long[]> set = own(slot);
        for (Map.Entry<Object, long[]> e : other.entrySet()) {
            set.computeIfAbsent(e.getKey(), k -> new long[1])[0] += e.getValue()[0];
        }
    }

    @Override
    public Object result(int slot) {
        inner.clearSlot(0);
        LinkedHashMap<Object, long[]> set = set(slot);
        if (set != null) {
            for (Object k : set.keySet()) {
                one[0] = value(k);
                inner.add(0, one);
            }
        }
        Object r = inner.result(0);
        inner.clearSlot(0);
        one[0] = null;
        return r;
    }

    @Override
    public void clearSlot(int slot) {
        sets[slot] = null;
    }

    @Override
    public void clear(int size) {
        Arrays.fill(sets, 0, Math.min(size, sets.length), null);
    }

    @Override
    public AggColumn fresh() {
        return new DistinctColumn(arg, inner.fresh());
    }

    @Override
    public AggColumn copy() {
        DistinctColumn c = new DistinctColumn(arg, inner.fresh());
        c.sets = new Object[sets.length];
        for (int s = 0; s < sets.length; s++) {
            if (sets[s] != null) {
                c.merge(s, this, s);
            }
        }
        return c;
    }

    /** Per slot the number of distinct values (-1 for none), then each value and its row count. */
    @Override
    public void write(StateWriter out, int[] slots, int count) {
        for (int i = 0; i < count; i++) {
            LinkedHashMap<Object, long[]> set = set(slots == null ? i : slots[i]);
            out.writeInt(set == null ? -1 : set.size());
            if (set != null) {
                for (Map.Entry<Object, long[]> e : set.entrySet()) {
                    Values.write(out, value(e.getKey()));
                    out.writeLong(e.getValue()[0]);
                }
            }
        }
    }

    @Override
    public void read(StateReader in, int from, int count) throws IOException {
        for (int i = 0; i < count; i++) {
            int size = in.readInt();
            if (size < 0) {
                sets[from + i] = null;
                continue;
            }
            LinkedHashMap<Object, long[]> set = new LinkedHashMap<>();
            for (int k = 0; k < size; k++) {
                Object v = Values.read(in);
                set.put(key(v), new long[] {in.readLong()});
            }
            sets[from + i] = set;
        }
    }
}
