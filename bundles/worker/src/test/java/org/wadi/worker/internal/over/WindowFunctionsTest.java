package org.wadi.worker.internal.over;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.wadi.worker.internal.over.OverHarness.S;
import static org.wadi.worker.internal.over.OverHarness.row;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.wadi.spi.plan.Expr;
import org.wadi.spi.plan.SortKey;
import org.wadi.spi.plan.WindowFunctionCall;
import org.wadi.spi.plan.WindowFunctionOperator;
import org.wadi.spi.types.DataType;
import org.wadi.spi.types.Schema;
import org.wadi.worker.internal.expr.PlanException;
import org.wadi.worker.internal.runtime.StatefulOperator;
import org.wadi.worker.internal.runtime.Watermarks;

/** Each window function's values, and the operator's handling of windows, watermarks, late rows and the end. */
class WindowFunctionsTest {

    static final long T = S - 1;
    static final SortKey V_ASC = new SortKey(1, false, false);
    static final SortKey V_DESC = new SortKey(1, true, true);

    final OverHarness.Recorder out = new OverHarness.Recorder();

    StatefulOperator create(List<Integer> keys, List<SortKey> orderBy) throws PlanException {
        return WindowFunctions.create("over_1", OverHarness.spec(keys, orderBy), out);
    }

    /** Six rows of one partition: v 2, 1, NULL, 2, 1, 3 — two pairs of ties and a NULL. */
    static List<Object[]> ties() {
        return List.of(row("x", 2L, "a", T), row("x", 1L, "b", T), row("x", null, "c", T), row("x", 2L, "d", T),
                row("x", 1L, "e", T), row("x", 3L, "f", T));
    }

    static String expect(String s, Long v, long rowNumber, long rank, long dense, double percentRank, double cumeDist,
            long ntile, String lag, Long lead, String first, String last, String nth) {
        return Arrays.deepToString(new Object[] {"x", v, s, rowNumber, rank, dense, percentRank, cumeDist, ntile, lag,
            lead, first, last, nth, T});
    }

    @Test
    void everyFunctionOverTiesAndNullsAscendingNullsLast() throws Exception {
        StatefulOperator op = create(List.of(0), List.of(V_ASC));
        ties().forEach(op::collect);
        assertEquals(List.of(), out.events, "nothing before the watermark reaches the window");
        op.watermark(T);
        assertEquals(List.of(
                expect("b", 1L, 1, 1, 1, 0.0, 2.0 / 6, 1, "none", 2L, "b", "e", "e"),
                expect("e", 1L, 2, 1, 1, 0.0, 2.0 / 6, 1, "b", 2L, "b", "e", "e"),
                expect("a", 2L, 3, 3, 2, 0.4, 4.0 / 6, 2, "e", 3L, "b", "d", "e"),
                expect("d", 2L, 4, 3, 2, 0.4, 4.0 / 6, 2, "a", null, "b", "d", "e"),
                expect("f", 3L, 5, 5, 3, 0.8, 5.0 / 6, 3, "d", null, "b", "f", "e"),
                expect("c", null, 6, 6, 4, 1.0, 1.0, 3, "f", null, "b", "c", "e"),
                "wm " + T), out.events);
    }

    @Test
    void descendingNullsFirstPutsTheNullFirstAndKeepsArrivalOrderAmongPeers() throws Exception {
        StatefulOperator op = create(List.of(0), List.of(V_DESC));
        ties().forEach(op::collect);
        op.watermark(T);
        assertEquals(List.of(
                expect("c", null, 1, 1, 1, 0.0, 1.0 / 6, 1, "none", 2L, "c", "c", null),
                expect("f", 3L, 2, 2, 2, 0.2, 2.0 / 6, 1, "c", 2L, "c", "f", "f"),
                expect("a", 2L, 3, 3, 3, 0.4, 4.0 / 6, 2, "f", 1L, "c", "d", "f"),
                expect("d", 2L, 4, 3, 3, 0.4, 4.0 / 6, 2, "a", 1L, "c", "d", "f"),
                expect("b", 1L, 5, 5, 4, 0.8, 1.0, 3, "d", null, "c", "e", "f"),
                expect("e", 1L, 6, 5, 4, 0.8, 1.0, 3, "b", null, "c", "e", "f"),
                "wm " + T), out.events);
    }

