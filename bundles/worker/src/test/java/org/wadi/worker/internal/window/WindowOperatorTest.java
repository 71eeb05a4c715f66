package org.wadi.worker.internal.window;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.wadi.spi.plan.AggregateCall;
import org.wadi.spi.plan.WindowAggregateOperator;
import org.wadi.spi.plan.WindowSpec;
import org.wadi.spi.types.DataType;
import org.wadi.spi.types.Field;
import org.wadi.spi.types.Schema;
import org.wadi.worker.internal.expr.PlanException;
import org.wadi.worker.internal.runtime.RowOutput;
import org.wadi.worker.internal.runtime.Watermarks;

/** The window operators driven directly, as a test harness: rows and watermarks in, rows and watermarks out. */
class WindowOperatorTest {

    static final long S = 1_000_000_000L;

    /** Input: key, value, _timestamp. */
    static final Schema INPUT = Schema.of(Field.of("k", DataType.UTF8), Field.of("v", DataType.INT64),
            new Field("_timestamp", DataType.TIMESTAMP, false));

    /** Records what the operator emits: rows as text, watermarks as "wm <value>". */
    static final class Recorder implements RowOutput {
        final List<String> events = new ArrayList<>();

        @Override
        public void collect(Object[] row) {
            Object[] w = (Object[]) row[row.length - 2];
            List<Object> values = new ArrayList<>(Arrays.asList(row).subList(0, row.length - 2));
            events.add(values + " [" + (long) w[0] / S + "s," + (long) w[1] / S + "s) @" + row[row.length - 1]);
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
            events.add("finish");
        }

        List<String> rows() {
            return events.stream().filter(e -> e.startsWith("[")).toList();
        }
    }

    static WindowOperator op(WindowSpec window, Recorder out, AggregateCall... aggs) throws PlanException {
        List<Field> fields = new ArrayList<>();
        fields.add(Field.of("k", DataType.UTF8));
        for (int i = 0; i < aggs.length; i++) {
            fields.add(Field.of("a" + i, aggs[i].type()));
        }
        fields.add(new Field("window", WindowAggregateOperator.WINDOW_TYPE, false));
        fields.add(new Field("_timestamp", DataType.TIMESTAMP, false));
        return WindowOperator.create(new WindowAggregateOperator(INPUT, window, List.of(0), List.of(aggs),
                new Schema(fields)), out);
    }

    static AggregateCall countStar() {
        return new AggregateCall("count", -1, false, DataType.INT64);
    }

    static Object[] row(String k, long v, double seconds) {
        return new Object[] {k, v, (long) (seconds * S)};
    }

    @Test
    void tumblingWindowsEmitWhenTheWatermarkPassesTheirEndAndStampEndMinusOne() throws PlanException {
        Recorder out = new Recorder();
        WindowOperator op = op(WindowSpec.tumble(S), out, countStar(),
                new AggregateCall("sum", 1, false, DataType.INT64));
        op.collect(row("a", 1, 0.1));
        op.collect(row("b", 2, 0.5));
        op.collect(row("a", 3, 0.9));
        op.collect(row("a", 4, 1.2));
        op.watermark(S - 2); // window [0,1) still open: its last instant is S-1
        assertEquals(List.of("wm " + (S - 2)), out.events);
        op.watermark(S - 1);
        assertEquals(new TreeSet<>(List.of("[a, 2, 4] [0s,1s) @" + (S - 1), "[b, 1, 2] [0s,1s) @" + (S - 1))),
                new TreeSet<>(out.rows()));
        assertEquals("wm " + (S - 1), out.events.get(out.events.size() - 1), "rows go before the watermark");
        op.watermark(Watermarks.END);
        assertEquals("[a, 1, 4] [1s,2s) @" + (2 * S - 1), out.rows().get(2));
        assertEquals(0, op.lateRows());
    }

    @Test
    void hoppingWindowsCombinePanesAndCoverEveryWindowARowFallsIn() throws PlanException {
        Recorder out = new Recorder();
        // width 3 s, slide 1 s: a row at 2.5 s is in [0,3), [1,4), [2,5)
        WindowOperator op = op(WindowSpec.hop(S, 3 * S), out, countStar(),
                new AggregateCall("max", 1, false, DataType.INT64));
        op.collect(row("a", 7, 2.5));
        op.collect(row("a", 9, 0.5));
        op.collect(row("b", 1, 4.0));
        op.watermark(Watermarks.END);
        assertEquals(List.of(
                "[a, 1, 9] [-2s,1s) @" + (S - 1),
                "[a, 1, 9] [-1s,2s) @" + (2 * S - 1),
                "[a, 2, 9] [0s,3s) @" + (3 * S - 1),
                "[a, 1, 7] [1s,4s) @" + (4 * S - 1),
                "[a, 1, 7] [2s,5s) @" + (5 * S - 1),
                "[b, 1, 1] [2s,5s) @" + (5 * S - 1),
                "[b, 1, 1] [3s,6s) @" + (6 * S - 1),
                "[b, 1, 1] [4s,7s) @" + (7 * S - 1)), out.rows());
    }

    @Test
    void hopWindowsWithAWidthThatIsNotAMultipleOfTheSlideUseSmallerPanes() throws PlanException {
        Recorder out = new Recorder();
        // width 3 s, slide 2 s: windows [0,3), [2,5), [4,7)…; panes of 1 s
        WindowOperator op = op(WindowSpec.hop(2 * S, 3 * S), out, countStar());
        op.collect(row("a", 0, 2.5));
        op.collect(row("a", 0, 1.5));
        op.collect(row("a", 0, 3.5));
        op.watermark(Watermarks.END);
        assertEquals(List.of("[a, 2] [0s,3s) @" + (3 * S - 1), "[a, 2] [2s,5s) @" + (5 * S - 1)), out.rows());
    }

