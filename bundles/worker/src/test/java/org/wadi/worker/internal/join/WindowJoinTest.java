package org.wadi.worker.internal.join;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.wadi.worker.internal.join.JoinHarness.S;
import static org.wadi.worker.internal.join.JoinHarness.row;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.wadi.spi.plan.JoinKind;
import org.wadi.spi.plan.JoinOperator;
import org.wadi.spi.plan.JoinType;
import org.wadi.spi.plan.WindowAggregateOperator;
import org.wadi.spi.types.DataType;
import org.wadi.spi.types.Field;
import org.wadi.spi.types.Schema;
import org.wadi.worker.internal.expr.PlanException;
import org.wadi.worker.internal.runtime.Watermarks;

/** The window join driven directly: rows and watermarks in, joined rows and watermarks out. */
class WindowJoinTest {

    /** The end minus one of the window [s, s + 1 s): the event time of a tumbling window's results. */
    static final long W1 = S - 1;
    static final long W2 = 2 * S - 1;

    static Joins.Join join(JoinType type, JoinHarness.Recorder out) throws PlanException {
        return JoinHarness.create(JoinHarness.spec(JoinKind.WINDOW, type, null, 0, 0), out);
    }

    /** Window 1: a and b on the left, a twice and c on the right, a NULL key on each; window 2: a on each side. */
    static void feed(Joins.Join j) {
        j.collect(0, row("a", 1L, W1));
        j.collect(1, row("a", 10L, W1));
        j.collect(0, row("b", 2L, W1));
        j.collect(0, row(null, 3L, W1));
        j.collect(1, row("c", 12L, W1));
        j.collect(1, row("a", 11L, W1));
        j.collect(1, row(null, 13L, W1));
        j.collect(0, row("a", 4L, W2));
        j.collect(1, row("a", 14L, W2));
    }

    List<String> window1(JoinType type) throws PlanException {
        JoinHarness.Recorder out = new JoinHarness.Recorder();
        Joins.Join j = join(type, out);
        feed(j);
        j.watermark(W1 - 1);
        assertEquals(List.of("wm " + (W1 - 1) / 1_000_000), out.events, "nothing before the window's time is reached");
        out.clear();
        j.watermark(W1);
        assertEquals("wm " + W1 / 1_000_000, out.events.get(out.events.size() - 1), "rows go before the watermark");
        assertEquals(List.of(), out.behind);
        return out.sortedRows();
    }

    @Test
    void innerJoinsEqualKeysOfOneWindowWhenTheWatermarkReachesIt() throws PlanException {
        assertEquals(List.of(
                "[a, 1, " + W1 + "ns | a, 10, " + W1 + "ns] @" + W1 + "ns",
                "[a, 1, " + W1 + "ns | a, 11, " + W1 + "ns] @" + W1 + "ns"), window1(JoinType.INNER));
    }

    @Test
    void leftJoinAddsUnmatchedLeftRowsIncludingNullKeys() throws PlanException {
        assertEquals(List.of(
                "[a, 1, " + W1 + "ns | a, 10, " + W1 + "ns] @" + W1 + "ns",
                "[a, 1, " + W1 + "ns | a, 11, " + W1 + "ns] @" + W1 + "ns",
                "[b, 2, " + W1 + "ns | null, null, null] @" + W1 + "ns",
                "[null, 3, " + W1 + "ns | null, null, null] @" + W1 + "ns"), window1(JoinType.LEFT));
    }

    @Test
    void rightJoinAddsUnmatchedRightRowsIncludingNullKeys() throws PlanException {
        assertEquals(List.of(
                "[a, 1, " + W1 + "ns | a, 10, " + W1 + "ns] @" + W1 + "ns",
                "[a, 1, " + W1 + "ns | a, 11, " + W1 + "ns] @" + W1 + "ns",
                "[null, null, null | c, 12, " + W1 + "ns] @" + W1 + "ns",
                "[null, null, null | null, 13, " + W1 + "ns] @" + W1 + "ns"), window1(JoinType.RIGHT));
    }

