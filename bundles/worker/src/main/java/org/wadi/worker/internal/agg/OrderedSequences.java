package org.wadi.worker.internal.agg;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.wadi.spi.plan.SortKey;
import org.wadi.spi.types.DataType;
import org.wadi.spi.types.TypeId;
import org.wadi.worker.internal.state.StateReader;
import org.wadi.worker.internal.state.StateWriter;
import org.wadi.worker.internal.state.Values;

/**
 * The functions of {@link Sequences} with an ORDER BY inside the call
 * ({@code array_agg(x ORDER BY y DESC)}, {@code string_agg(x, ',' ORDER BY y)},
 * {@code first_value(x ORDER BY y)} …): a group keeps every value with its sort keys, and the
 * result sorts them (stably: rows of equal keys stay in arrival order) before the function reads
 * them. A retraction takes out the latest entry of equal value and keys, so it is exact.
 */
final class OrderedSequences implements StateFunction<ArrayList<Object[]>> {

    private final int arg;
    private final int[] keys;
    private final Comparator<Object[]> order;
    private final Sequences plain;

    /**
     * @param plain the function without order (its result is read from the sorted values)
     * @param keyTypes the types of the {@code orderBy} columns, in order
     */
    OrderedSequences(int arg, Sequences plain, List<SortKey> orderBy, List<DataType> keyTypes) {
        this.arg = arg;
        this.plain = plain;
        this.keys = orderBy.stream().mapToInt(SortKey::column).toArray();
        Comparator<Object[]> c = (a, b) -> 0;
        for (int i = 0; i < keys.length; i++) {
            c = c.thenComparing(entryKey(i, orderBy.get(i), keyTypes.get(i)));
        }
        this.order = c;
    }

    private static Comparator<Object[]> entryKey(int i, SortKey key, DataType type) {
        Comparator<Object> values = values(type);
        if (key.descending()) {
            values = values.reversed();
        }
        Comparator<Object> nulls = key.nullsFirst() ? Comparator.nullsFirst(values) : Comparator.nullsLast(values);
        return (a, b) -> nulls.compare(a[i + 1], b[i + 1]);
    }

    /** The order of one type's non-NULL values: numbers by value (UINT64 unsigned), text by code point. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Comparator<Object> values(DataType type) {
        TypeId id = type.id();
        if (id == TypeId.UINT64) {
            return (a, b) -> Long.compareUnsigned(((Number) a).longValue(), ((Number) b).longValue());
        }
        if (id == TypeId.FLOAT32 || id == TypeId.FLOAT64) {
            return (a, b) -> {
                double x = ((Number) a).doubleValue();
                double y = ((Number) b).doubleValue();
                return x == y ? 0 : Double.compare(x, y);
            };
        }
        if (id == TypeId.DECIMAL) {
            return (a, b) -> ((BigDecimal) a).compareTo((BigDecimal) b);
        }
        if (id == TypeId.UTF8 || id == TypeId.JSON) {
            return (a, b) -> compareCodePoints((String) a, (String) b);
        }
        if (id == TypeId.BINARY) {
            return (a, b) -> Arrays.compareUnsigned((byte[]) a, (byte[]) b);
        }
        return (a, b) -> ((Comparable) a).compareTo(b);
    }

    private static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int x = a.codePointAt(i);
            int y = b.codePointAt(j);
            if (x != y) {
                return Integer.compare(x, y);
            }
            i += Character.charCount(x);
            j += Character.charCount(y);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    @Override
    public ArrayList<Object[]> create() {
        return new ArrayList<>(4);
    }

    private Object[] entry(Object[] row) {
        Object[] e = new Object[keys.length + 1];
        e[0] = row[arg];
        for (int i = 0; i < keys.length; i++) {
            e[i + 1] = row[keys[i]];
        }
        return e;
    }

    @Override
    public void add(ArrayList<Object[]> s, Object[] row) {
        if (row[arg] == null && plain.skipsNulls()) {
            return;
        }
        s.add(entry(row));
    }

    @Override
    public void retract(ArrayList<Object[]> s, Object[] row) {
        Object[] e = entry(row);
        for (int i = s.size() - 1; i >= 0; i--) {
            if (same(s.get(i), e)) {
                s.remove(i);
                return;
            }
        }
    }

    private static boolean same(Object[] a, Object[] b) {
        for (int i = 0; i < a.length; i++) {
            if (!Numbers.same(a[i], b[i])) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void merge(ArrayList<Object[]> into, ArrayList<Object[]> from) {
        into.addAll(from);
    }

    @Override
    public Object result(ArrayList<Object[]> s) {
        List<Object[]> sorted = new ArrayList<>(s);
        sorted.sort(order);
        ArrayList<Object> values = new ArrayList<>(sorted.size());
        for (Object[] e : sorted) {
            values.add(e[0]);
        }
        return plain.result(values);
    }

    @Override
    public ArrayList<Object[]> copy(ArrayList<Object[]> s) {
        return new ArrayList<>(s);
    }

    @Override
    public void write(StateWriter out, ArrayList<Object[]> s) {
        out.writeInt(s.size());
        for (Object[] e : s) {
            for (Object v : e) {
                Values.write(out, v);
            }
        }
    }

    @Override
    public ArrayList<Object[]> read(StateReader in) throws IOException {
        int size = in.readInt();
        if (size < 0) {
            throw new IOException("damaged aggregate state: " + size + " ordered values");
        }
        ArrayList<Object[]> s = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            Object[] e = new Object[keys.length + 1];
            for (int k = 0; k < e.length; k++) {
                e[k] = Values.read(in);
            }
            s.add(e);
        }
        return s;
    }
}
