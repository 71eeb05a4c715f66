package org.wadi.worker.internal.over;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.wadi.spi.plan.Expr;
import org.wadi.spi.plan.SortKey;
import org.wadi.spi.plan.WindowFunctionCall;
import org.wadi.spi.plan.WindowFunctionOperator;
import org.wadi.spi.types.DataType;
import org.wadi.spi.types.Field;
import org.wadi.spi.types.Schema;
import org.wadi.worker.internal.runtime.RowOutput;
import org.wadi.worker.internal.runtime.Watermarks;

/**
 * Shared by the window function tests: an input of {@code k, v, s, _timestamp}, every function
 * over it, a recording output, random streams, and a model that computes the expected output from
 * the functions' definitions (sorting with {@link List#sort}, counting peers row by row).
 */
final class OverHarness {

    static final long S = 1_000_000_000L;

    static final Schema INPUT = Schema.of(Field.of("k", DataType.UTF8), Field.of("v", DataType.INT64),
            Field.of("s", DataType.UTF8), new Field(Schema.TIMESTAMP_FIELD, DataType.TIMESTAMP, false));

    /** Every function: over s (2) and v (1). */
    static final List<WindowFunctionCall> ALL = List.of(
            new WindowFunctionCall("row_number", -1, 0, null, DataType.INT64),
            new WindowFunctionCall("rank", -1, 0, null, DataType.INT64),
            new WindowFunctionCall("dense_rank", -1, 0, null, DataType.INT64),
            new WindowFunctionCall("percent_rank", -1, 0, null, DataType.FLOAT64),
            new WindowFunctionCall("cume_dist", -1, 0, null, DataType.FLOAT64),
            new WindowFunctionCall("ntile", -1, 3, null, DataType.INT64),
            new WindowFunctionCall("lag", 2, 1, new Expr.Literal("none", DataType.UTF8), DataType.UTF8),
            new WindowFunctionCall("lead", 1, 2, null, DataType.INT64),
            new WindowFunctionCall("first_value", 2, 0, null, DataType.UTF8),
            new WindowFunctionCall("last_value", 2, 0, null, DataType.UTF8),
            new WindowFunctionCall("nth_value", 2, 2, null, DataType.UTF8));

    private OverHarness() {
    }

    static Schema output(Schema input, List<WindowFunctionCall> calls) {
        List<Field> fields = new ArrayList<>(input.fields().subList(0, input.size() - 1));
        for (int i = 0; i < calls.size(); i++) {
            fields.add(Field.of("f" + i, calls.get(i).type()));
        }
        fields.add(input.field(input.size() - 1));
        return new Schema(fields);
    }

    static WindowFunctionOperator spec(List<Integer> keys, List<SortKey> orderBy) {
        return new WindowFunctionOperator(INPUT, keys, orderBy, ALL, output(INPUT, ALL));
    }

    static Object[] row(String k, Long v, String s, long t) {
        return new Object[] {k, v, s, t};
    }

    /** Rows as their values' text, watermarks as "wm …", and the other calls. */
    static final class Recorder implements RowOutput {
        final List<String> events = new ArrayList<>();
        int finished;

        @Override
        public void collect(Object[] row) {
            events.add(Arrays.deepToString(row));
        }

        @Override
        public void watermark(long watermark) {
            events.add("wm " + Watermarks.describe(watermark));
        }

        @Override
        public void barrier(long epoch, boolean thenStop) {
            events.add("barrier " + epoch);
        }

        @Override
        public void flush() {
        }

        @Override
        public void finish() {
            finished++;
            events.add("finish");
        }

        List<String> rows() {
            return events.stream().filter(e -> e.startsWith("[")).toList();
        }
    }

    /** A row, or a watermark when {@code row} is null. */
    record Event(Object[] row, long watermark) {
    }

    /**
     * {@code n} rows over windows of one second, keys k0…k{keys-1} and NULL, v in 0…5 or NULL
     * (ties), rows of the current and the next window interleaved, a watermark closing the current
     * window every so often.
     */
    static List<Event> stream(long seed, int n, int keys) {
        Random r = new Random(seed);
        List<Event> events = new ArrayList<>();
        long window = 1;
        for (int i = 0; i < n; i++) {
            long w = window + (r.nextInt(4) == 0 ? 1 : 0);
            int k = r.nextInt(keys + 1);
            events.add(new Event(row(k == keys ? null : "k" + k, r.nextInt(7) == 0 ? null : (long) r.nextInt(6),
                    "r" + i, w * S - 1), 0));
            if (r.nextInt(40) == 0) {
                events.add(new Event(null, window * S - 1));
                window++;
            }
        }
        return events;
    }

