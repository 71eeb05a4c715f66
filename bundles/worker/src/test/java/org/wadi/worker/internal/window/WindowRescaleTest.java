package org.wadi.worker.internal.window;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.wadi.spi.plan.AggregateCall;
import org.wadi.spi.plan.WindowSpec;
import org.wadi.spi.types.DataType;
import org.wadi.worker.internal.runtime.KeyRange;
import org.wadi.worker.internal.runtime.Partitioners;
import org.wadi.worker.internal.runtime.StatePart;
import org.wadi.worker.internal.runtime.Watermarks;
import org.wadi.worker.internal.state.StateReader;

/**
 * Window state checkpointed at parallelism 2 and restored at 3 and at 1, driven directly: rows go
 * to the subtask owning their key's hash, as the SHUFFLE sends them. Every window of every key is
 * emitted exactly once, as by one uninterrupted operator — also when the old subtasks' watermarks
 * differ at the checkpoint (the lagging one's windows close at the restore), and the late-row count
 * is taken over once.
 */
class WindowRescaleTest {

    static final long S = WindowOperatorTest.S;
    static final int[] KEY = {0};

    /** The subtasks of one window operator, fed as a SHUFFLE by the key column would. */
    static final class Subtasks {
        final WindowOperator[] ops;
        final WindowOperatorTest.Recorder[] outs;

        Subtasks(WindowSpec window, int n) throws Exception {
            this(window, n, WindowSnapshotTest.aggregates());
        }

        Subtasks(WindowSpec window, int n, AggregateCall... aggs) throws Exception {
            ops = new WindowOperator[n];
            outs = new WindowOperatorTest.Recorder[n];
            for (int i = 0; i < n; i++) {
                outs[i] = new WindowOperatorTest.Recorder();
                ops[i] = WindowOperatorTest.op(window, outs[i], aggs);
            }
        }

        void collect(Object[] row) {
            ops[KeyRange.subtaskOf(Partitioners.hash(row, KEY), ops.length)].collect(row);
        }

        void watermark(long w) {
            for (WindowOperator op : ops) {
                op.watermark(w);
            }
        }

        List<String> rows() {
            List<String> rows = new ArrayList<>();
            for (WindowOperatorTest.Recorder out : outs) {
                rows.addAll(out.rows());
            }
            return rows;
        }

        long lateRows() {
            long n = 0;
            for (WindowOperator op : ops) {
                n += op.lateRows();
            }
            return n;
        }
    }

    void rescalesExactly(WindowSpec window, int to) throws Exception {
        rescalesExactly(window, to, WindowSnapshotTest.aggregates());
    }

    void rescalesExactly(WindowSpec window, int to, AggregateCall... aggs) throws Exception {
        List<Object[]> rows = WindowSnapshotTest.rows();
        WindowOperatorTest.Recorder whole = new WindowOperatorTest.Recorder();
        WindowOperator uninterrupted = WindowOperatorTest.op(window, whole, aggs);
        Subtasks before = new Subtasks(window, 2, aggs);
        int cut = rows.size() / 2;
        for (int i = 0; i < cut; i++) {
            uninterrupted.collect(rows.get(i));
            before.collect(rows.get(i));
            if (i % 500 == 0) {
                long w = (long) rows.get(i)[2] - S;
                uninterrupted.watermark(w);
                before.watermark(w);
            }
        }
        Object[] late = {"late", 1L, S};
        uninterrupted.watermark(8 * S);
        before.watermark(8 * S);
        uninterrupted.collect(late);
        before.collect(late);
        // subtask 0 is ahead of subtask 1 when the checkpoint is taken
        uninterrupted.watermark(9 * S);
        before.ops[0].watermark(9 * S);
        byte[][] states = new byte[2][];
        for (int i = 0; i < 2; i++) {
            states[i] = before.ops[i].snapshot(1).toByteArray();
        }

        Subtasks after = new Subtasks(window, to, aggs);
        for (int i = 0; i < to; i++) {
            KeyRange owned = new KeyRange(i, to);
            List<StatePart> parts = new ArrayList<>();
            for (int old = 0; old < 2; old++) {
                KeyRange range = new KeyRange(old, 2);
                if (range.overlaps(owned)) {
                    parts.add(new StatePart(range, new StateReader(states[old])));
                }
            }
            assertTrue(after.ops[i].keyed());
            after.ops[i].restore(parts, owned);
        }
        assertEquals(1, after.lateRows(), "the late row is counted once");
        for (int i = cut; i < rows.size(); i++) {
            uninterrupted.collect(rows.get(i));
            after.collect(rows.get(i));
            if (i % 500 == 0) {
                long w = (long) rows.get(i)[2] - S;
                uninterrupted.watermark(w);
                after.watermark(w);
            }
        }
        uninterrupted.watermark(Watermarks.END);
        after.watermark(Watermarks.END);

        List<String> expected = new ArrayList<>(whole.rows());
        List<String> got = before.rows();
        got.addAll(after.rows());
        expected.sort(null);
        got.sort(null);
        assertTrue(expected.size() > 200, expected.size() + " results");
        assertEquals(expected, got);
        assertEquals(1, uninterrupted.lateRows());
    }