    @Test
    void sessionsMergeWhenARowBridgesThemAndCloseAfterTheGap() throws PlanException {
        Recorder out = new Recorder();
        WindowOperator op = op(WindowSpec.session(2 * S), out, countStar(),
                new AggregateCall("sum", 1, false, DataType.INT64));
        op.collect(row("a", 1, 0));   // [0,2)
        op.collect(row("a", 2, 5));   // [5,7)
        op.collect(row("b", 10, 1));  // b: [1,3)
        op.collect(row("a", 4, 3.5)); // [3.5,5.5) bridges nothing yet: overlaps [5,7) → [3.5,7)
        op.watermark(3 * S - 1);      // a [0,2) and b [1,3) end
        assertEquals(List.of("[a, 1, 1] [0s,2s) @" + (2 * S - 1), "[b, 1, 10] [1s,3s) @" + (3 * S - 1)), out.rows());
        op.collect(row("a", 8, 6.5)); // extends [3.5,7) to [3.5,8.5)
        op.collect(row("a", 16, 1.0)); // late
        op.watermark(Watermarks.END);
        assertEquals(3, out.rows().size());
        assertEquals("[a, 3, 14] [3s,8s) @8499999999", out.rows().get(2));
        assertEquals(1, op.lateRows());
    }

    @Test
    void aRowBetweenTwoSessionsMergesThem() throws PlanException {
        Recorder out = new Recorder();
        WindowOperator op = op(WindowSpec.session(2 * S), out, countStar());
        op.collect(row("a", 0, 0));   // [0,2)
        op.collect(row("a", 0, 3));   // [3,5)
        op.collect(row("a", 0, 1.5)); // [1.5,3.5): overlaps both
        op.watermark(Watermarks.END);
        assertEquals(List.of("[a, 3] [0s,5s) @" + (5 * S - 1)), out.rows());
    }

    @Test
    void rowsAtOrBeforeTheWatermarkAreDroppedAndCounted() throws PlanException {
        Recorder out = new Recorder();
        WindowOperator op = op(WindowSpec.tumble(10 * S), out, countStar());
        op.collect(row("a", 0, 1));
        op.watermark(5 * S);
        op.collect(row("a", 0, 5));   // exactly at the watermark: late
        op.collect(row("a", 0, 4));   // before it: late
        op.collect(row("a", 0, 5.5)); // after it: counts, its window is still open
        op.watermark(Watermarks.END);
        assertEquals(List.of("[a, 2] [0s,10s) @" + (10 * S - 1)), out.rows());
        assertEquals(2, op.lateRows());
    }

    @Test
    void aggregatesKeepTheirTypesAndNullsAreSkipped() throws PlanException {
        Recorder out = new Recorder();
        WindowOperator op = op(WindowSpec.tumble(S), out,
                new AggregateCall("count", 1, false, DataType.INT64),
                new AggregateCall("sum", 1, false, DataType.INT64),
                new AggregateCall("min", 1, false, DataType.INT64),
                new AggregateCall("avg", 1, false, DataType.FLOAT64),
                new AggregateCall("max", 0, false, DataType.UTF8));
        op.collect(new Object[] {"x", 4L, 1L});
        op.collect(new Object[] {"x", null, 2L});
        op.collect(new Object[] {"x", 1L, 3L});
        op.collect(new Object[] {"y", null, 3L});
        op.watermark(Watermarks.END);
        assertEquals(List.of("[x, 2, 5, 1, 2.5, x] [0s,1s) @" + (S - 1), "[y, 0, null, null, null, y] [0s,1s) @"
                + (S - 1)), out.rows());
    }

    @Test
    void idlenessPassesThroughAndDoesNotCloseWindows() throws PlanException {
        Recorder out = new Recorder();
        WindowOperator op = op(WindowSpec.tumble(S), out, countStar());
        op.collect(row("a", 0, 0.5));
        op.watermark(Watermarks.IDLE);
        assertEquals(List.of("wm idle"), out.events);
        op.watermark(Watermarks.END);
        assertEquals(1, out.rows().size());
    }

    @Test
    void manyKeysAndPanesGrowAndRecycleTheTables() throws PlanException {
        Recorder out = new Recorder();
        WindowOperator op = op(WindowSpec.hop(S, 2 * S), out, countStar());
        int keys = 5000;
        for (int sec = 0; sec < 6; sec++) {
            for (int k = 0; k < keys; k++) {
                op.collect(row("k" + k, 0, sec + 0.5));
            }
            op.watermark(sec * S);
        }
        op.watermark(Watermarks.END);
        // 6 seconds of data, 2-second windows sliding by 1: 7 windows, the edge ones holding one second
        List<String> rows = out.rows();
        assertEquals(7 * keys, rows.size());
        assertEquals(5 * keys, rows.stream().filter(r -> r.contains(", 2] ")).count());
        assertEquals(0, ((PaneWindowOperator) op).paneCount());
    }

    @Test
    void unsupportedAggregatesAreRefusedWhenBuilding() {
        PlanException e = assertThrows(PlanException.class, () -> op(WindowSpec.tumble(S), new Recorder(),
                new AggregateCall("mode", 1, false, DataType.INT64)));
        assertTrue(e.getMessage().startsWith("aggregate function 'mode' is not supported; supported: count, sum, "),
                e.getMessage());
    }
}