    @Test
    void withoutOrderByEveryRowIsAPeerAndRowsKeepArrivalOrder() throws Exception {
        StatefulOperator op = create(List.of(0), List.of());
        ties().forEach(op::collect);
        op.watermark(T);
        List<String> rows = out.rows();
        assertEquals(6, rows.size());
        assertEquals(expect("a", 2L, 1, 1, 1, 0.0, 1.0, 1, "none", null, "a", "f", "b"), rows.get(0));
        assertEquals(expect("f", 3L, 6, 1, 1, 0.0, 1.0, 3, "e", null, "a", "f", "b"), rows.get(5));
    }

    @Test
    void partitionsAreSeparateAndNullKeysFormOnePartition() throws Exception {
        StatefulOperator op = create(List.of(0), List.of(V_ASC));
        op.collect(row("p", 5L, "p1", T));
        op.collect(row(null, 9L, "n1", T));
        op.collect(row("q", 1L, "q1", T));
        op.collect(row("p", 4L, "p2", T));
        op.collect(row(null, 8L, "n2", T));
        op.watermark(T);
        // partitions in the order of their first rows, each sorted: row_number restarts
        List<String> rows = out.rows().stream().map(r -> String.join(", ", Arrays.asList(r.split(", ")).subList(0, 4)))
                .toList();
        assertEquals(List.of("[p, 4, p2, 1", "[p, 5, p1, 2", "[null, 8, n2, 1", "[null, 9, n1, 2", "[q, 1, q1, 1"),
                rows);
    }

    @Test
    void windowsAreEvaluatedSeparatelyInEventTimeOrderWhenTheWatermarkReachesThem() throws Exception {
        StatefulOperator op = create(List.of(), List.of(V_ASC));
        op.collect(row("x", 2L, "w2", 2 * S - 1));
        op.collect(row("x", 1L, "w1", T));
        op.collect(row("x", 0L, "w3", 3 * S - 1));
        op.collect(row("x", 1L, "w2b", 2 * S - 1));
        op.watermark(2 * S - 1);
        List<String> rows = out.rows();
        assertEquals(3, rows.size());
        assertTrue(rows.get(0).startsWith("[x, 1, w1, 1, 1,"), rows.toString());
        assertTrue(rows.get(1).startsWith("[x, 1, w2b, 1, 1,"), rows.toString());
        assertTrue(rows.get(2).startsWith("[x, 2, w2, 2, 2,"), rows.toString());
        assertEquals("wm " + (2 * S - 1), out.events.get(3));
        op.finish();
        assertTrue(out.events.get(4).startsWith("[x, 0, w3, 1, 1,"), out.events.toString());
        assertEquals(List.of("wm end", "finish"), out.events.subList(5, 7));
        assertEquals(1, out.finished);
    }

    @Test
    void lateRowsAreDroppedAndCounted() throws Exception {
        StatefulOperator op = create(List.of(0), List.of(V_ASC));
        op.watermark(T);
        op.collect(row("x", 1L, "late", T));
        op.collect(row("x", 1L, "later", T - S));
        op.collect(row("x", 1L, "on time", T + 1));
        op.watermark(Watermarks.END);
        assertEquals(2, op.lateRows());
        assertEquals(1, out.rows().size());
        assertTrue(out.rows().get(0).contains("on time"));
    }

    @Test
    void idlenessPassesOnAndAnActiveWatermarkFollowsIt() throws Exception {
        StatefulOperator op = create(List.of(0), List.of(V_ASC));
        op.watermark(T);
        op.watermark(Watermarks.IDLE);
        op.watermark(T);
        op.watermark(T);
        assertEquals(List.of("wm " + T, "wm idle", "wm " + T), out.events);
    }

    @Test
    void randomStreamsGiveWhatTheDefinitionsGive() throws Exception {
        for (List<SortKey> orderBy : List.of(List.of(V_ASC), List.of(V_DESC), List.of(V_DESC, new SortKey(2, false,
                false)), List.<SortKey>of())) {
            for (List<Integer> keys : List.of(List.of(0), List.<Integer>of())) {
                List<OverHarness.Event> events = OverHarness.stream(orderBy.size() * 31L + keys.size(), 3000, 6);
                OverHarness.Recorder rec = new OverHarness.Recorder();
                StatefulOperator op = WindowFunctions.create("over_1", OverHarness.spec(keys, orderBy), rec);
                OverHarness.feed(op, events);
                op.finish();
                assertEquals(OverHarness.expected(events, keys, orderBy), rec.rows(), orderBy + " by " + keys);
                assertEquals(0, op.lateRows());
            }
        }
    }