    @Test
    void fullJoinAddsBoth() throws PlanException {
        assertEquals(List.of(
                "[a, 1, " + W1 + "ns | a, 10, " + W1 + "ns] @" + W1 + "ns",
                "[a, 1, " + W1 + "ns | a, 11, " + W1 + "ns] @" + W1 + "ns",
                "[b, 2, " + W1 + "ns | null, null, null] @" + W1 + "ns",
                "[null, 3, " + W1 + "ns | null, null, null] @" + W1 + "ns",
                "[null, null, null | c, 12, " + W1 + "ns] @" + W1 + "ns",
                "[null, null, null | null, 13, " + W1 + "ns] @" + W1 + "ns"), window1(JoinType.FULL));
    }

    @Test
    void theResidualConditionDecidesWhichPairsMatchAndOuterRowsWithoutOneArePadded() throws PlanException {
        JoinHarness.Recorder out = new JoinHarness.Recorder();
        Joins.Join j = JoinHarness.create(JoinHarness.spec(JoinKind.WINDOW, JoinType.LEFT,
                JoinHarness.bAboveATimes(5), 0, 0), out);
        j.collect(0, row("a", 2L, W1));   // matches b = 11 only
        j.collect(0, row("a", 3L, W1));   // matches nothing: padded
        j.collect(0, row("a", null, W1)); // NULL condition: padded
        j.collect(1, row("a", 10L, W1));
        j.collect(1, row("a", 11L, W1));
        j.watermark(Watermarks.END);
        assertEquals(List.of(
                "[a, 2, " + W1 + "ns | a, 11, " + W1 + "ns] @" + W1 + "ns",
                "[a, 3, " + W1 + "ns | null, null, null] @" + W1 + "ns",
                "[a, null, " + W1 + "ns | null, null, null] @" + W1 + "ns"), out.sortedRows());
    }

    @Test
    void rowsAtOrBeforeTheWatermarkAreDroppedAndCounted() throws PlanException {
        JoinHarness.Recorder out = new JoinHarness.Recorder();
        Joins.Join j = join(JoinType.FULL, out);
        j.watermark(W1);
        j.collect(0, row("a", 1L, W1)); // at the watermark: late
        j.collect(1, row("a", 2L, 0));  // before it: late
        j.collect(1, row("a", 3L, W2));
        j.watermark(Watermarks.END);
        assertEquals(List.of("[null, null, null | a, 3, " + W2 + "ns] @" + W2 + "ns"), out.rows());
        assertEquals(2, j.lateRows());
    }

    @Test
    void aJoinedWindowsRowsAreFreedAndTheEndFlushesTheRest() throws PlanException {
        JoinHarness.Recorder out = new JoinHarness.Recorder();
        WindowJoin j = (WindowJoin) join(JoinType.INNER, out);
        feed(j);
        assertEquals(9, j.heldRows());
        j.watermark(W1);
        assertEquals(2, j.heldRows(), "window 1 is freed, window 2 is held");
        out.clear();
        j.watermark(Watermarks.END);
        assertEquals(List.of("[a, 4, " + W2 + "ns | a, 14, " + W2 + "ns] @" + W2 + "ns", "wm end"), out.events);
        assertEquals(0, j.heldRows());
        j.finish();
        assertEquals(List.of("[a, 4, " + W2 + "ns | a, 14, " + W2 + "ns] @" + W2 + "ns", "wm end", "finish"),
                out.events, "the end is not flushed twice");
    }

    @Test
    void finishingWithoutTheFinalWatermarkJoinsWhatIsHeldFirst() throws PlanException {
        JoinHarness.Recorder out = new JoinHarness.Recorder();
        Joins.Join j = join(JoinType.INNER, out);
        j.collect(0, row("a", 4L, W2));
        j.collect(1, row("a", 14L, W2));
        j.finish();
        assertEquals(List.of("[a, 4, " + W2 + "ns | a, 14, " + W2 + "ns] @" + W2 + "ns", "wm end", "finish"), out.events);
    }

