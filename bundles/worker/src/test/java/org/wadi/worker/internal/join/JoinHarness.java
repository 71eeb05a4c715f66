package org.wadi.worker.internal.join;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.wadi.spi.plan.Expr;
import org.wadi.spi.plan.JoinKind;
import org.wadi.spi.plan.JoinOperator;
import org.wadi.spi.plan.JoinType;
import org.wadi.spi.types.DataType;
import org.wadi.spi.types.Field;
import org.wadi.spi.types.Schema;
import org.wadi.worker.internal.expr.ExprCompiler;
import org.wadi.worker.internal.expr.PlanException;
import org.wadi.worker.internal.runtime.RowOutput;
import org.wadi.worker.internal.runtime.Watermarks;

/** Shared by the join tests: the schemas joined, plan nodes, and a recording output. */
final class JoinHarness {

    static final long S = 1_000_000_000L;

    /** Left input: k, a, _timestamp. */
    static final Schema LEFT = Schema.of(Field.of("k", DataType.UTF8), Field.of("a", DataType.INT64),
            new Field(Schema.TIMESTAMP_FIELD, DataType.TIMESTAMP, false));
    /** Right input: k, b, _timestamp. */
    static final Schema RIGHT = Schema.of(Field.of("k", DataType.UTF8), Field.of("b", DataType.INT64),
            new Field(Schema.TIMESTAMP_FIELD, DataType.TIMESTAMP, false));
    /** Output: both sides' columns with their event times, then _timestamp. */
    static final Schema OUTPUT = Schema.of(Field.of("k", DataType.UTF8), Field.of("a", DataType.INT64),
            Field.of(JoinOperator.LEFT_TIMESTAMP, DataType.TIMESTAMP), Field.of("k0", DataType.UTF8),
            Field.of("b", DataType.INT64), Field.of(JoinOperator.RIGHT_TIMESTAMP, DataType.TIMESTAMP),
            new Field(Schema.TIMESTAMP_FIELD, DataType.TIMESTAMP, false));

    private JoinHarness() {
    }

    static JoinOperator spec(JoinKind kind, JoinType type, Expr condition, long lower, long upper) {
        return new JoinOperator(kind, type, LEFT, RIGHT, List.of(0), List.of(0), condition, lower, upper, 0, OUTPUT);
    }

    static Joins.Join create(JoinOperator spec, RowOutput out) throws PlanException {
        return Joins.create("join_1", spec, new ExprCompiler(), out);
    }

    /** {@code b > a * factor}: a condition over the pair's columns (a = 1, b = 4). */
    static Expr bAboveATimes(long factor) {
        return new Expr.Call(">", List.of(new Expr.InputRef(4, DataType.INT64),
                new Expr.Call("*", List.of(new Expr.InputRef(1, DataType.INT64),
                        new Expr.Literal(Long.toString(factor), DataType.INT64)), DataType.INT64)),
                DataType.BOOLEAN);
    }

    static Object[] row(String k, Long v, long nanos) {
        return new Object[] {k, v, nanos};
    }

    /** Rows as "[k, a, lt | k, b, rt] @ts" (times in ms), watermarks as "wm …", and the other calls. */
    static class Recorder implements RowOutput {
        final List<String> events = new ArrayList<>();
        final List<Long> watermarks = new ArrayList<>();
        /** Rows emitted at or before the last watermark passed on: late for whatever follows. */
        final List<String> behind = new ArrayList<>();
        int finished;
        private long lastWatermark = Watermarks.NONE;

        @Override
        public void collect(Object[] row) {
            if (row.length != OUTPUT.size()) {
                throw new AssertionError("an output row of " + row.length + " columns: " + Arrays.toString(row));
            }
            String r = describe(row);
            if ((Long) row[6] <= lastWatermark) {
                behind.add(r + " after wm " + lastWatermark);
            }
            events.add(r);
        }

        static String describe(Object[] row) {
            return "[" + row[0] + ", " + row[1] + ", " + ms(row[2]) + " | " + row[3] + ", " + row[4] + ", " + ms(row[5])
                    + "] @" + ms(row[6]);
        }

        private static String ms(Object nanos) {
            if (nanos == null) {
                return "null";
            }
            long n = (Long) nanos;
            return n % 1_000_000 == 0 ? Long.toString(n / 1_000_000) : n + "ns";
        }

        @Override
        public void watermark(long watermark) {
            watermarks.add(watermark);
            if (watermark != Watermarks.IDLE) {
                lastWatermark = watermark;
            }
            events.add("wm " + (watermark == Watermarks.END || watermark == Watermarks.IDLE
                    ? Watermarks.describe(watermark) : Long.toString(watermark / 1_000_000)));
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

        List<String> sortedRows() {
            List<String> r = new ArrayList<>(rows());
            r.sort(null);
            return r;
        }

        /** Rows between two other events may come in any order; the other events stay in place. */
        List<String> canonical() {
            List<String> out = new ArrayList<>();
            List<String> rows = new ArrayList<>();
            for (String e : events) {
                if (e.startsWith("[")) {
                    rows.add(e);
                } else {
                    rows.sort(null);
                    out.addAll(rows);
                    rows.clear();
                    out.add(e);
                }
            }
            rows.sort(null);
            out.addAll(rows);
            return out;
        }

        void clear() {
            events.clear();
            watermarks.clear();
        }
    }
}
