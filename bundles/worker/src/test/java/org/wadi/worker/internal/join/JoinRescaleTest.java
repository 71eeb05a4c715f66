package org.wadi.worker.internal.join;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.wadi.spi.plan.JoinKind;
import org.wadi.spi.plan.JoinType;
import org.wadi.worker.internal.runtime.KeyRange;
import org.wadi.worker.internal.runtime.Partitioners;
import org.wadi.worker.internal.runtime.StatePart;
import org.wadi.worker.internal.runtime.Watermarks;
import org.wadi.worker.internal.state.StateReader;
import org.wadi.worker.internal.state.StateWriter;

/**
 * Joins restored at another parallelism: the rows are routed by key hash as a SHUFFLE does, the
 * subtasks are snapshotted mid-stream, their states are split by key over the new subtasks, and
 * all subtasks together emit exactly what one join over the whole stream emits — also when an old
 * subtask lagged behind the others' watermark.
 */
class JoinRescaleTest {

    static final long S = JoinHarness.S;
    static final int[] KEY = {0};

    static int subtaskOf(Object[] row, int parallelism) {
        return KeyRange.subtaskOf(Partitioners.hash(row, KEY), parallelism);
    }

    static List<Joins.Join> joins(JoinKind kind, long lower, long upper, int n, List<JoinHarness.Recorder> outs)
            throws Exception {
        List<Joins.Join> joins = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            JoinHarness.Recorder out = new JoinHarness.Recorder();
            outs.add(out);
            joins.add(JoinHarness.create(JoinHarness.spec(kind, JoinType.FULL, JoinHarness.bAboveATimes(5), lower,
                    upper), out));
        }
        return joins;
    }

    /** Rows to their key's subtask, watermarks to all but {@code lagging} when it is set. */
    static void feed(List<Joins.Join> joins, List<JoinModel.Event> events, int lagging) {
        for (JoinModel.Event e : events) {
            if (e.side() >= 0) {
                joins.get(subtaskOf(e.row(), joins.size())).collect(e.side(), e.row());
            } else {
                for (int i = 0; i < joins.size(); i++) {
                    if (i != lagging) {
                        joins.get(i).watermark(e.watermark());
                    }
                }
            }
        }
    }

    void rescales(JoinKind kind, long lower, long upper, long windowNanos, int from, int to, boolean lag)
            throws Exception {
        List<JoinModel.Event> events = JoinModel.stream(5, 3000, 2 * S, windowNanos);
        int cut = events.size() / 2;
        // the last watermarks before the cut do not reach the lagging old subtask
        int lagFrom = cut;
        if (lag) {
            int watermarks = 0;
            while (watermarks < 3) {
                if (events.get(--lagFrom).side() < 0) {
                    watermarks++;
                }
            }
        }
        List<JoinHarness.Recorder> outs = new ArrayList<>();
        List<Joins.Join> olds = joins(kind, lower, upper, from, outs);
        feed(olds, events.subList(0, lagFrom), -1);
        feed(olds, events.subList(lagFrom, cut), lag ? 0 : -1);
        olds.get(0).collect(0, JoinHarness.row("k1", 1L, 0)); // late
        List<StateWriter> states = new ArrayList<>();
        for (Joins.Join old : olds) {
            states.add(old.snapshot(1));
        }
        List<Joins.Join> news = joins(kind, lower, upper, to, outs);
        long late = 0;
        for (int s = 0; s < to; s++) {
            KeyRange owned = new KeyRange(s, to);
            List<StatePart> parts = new ArrayList<>();
            for (int o = 0; o < from; o++) {
                KeyRange range = new KeyRange(o, from);
                if (range.overlaps(owned)) {
                    parts.add(new StatePart(range, new StateReader(states.get(o).stream())));
                }
            }
            assertTrue(news.get(s).keyed());
            news.get(s).restore(parts, owned);
            late += news.get(s).lateRows();
        }
        assertEquals(1, late, "the late row is counted once");
        // what the lagging subtask had still to emit up to the others' watermark goes out first (a
        // new subtask restoring only lagging parts keeps their watermark: it fires when its input's comes)
        int fired = 0;
        for (int s = 0; s < to; s++) {
            news.get(s).flush();
            fired += outs.get(from + s).rows().size();
        }
        if (to == 1) {
            assertEquals(lag, fired > 0, fired + " rows emitted at the restore");
        }
        feed(news, events.subList(cut, events.size()), -1);
        for (Joins.Join j : news) {
            j.watermark(Watermarks.END);
        }
        List<String> all = new ArrayList<>();
        for (JoinHarness.Recorder out : outs) {
            all.addAll(out.rows());
        }
        all.sort(null);
        List<String> expected = JoinModel.expected(events, kind, JoinType.FULL, true, lower, upper);
        assertEquals(expected, all, kind + " from " + from + " to " + to + (lag ? " with a lagging subtask" : ""));
    }

    @Test
    void windowJoinsRescaleUpAndDown() throws Exception {
        rescales(JoinKind.WINDOW, 0, 0, S, 2, 3, false);
        rescales(JoinKind.WINDOW, 0, 0, S, 3, 2, false);
        rescales(JoinKind.WINDOW, 0, 0, S, 2, 1, false);
    }

    @Test
    void windowJoinsRescaleWhenAnOldSubtaskLagged() throws Exception {
        rescales(JoinKind.WINDOW, 0, 0, S, 2, 3, true);
        rescales(JoinKind.WINDOW, 0, 0, S, 2, 1, true);
    }

    @Test
    void intervalJoinsRescaleUpAndDown() throws Exception {
        rescales(JoinKind.INTERVAL, -S / 2, S, 0, 2, 3, false);
        rescales(JoinKind.INTERVAL, -S / 2, S, 0, 3, 2, false);
        rescales(JoinKind.INTERVAL, -S / 2, S, 0, 2, 1, false);
    }

    @Test
    void intervalJoinsRescaleWhenAnOldSubtaskLagged() throws Exception {
        rescales(JoinKind.INTERVAL, -S / 2, S, 0, 2, 3, true);
        rescales(JoinKind.INTERVAL, -S / 2, S, 0, 2, 1, true);
    }
}