    @Test
    void idleAndStaleWatermarksAndBarriersPassOn() throws PlanException {
        JoinHarness.Recorder out = new JoinHarness.Recorder();
        Joins.Join j = join(JoinType.INNER, out);
        j.watermark(5 * S);
        j.watermark(Watermarks.IDLE);
        j.watermark(4 * S); // behind: only says the input is active again
        j.watermark(4 * S);
        j.barrier(3, false);
        assertEquals(List.of("wm 5000", "wm idle", "wm 5000", "barrier 3"), out.events);
    }

    @Test
    void windowKeysThatAreStructsMatchByValue() throws PlanException {
        DataType window = WindowAggregateOperator.WINDOW_TYPE;
        Schema side = Schema.of(Field.of("w", window), Field.of("v", DataType.INT64),
                new Field(Schema.TIMESTAMP_FIELD, DataType.TIMESTAMP, false));
        Schema output = Schema.of(Field.of("w", window), Field.of("v", DataType.INT64),
                Field.of(JoinOperator.LEFT_TIMESTAMP, DataType.TIMESTAMP), Field.of("w0", window),
                Field.of("v0", DataType.INT64), Field.of(JoinOperator.RIGHT_TIMESTAMP, DataType.TIMESTAMP),
                new Field(Schema.TIMESTAMP_FIELD, DataType.TIMESTAMP, false));
        JoinOperator spec = new JoinOperator(JoinKind.WINDOW, JoinType.INNER, side, side, List.of(0), List.of(0), null,
                0, 0, 0, output);
        List<Object[]> rows = new java.util.ArrayList<>();
        Joins.Join j = JoinHarness.create(spec, new JoinHarness.Recorder() {
            @Override
            public void collect(Object[] row) {
                rows.add(row);
            }
        });
        // session windows of one end: the same event time, different windows
        j.collect(0, new Object[] {new Object[] {0L, S}, 1L, W1});
        j.collect(0, new Object[] {new Object[] {S / 2, S}, 2L, W1});
        j.collect(1, new Object[] {new Object[] {0L, S}, 3L, W1});
        j.watermark(Watermarks.END);
        assertEquals(1, rows.size());
        assertEquals(List.of(1L, 3L), List.of(rows.get(0)[1], rows.get(0)[4]));
    }

    @Test
    void anUpdatingOutputIsRefused() {
        Schema updating = Schema.of(Field.of("k", DataType.UTF8), Field.of("a", DataType.INT64),
                Field.of(JoinOperator.LEFT_TIMESTAMP, DataType.TIMESTAMP), Field.of("k0", DataType.UTF8),
                Field.of("b", DataType.INT64), Field.of(JoinOperator.RIGHT_TIMESTAMP, DataType.TIMESTAMP))
                .withOp();
        JoinOperator spec = new JoinOperator(JoinKind.WINDOW, JoinType.LEFT, JoinHarness.LEFT, JoinHarness.RIGHT,
                List.of(0), List.of(0), null, 0, 0, 0, updating);
        PlanException e = assertThrows(PlanException.class, () -> JoinHarness.create(spec, new JoinHarness.Recorder()));
        assertTrue(e.getMessage().contains("WINDOW join join_1 emits appends only"), e.getMessage());
    }

    @Test
    void keysOfDifferentTypesAreRefused() {
        Schema right = Schema.of(Field.of("k", DataType.INT64), Field.of("b", DataType.INT64),
                new Field(Schema.TIMESTAMP_FIELD, DataType.TIMESTAMP, false));
        JoinOperator spec = new JoinOperator(JoinKind.WINDOW, JoinType.INNER, JoinHarness.LEFT, right, List.of(0),
                List.of(0), null, 0, 0, 0, JoinHarness.OUTPUT);
        PlanException e = assertThrows(PlanException.class, () -> JoinHarness.create(spec, new JoinHarness.Recorder()));
        assertTrue(e.getMessage().contains("must be of one type"), e.getMessage());
    }
}
