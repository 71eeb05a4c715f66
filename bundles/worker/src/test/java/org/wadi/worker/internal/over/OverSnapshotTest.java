package org.wadi.worker.internal.over;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.wadi.spi.plan.SortKey;
import org.wadi.worker.internal.runtime.KeyRange;
import org.wadi.worker.internal.runtime.Partitioners;
import org.wadi.worker.internal.runtime.StatePart;
import org.wadi.worker.internal.runtime.StatefulOperator;
import org.wadi.worker.internal.runtime.Watermarks;
import org.wadi.worker.internal.state.StateReader;
import org.wadi.worker.internal.state.StateWriter;

/**
 * Snapshots of the window function operator: restored at the same parallelism it goes on exactly
 * as the original; restored at another one (rows routed by partition key hash as a SHUFFLE does,
 * states split by key), all subtasks together emit what one operator over the whole stream emits,
 * also when an old subtask lagged behind the others' watermark.
 */
class OverSnapshotTest {

    static final List<Integer> KEYS = List.of(0);
    static final List<SortKey> ORDER = List.of(new SortKey(1, true, true));
    static final int[] KEY = {0};

    static StatefulOperator create(OverHarness.Recorder out) throws Exception {
        return WindowFunctions.create("over_1", OverHarness.spec(KEYS, ORDER), out);
    }

    @Test
    void aRestoredOperatorGoesOnAsTheOriginal() throws Exception {
        List<OverHarness.Event> events = OverHarness.stream(7, 3000, 5);
        int cut = events.size() / 2;
        OverHarness.Recorder before = new OverHarness.Recorder();
        StatefulOperator original = create(before);
        OverHarness.feed(original, events.subList(0, cut));
        original.collect(OverHarness.row("k1", 1L, "late", 0)); // late
        StateWriter state = original.snapshot(1);
        assertTrue(state.isDeferred(), "the barrier does not wait for the rows to be written");
        int held = ((OverOperator) original).heldRows();
        assertTrue(held > 0, "the cut leaves windows open");

        OverHarness.Recorder after = new OverHarness.Recorder();
        StatefulOperator restored = create(after);
        restored.restore(new StateReader(state.stream()));
        assertEquals(held, ((OverOperator) restored).heldRows());
        assertEquals(1, restored.lateRows());

        int emitted = before.events.size();
        OverHarness.feed(original, events.subList(cut, events.size()));
        original.finish();
        OverHarness.feed(restored, events.subList(cut, events.size()));
        restored.finish();
        assertEquals(before.events.subList(emitted, before.events.size()), after.events);
        assertEquals(OverHarness.expected(events, KEYS, ORDER), before.rows());
    }

    @Test
    void theSnapshotIsNotChangedByWhatTheOperatorDoesAfterIt() throws Exception {
        OverHarness.Recorder out = new OverHarness.Recorder();
        StatefulOperator op = create(out);
        op.collect(OverHarness.row("a", 1L, "x", OverHarness.S - 1));
        StateWriter state = op.snapshot(1);
        op.watermark(Watermarks.END);
        op.collect(OverHarness.row("a", 2L, "y", OverHarness.S - 1));
        StatefulOperator restored = create(new OverHarness.Recorder());
        restored.restore(new StateReader(state.stream()));
        assertEquals(1, ((OverOperator) restored).heldRows());
        assertEquals(0, restored.lateRows());
    }

    @Test
    void aStateOfAnotherShapeIsRefused() throws Exception {
        StatefulOperator op = create(new OverHarness.Recorder());
        StateWriter state = op.snapshot(1);
        StatefulOperator other = WindowFunctions.create("over_1", OverHarness.spec(List.of(), ORDER),
                new OverHarness.Recorder());
        IOException e = assertThrows(IOException.class, () -> other.restore(new StateReader(state.stream())));
        assertTrue(e.getMessage().contains("the query changed"), e.getMessage());
        assertThrows(IOException.class, () -> other.restore(new StateReader(new byte[] {0, 0, 0, 1})));
    }

    static int subtaskOf(Object[] row, int parallelism) {
        return KeyRange.subtaskOf(Partitioners.hash(row, KEY), parallelism);
    }

    /** Rows to their key's subtask, watermarks to all but {@code lagging} when it is set. */
    static void feed(List<StatefulOperator> ops, List<OverHarness.Event> events, int lagging) {
        for (OverHarness.Event e : events) {
            if (e.row() != null) {
                ops.get(subtaskOf(e.row(), ops.size())).collect(e.row());
            } else {
                for (int i = 0; i < ops.size(); i++) {
                    if (i != lagging) {
                        ops.get(i).watermark(e.watermark());
                    }
                }
            }
        }
    }

    void rescales(int from, int to, boolean lag) throws Exception {
        List<OverHarness.Event> events = OverHarness.stream(from * 10L + to, 4000, 9);
        int cut = events.size() / 2;
        int lagFrom = cut;
        if (lag) {
            for (int watermarks = 0; watermarks < 3; ) {
                if (events.get(--lagFrom).row() == null) {
                    watermarks++;
                }
            }
        }
        List<OverHarness.Recorder> outs = new ArrayList<>();
        List<StatefulOperator> olds = new ArrayList<>();
        for (int i = 0; i < from; i++) {
            outs.add(new OverHarness.Recorder());
            olds.add(create(outs.get(i)));
        }
        feed(olds, events.subList(0, lagFrom), -1);
        feed(olds, events.subList(lagFrom, cut), lag ? 0 : -1);
        olds.get(0).collect(OverHarness.row("k1", 1L, "late", 0)); // late
        List<StateWriter> states = new ArrayList<>();
        for (StatefulOperator old : olds) {
            states.add(old.snapshot(1));
        }
        List<StatefulOperator> news = new ArrayList<>();
        long late = 0;
        int firedAtRestore = 0;
        for (int s = 0; s < to; s++) {
            OverHarness.Recorder out = new OverHarness.Recorder();
            outs.add(out);
            StatefulOperator op = create(out);
            news.add(op);
            KeyRange owned = new KeyRange(s, to);
            List<StatePart> parts = new ArrayList<>();
            for (int o = 0; o < from; o++) {
                KeyRange range = new KeyRange(o, from);
                if (range.overlaps(owned)) {
                    parts.add(new StatePart(range, new StateReader(states.get(o).stream())));
                }
            }
            assertTrue(op.keyed());
            op.restore(parts, owned);
            late += op.lateRows();
            op.flush();
            firedAtRestore += out.rows().size();
        }
        assertEquals(1, late, "the late row is counted once");
        if (to == 1) {
            assertEquals(lag, firedAtRestore > 0, firedAtRestore + " rows emitted at the restore");
        }
        feed(news, events.subList(cut, events.size()), -1);
        for (StatefulOperator op : news) {
            op.finish();
        }
        List<String> all = new ArrayList<>();
        for (OverHarness.Recorder out : outs) {
            all.addAll(out.rows());
        }
        all.sort(null);
        List<String> expected = new ArrayList<>(OverHarness.expected(events, KEYS, ORDER));
        expected.sort(null);
        assertEquals(expected, all, "from " + from + " to " + to + (lag ? " with a lagging subtask" : ""));
    }

    @Test
    void restoresAtAnotherParallelismGiveWhatOneOperatorGives() throws Exception {
        rescales(2, 3, false);
        rescales(3, 2, false);
        rescales(2, 1, false);
        rescales(1, 4, false);
    }

    @Test
    void restoresAtAnotherParallelismWhenAnOldSubtaskLagged() throws Exception {
        rescales(2, 3, true);
        rescales(2, 1, true);
    }
}
