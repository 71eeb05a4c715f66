package org.wadi.worker.internal.join;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.wadi.spi.plan.JoinKind;
import org.wadi.spi.plan.JoinType;
import org.wadi.worker.internal.runtime.Watermarks;
import org.wadi.worker.internal.state.StateReader;
import org.wadi.worker.internal.state.StateWriter;

/**
 * Each join snapshotted mid-stream and restored into a fresh operator: the restored one emits
 * exactly what the uninterrupted one emits from there on, watermarks and late rows included.
 */
class JoinSnapshotTest {

    static final long S = JoinHarness.S;

    void restoresExactly(JoinKind kind, JoinType type, long lower, long upper, long windowNanos) throws Exception {
        List<JoinModel.Event> events = JoinModel.stream(11, 4000, 2 * S, windowNanos);
        JoinHarness.Recorder whole = new JoinHarness.Recorder();
        Joins.Join uninterrupted = JoinHarness.create(JoinHarness.spec(kind, type, JoinHarness.bAboveATimes(2), lower,
                upper), whole);
        JoinHarness.Recorder first = new JoinHarness.Recorder();
        Joins.Join before = JoinHarness.create(JoinHarness.spec(kind, type, JoinHarness.bAboveATimes(2), lower, upper),
                first);
        int cut = events.size() / 2;
        JoinModel.feed(uninterrupted, events.subList(0, cut));
        JoinModel.feed(before, events.subList(0, cut));
        // a late row counted before the snapshot
        uninterrupted.collect(0, JoinHarness.row("k1", 1L, 0));
        before.collect(0, JoinHarness.row("k1", 1L, 0));
        StateWriter state = before.snapshot(1);
        assertTrue(state.size() > 2000, "the state holds the rows: " + state.size() + " bytes");
        JoinHarness.Recorder second = new JoinHarness.Recorder();
        Joins.Join restored = JoinHarness.create(JoinHarness.spec(kind, type, JoinHarness.bAboveATimes(2), lower, upper),
                second);
        try (StateReader in = new StateReader(state.stream())) {
            restored.restore(in);
            in.expectEnd("the join");
        }
        assertEquals(1, restored.lateRows());
        int emittedBefore = whole.events.size();
        JoinModel.feed(uninterrupted, events.subList(cut, events.size()));
        JoinModel.feed(restored, events.subList(cut, events.size()));
        uninterrupted.watermark(Watermarks.END);
        restored.watermark(Watermarks.END);
        JoinHarness.Recorder rest = new JoinHarness.Recorder();
        rest.events.addAll(whole.events.subList(emittedBefore, whole.events.size()));
        assertTrue(rest.rows().size() > 300, "rows after the cut: " + rest.rows().size());
        assertEquals(rest.canonical(), second.canonical());
    }

    @Test
    void windowJoinsRestoreExactly() throws Exception {
        restoresExactly(JoinKind.WINDOW, JoinType.FULL, 0, 0, S);
        restoresExactly(JoinKind.WINDOW, JoinType.INNER, 0, 0, S);
    }

    @Test
    void intervalJoinsRestoreExactly() throws Exception {
        restoresExactly(JoinKind.INTERVAL, JoinType.FULL, -S / 2, S, 0);
        restoresExactly(JoinKind.INTERVAL, JoinType.LEFT, -S / 2, S, 0);
        restoresExactly(JoinKind.INTERVAL, JoinType.INNER, -S / 2, S, 0);
    }

    /** A snapshot is written later by the uploader: what the join does after the barrier must not change it. */
    void aDeferredStateIsTheStateAtTheBarrier(JoinKind kind, long lower, long upper, long windowNanos)
            throws Exception {
        List<JoinModel.Event> events = JoinModel.stream(13, 4000, 2 * S, windowNanos);
        Joins.Join j = JoinHarness.create(JoinHarness.spec(kind, JoinType.FULL, null, lower, upper),
                new JoinHarness.Recorder());
        int cut = events.size() / 2;
        JoinModel.feed(j, events.subList(0, cut));
        byte[] now = j.snapshot(1).toByteArray();
        StateWriter later = j.snapshot(2);
        JoinModel.feed(j, events.subList(cut, events.size()));
        j.watermark(Watermarks.END);
        assertTrue(now.length > 2000, now.length + " bytes");
        assertArrayEquals(now, later.toByteArray());
    }

    @Test
    void deferredStatesAreTheStateAtTheBarrier() throws Exception {
        aDeferredStateIsTheStateAtTheBarrier(JoinKind.WINDOW, 0, 0, S);
        aDeferredStateIsTheStateAtTheBarrier(JoinKind.INTERVAL, -S / 2, S, 0);
    }

    @Test
    void anEmptyJoinRestoresItsWatermark() throws Exception {
        JoinHarness.Recorder out = new JoinHarness.Recorder();
        Joins.Join j = JoinHarness.create(JoinHarness.spec(JoinKind.INTERVAL, JoinType.INNER, null, 0, S), out);
        j.watermark(5 * S);
        StateWriter state = j.snapshot(1);
        Joins.Join restored = JoinHarness.create(JoinHarness.spec(JoinKind.INTERVAL, JoinType.INNER, null, 0, S), out);
        try (StateReader in = new StateReader(state.stream())) {
            restored.restore(in);
        }
        restored.collect(0, JoinHarness.row("a", 1L, 5 * S));
        assertEquals(1, restored.lateRows());
    }

    @Test
    void theStateOfAnotherJoinIsRefused() throws Exception {
        Joins.Join window = JoinHarness.create(JoinHarness.spec(JoinKind.WINDOW, JoinType.INNER, null, 0, 0),
                new JoinHarness.Recorder());
        Joins.Join interval = JoinHarness.create(JoinHarness.spec(JoinKind.INTERVAL, JoinType.INNER, null, 0, S),
                new JoinHarness.Recorder());
        Joins.Join otherBounds = JoinHarness.create(JoinHarness.spec(JoinKind.INTERVAL, JoinType.INNER, null, 0, 2 * S),
                new JoinHarness.Recorder());
        IOException e = assertThrows(IOException.class,
                () -> interval.restore(new StateReader(window.snapshot(1).stream())));
        assertTrue(e.getMessage().contains("not the state of an interval join"), e.getMessage());
        e = assertThrows(IOException.class, () -> otherBounds.restore(new StateReader(interval.snapshot(1).stream())));
        assertTrue(e.getMessage().contains("the query changed"), e.getMessage());
        assertThrows(IOException.class, () -> window.restore(null));
    }
}