    /**
     * The functions keeping state objects per group, over (k, v): statistics, bits, sequences,
     * quantiles and DISTINCT.
     */
    static AggregateCall[] others() {
        DataType f = DataType.FLOAT64;
        DataType l = DataType.INT64;
        return new AggregateCall[] {
            new AggregateCall("stddev_samp", 1, false, f),
            new AggregateCall("corr", 1, false, f, List.of(1), List.of()),
            new AggregateCall("bit_xor", 1, false, l),
            new AggregateCall("median", 1, false, l),
            new AggregateCall("approx_percentile_cont", 1, false, l, List.of(), List.of("0.25")),
            new AggregateCall("array_agg", 1, false, DataType.list(l)),
            new AggregateCall("string_agg", 0, false, DataType.UTF8, List.of(), List.of("|")),
            new AggregateCall("first_value", 1, false, l),
            new AggregateCall("last_value", 1, false, l),
            new AggregateCall("nth_value", 1, false, l, List.of(), List.of("3")),
            new AggregateCall("count", 1, true, l),
            new AggregateCall("approx_distinct", 1, false, DataType.UINT64),
        };
    }

    @Test
    void theOtherFunctionsRescaleExactlyInHopWindows() throws Exception {
        rescalesExactly(WindowSpec.hop(S, 3 * S), 3, others());
        rescalesExactly(WindowSpec.hop(S, 3 * S), 1, others());
    }

    @Test
    void theOtherFunctionsRescaleExactlyInSessionWindows() throws Exception {
        rescalesExactly(WindowSpec.session(30_000_000L), 3, others());
    }

    @Test
    void tumbleWindowsRestoreAtThreeSubtasks() throws Exception {
        rescalesExactly(WindowSpec.tumble(2 * S), 3);
    }

    @Test
    void tumbleWindowsRestoreAtOneSubtask() throws Exception {
        rescalesExactly(WindowSpec.tumble(2 * S), 1);
    }

    @Test
    void hopWindowsRestoreAtThreeSubtasks() throws Exception {
        rescalesExactly(WindowSpec.hop(S, 3 * S), 3);
    }

    @Test
    void hopWindowsRestoreAtOneSubtask() throws Exception {
        rescalesExactly(WindowSpec.hop(S, 3 * S), 1);
    }

    @Test
    void sessionWindowsRestoreAtThreeSubtasks() throws Exception {
        rescalesExactly(WindowSpec.session(30_000_000L), 3);
    }

    @Test
    void sessionWindowsRestoreAtOneSubtask() throws Exception {
        rescalesExactly(WindowSpec.session(30_000_000L), 1);
    }

    @Test
    void theWindowsALaggingSubtaskCloseAtTheRestoreAreEmittedFirst() throws Exception {
        WindowSpec window = WindowSpec.tumble(S);
        Subtasks before = new Subtasks(window, 2);
        for (long k = 0; k < 40; k++) {
            before.collect(new Object[] {"key-" + k, k, S / 2});
        }
        before.ops[0].watermark(2 * S);
        int closedBefore = before.outs[0].rows().size();
        assertTrue(closedBefore > 0 && closedBefore < 40, before.outs[0].events.toString());
        assertEquals(List.of(), before.outs[1].rows());
        byte[][] states = {before.ops[0].snapshot(1).toByteArray(), before.ops[1].snapshot(1).toByteArray()};
        Subtasks after = new Subtasks(window, 1);
        after.ops[0].restore(List.of(new StatePart(new KeyRange(0, 2), new StateReader(states[0])),
                new StatePart(new KeyRange(1, 2), new StateReader(states[1]))), new KeyRange(0, 1));
        assertEquals(List.of(), after.outs[0].events, "nothing goes out before the task runs");
        after.ops[0].flush();
        assertEquals(40 - closedBefore, after.outs[0].rows().size(), "the lagging subtask's windows, closed at 2 s");
        after.watermark(3 * S);
        assertEquals("wm 3000000000", after.outs[0].events.get(after.outs[0].events.size() - 1));
    }
}