    /** What the operator emits for {@code events} then the end, as {@link Recorder} rows, in emission order. */
    static List<String> expected(List<Event> events, List<Integer> keys, List<SortKey> orderBy) {
        TreeMap<Long, List<Object[]>> held = new TreeMap<>();
        long wm = Watermarks.NONE;
        List<String> out = new ArrayList<>();
        for (Event e : events) {
            if (e.row() != null) {
                long t = (Long) e.row()[3];
                if (t > wm) {
                    held.computeIfAbsent(t, x -> new ArrayList<>()).add(e.row());
                }
            } else if (e.watermark() > wm) {
                wm = e.watermark();
                while (!held.isEmpty() && held.firstKey() <= wm) {
                    out.addAll(window(held.pollFirstEntry().getValue(), keys, orderBy));
                }
            }
        }
        for (List<Object[]> rows : held.values()) {
            out.addAll(window(rows, keys, orderBy));
        }
        return out;
    }

    static Comparator<Object[]> comparator(List<SortKey> orderBy) {
        Comparator<Object[]> c = (a, b) -> 0;
        for (SortKey k : orderBy) {
            Comparator<Object[]> key = (a, b) -> {
                @SuppressWarnings("unchecked")
                Comparable<Object> x = (Comparable<Object>) a[k.column()];
                Object y = b[k.column()];
                if (x == null || y == null) {
                    return x == y ? 0 : (x == null) == k.nullsFirst() ? -1 : 1;
                }
                return k.descending() ? -x.compareTo(y) : x.compareTo(y);
            };
            c = c.thenComparing(key);
        }
        return c;
    }

    /** One window's output rows, by the functions' definitions. */
    static List<String> window(List<Object[]> rows, List<Integer> keys, List<SortKey> orderBy) {
        Map<List<Object>, List<Object[]>> parts = new LinkedHashMap<>();
        for (Object[] r : rows) {
            List<Object> key = new ArrayList<>();
            keys.forEach(k -> key.add(r[k]));
            parts.computeIfAbsent(key, x -> new ArrayList<>()).add(r);
        }
        Comparator<Object[]> cmp = comparator(orderBy);
        List<String> out = new ArrayList<>();
        for (List<Object[]> p : parts.values()) {
            List<Object[]> sorted = new ArrayList<>(p);
            sorted.sort(cmp);
            int n = sorted.size();
            List<Integer> buckets = ntileBuckets(n, 3);
            for (int i = 0; i < n; i++) {
                Object[] r = sorted.get(i);
                int before = 0;
                int upTo = 0;
                int lastPeer = i;
                List<Object[]> classes = new ArrayList<>();
                for (int j = 0; j < n; j++) {
                    int c = cmp.compare(sorted.get(j), r);
                    before += c < 0 ? 1 : 0;
                    upTo += c <= 0 ? 1 : 0;
                    if (c == 0) {
                        lastPeer = Math.max(lastPeer, j);
                    }
                    if (c < 0 && (classes.isEmpty() || cmp.compare(classes.get(classes.size() - 1), sorted.get(j)) != 0)) {
                        classes.add(sorted.get(j));
                    }
                }
                Object[] o = {r[0], r[1], r[2], (long) i + 1, (long) before + 1, (long) classes.size() + 1,
                    n == 1 ? 0.0 : (double) before / (n - 1), (double) upTo / n, (long) buckets.get(i),
                    i >= 1 ? sorted.get(i - 1)[2] : "none", i + 2 < n ? sorted.get(i + 2)[1] : null,
                    sorted.get(0)[2], sorted.get(lastPeer)[2], lastPeer >= 1 ? sorted.get(1)[2] : null, r[3]};
                out.add(Arrays.deepToString(o));
            }
        }
        return out;
    }

    /** Bucket of each of n rows in k buckets: deal the rows out as SQL's ntile does, larger buckets first. */
    static List<Integer> ntileBuckets(int n, int k) {
        List<Integer> b = new ArrayList<>();
        for (int bucket = 1; bucket <= k; bucket++) {
            int size = n / k + (bucket <= n % k ? 1 : 0);
            for (int j = 0; j < size; j++) {
                b.add(bucket);
            }
        }
        return b;
    }

    /** Feeds {@code events} into {@code op}. */
    static void feed(RowOutput op, List<Event> events) {
        for (Event e : events) {
            if (e.row() != null) {
                op.collect(e.row());
            } else {
                op.watermark(e.watermark());
            }
        }
    }
}