    @Test
    void ntileSplitsRowsIntoBucketsWhoseSizesDifferByAtMostOneLargerFirst() {
        for (int n = 1; n < 30; n++) {
            for (int k = 1; k < 35; k++) {
                List<Integer> actual = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    actual.add((int) FunctionColumns.ntile(i, n, k));
                }
                assertEquals(OverHarness.ntileBuckets(n, k), actual, "ntile(" + k + ") of " + n);
            }
        }
    }

    @Test
    void integerResultsMayBeIntsAndFractionsFloats() throws Exception {
        List<WindowFunctionCall> calls = List.of(new WindowFunctionCall("row_number", -1, 0, null, DataType.INT32),
                new WindowFunctionCall("cume_dist", -1, 0, null, DataType.FLOAT32),
                new WindowFunctionCall("lag", 1, 1, new Expr.Literal("-7", DataType.INT64), DataType.INT64));
        List<Object[]> rows = new ArrayList<>();
        StatefulOperator op = WindowFunctions.create("over_1", new WindowFunctionOperator(OverHarness.INPUT, List.of(),
                List.of(V_ASC), calls, OverHarness.output(OverHarness.INPUT, calls)), new CollectRows(rows));
        op.collect(row("x", 1L, "a", T));
        op.collect(row("x", 2L, "b", T));
        op.finish();
        assertEquals(List.of(1, 0.5f, -7L), Arrays.asList(rows.get(0)).subList(3, 6));
        assertEquals(List.of(2, 1.0f, 1L), Arrays.asList(rows.get(1)).subList(3, 6));
        assertEquals(Integer.class, rows.get(1)[3].getClass());
    }

    @Test
    void largePartitionsNumberEveryRow() throws Exception {
        List<Object[]> rows = new ArrayList<>();
        List<WindowFunctionCall> calls = List.of(new WindowFunctionCall("row_number", -1, 0, null, DataType.INT64));
        StatefulOperator op = WindowFunctions.create("over_1", new WindowFunctionOperator(OverHarness.INPUT, List.of(),
                List.of(V_DESC), calls, OverHarness.output(OverHarness.INPUT, calls)), new CollectRows(rows));
        int n = 70_000; // beyond the cache of boxed numbers
        for (int i = 0; i < n; i++) {
            op.collect(row("x", (long) i, null, T));
        }
        op.finish();
        for (int i = 0; i < n; i++) {
            assertEquals((long) (n - 1 - i), rows.get(i)[1]);
            assertEquals((long) i + 1, rows.get(i)[3]);
        }
    }

    @Test
    void invalidPlansAreRefusedWithTheirReason() {
        Schema updating = OverHarness.INPUT.withOp();
        List<WindowFunctionCall> rn = List.of(new WindowFunctionCall("row_number", -1, 0, null, DataType.INT64));
        assertTrue(assertThrows(PlanException.class, () -> WindowFunctions.create("over_1", new WindowFunctionOperator(
                updating, List.of(), List.of(), rn, OverHarness.output(updating, rn)), out)).getMessage()
                .contains("updating"));
        assertRefused(new WindowFunctionCall("median", -1, 0, null, DataType.INT64), "'median'");
        assertRefused(new WindowFunctionCall("ntile", -1, 0, null, DataType.INT64), "positive bucket count");
        assertRefused(new WindowFunctionCall("nth_value", 2, 0, null, DataType.UTF8), "positive n");
        assertRefused(new WindowFunctionCall("lag", 9, 1, null, DataType.UTF8), "reads column 9");
        assertRefused(new WindowFunctionCall("rank", -1, 0, null, DataType.UTF8), "not an integer type");
        assertRefused(new WindowFunctionCall("lead", 1, 1, new Expr.Literal("x", DataType.INT64), DataType.INT64),
                "default 'x'");
        assertTrue(assertThrows(PlanException.class, () -> create(List.of(7), List.of())).getMessage()
                .contains("partitions by column 7"));
        assertTrue(assertThrows(PlanException.class, () -> create(List.of(), List.of(new SortKey(4, false, false))))
                .getMessage().contains("orders by column 4"));
    }

    void assertRefused(WindowFunctionCall call, String reason) {
        PlanException e = assertThrows(PlanException.class, () -> WindowFunctions.create("over_1",
                new WindowFunctionOperator(OverHarness.INPUT, List.of(), List.of(), List.of(call),
                        OverHarness.output(OverHarness.INPUT, List.of(call))), out));
        assertTrue(e.getMessage().contains(reason) && e.getMessage().contains("over_1"), e.getMessage());
    }
}
