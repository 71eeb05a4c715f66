package org.wadi.worker.internal.window;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.wadi.spi.plan.AggregateCall;
import org.wadi.spi.plan.WindowSpec;
import org.wadi.spi.types.DataType;
import org.wadi.worker.internal.expr.PlanException;
import org.wadi.worker.internal.runtime.Watermarks;
import org.wadi.worker.internal.state.StateReader;
import org.wadi.worker.internal.state.StateWriter;

/**
 * Each window kind snapshotted mid-stream and restored into a fresh operator: the restored one
 * emits exactly what the uninterrupted one emits from there on.
 */
class WindowSnapshotTest {

    static final long S = WindowOperatorTest.S;

    /** Every kind of accumulator: counts, sums, averages, min/max of numbers and of text. */
    static AggregateCall[] aggregates() {
        return new AggregateCall[] {
            WindowOperatorTest.countStar(),
            new AggregateCall("count", 1, false, DataType.INT64),
            new AggregateCall("sum", 1, false, DataType.INT64),
            new AggregateCall("avg", 1, false, DataType.FLOAT64),
            new AggregateCall("min", 1, false, DataType.INT64),
            new AggregateCall("max", 1, false, DataType.INT64),
            new AggregateCall("max", 0, false, DataType.UTF8),
        };
    }

    /** Rows over 20 s, 50 keys (one of them NULL), some values NULL, slightly out of order. */
    static List<Object[]> rows() {
        Random random = new Random(42);
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < 4000; i++) {
            int k = random.nextInt(50);
            String key = k == 0 ? null : "key-" + k;
            Long value = random.nextInt(10) == 0 ? null : (long) random.nextInt(1000) - 500;
            long t = i * 5_000_000L + random.nextInt(3) * 1_000_000L;
            rows.add(new Object[] {key, value, t});
        }
        return rows;
    }

    void snapshotsAndRestoresExactly(WindowSpec window) throws Exception {
        List<Object[]> rows = rows();
        WindowOperatorTest.Recorder whole = new WindowOperatorTest.Recorder();
        WindowOperator uninterrupted = WindowOperatorTest.op(window, whole, aggregates());
        WindowOperatorTest.Recorder first = new WindowOperatorTest.Recorder();
        WindowOperator before = WindowOperatorTest.op(window, first, aggregates());
        int cut = rows.size() / 2;
        for (int i = 0; i < rows.size(); i++) {
            Object[] r = rows.get(i);
            if (i == cut) {
                // open windows, and one late row counted, when the snapshot is taken
                before.watermark(9 * S);
                uninterrupted.watermark(9 * S);
                before.collect(new Object[] {"late", 1L, S});
                uninterrupted.collect(new Object[] {"late", 1L, S});
                StateWriter state = before.snapshot(1);
                assertTrue(state.size() > 1000, "the state holds the open windows: " + state.size() + " bytes");
                WindowOperatorTest.Recorder second = new WindowOperatorTest.Recorder();
                WindowOperator restored = WindowOperatorTest.op(window, second, aggregates());
                try (StateReader in = new StateReader(state.stream())) {
                    restored.restore(in);
                    in.expectEnd("the window");
                }
                assertEquals(1, restored.lateRows());
                int emittedBefore = whole.events.size();
                for (int j = i; j < rows.size(); j++) {
                    restored.collect(rows.get(j));
                    uninterrupted.collect(rows.get(j));
                    if (j % 500 == 0) {
                        restored.watermark((long) rows.get(j)[2] - S);
                        uninterrupted.watermark((long) rows.get(j)[2] - S);
                    }
                }
                restored.watermark(Watermarks.END);
                uninterrupted.watermark(Watermarks.END);
                List<String> expected = whole.events.subList(emittedBefore, whole.events.size());
                assertTrue(expected.stream().filter(e -> e.startsWith("[")).count() > 100, "windows closed after the cut");
                assertEquals(sorted(expected), sorted(second.events));
                return;
            }
            before.collect(r);
            uninterrupted.collect(r);
        }
    }

    /** Rows of one watermark step may come in any order (hash iteration); watermarks stay in place. */
    static List<String> sorted(List<String> events) {
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

    @Test
    void tumbleWindowsRestoreExactly() throws Exception {
        snapshotsAndRestoresExactly(WindowSpec.tumble(2 * S));
    }

    @Test
    void hopWindowsRestoreExactly() throws Exception {
        snapshotsAndRestoresExactly(WindowSpec.hop(S, 3 * S));
    }

    @Test
    void sessionWindowsRestoreExactly() throws Exception {
        snapshotsAndRestoresExactly(WindowSpec.session(30_000_000L));
    }

    /**
     * A snapshot is written after the task went on (the uploader writes it later): rows into the
     * open windows, new keys, windows closing. It must still be the state at the barrier: the same
     * bytes as the snapshot of a twin operator written at once.
     */
    void aSnapshotWrittenLaterIsTheStateAtTheBarrier(WindowSpec window) throws Exception {
        List<Object[]> rows = rows();
        WindowOperator op = WindowOperatorTest.op(window, new WindowOperatorTest.Recorder(), aggregates());
        WindowOperator twin = WindowOperatorTest.op(window, new WindowOperatorTest.Recorder(), aggregates());
        int cut = rows.size() / 2;
        for (int i = 0; i < cut; i++) {
            op.collect(rows.get(i));
            twin.collect(rows.get(i));
        }
        op.watermark(5 * S);
        twin.watermark(5 * S);
        StateWriter later = op.snapshot(1);
        byte[] atOnce = twin.snapshot(1).toByteArray();
        // rows into the windows open at the barrier (after the watermark, so not late), old keys and new
        for (int i = cut - 500; i < cut; i++) {
            op.collect(rows.get(i));
            op.collect(new Object[] {"open-" + i, (long) i, (long) rows.get(i)[2]});
        }
        for (int i = cut; i < rows.size(); i++) {
            op.collect(rows.get(i));
            // new keys too, many: the key arrays grow
            op.collect(new Object[] {"new-" + i, (long) i, (long) rows.get(i)[2]});
            if (i % 300 == 0) {
                op.watermark((long) rows.get(i)[2] - S);
            }
        }
        op.watermark(Watermarks.END);
        assertTrue(later.isDeferred());
        java.io.ByteArrayOutputStream written = new java.io.ByteArrayOutputStream();
        later.writeTo(java.nio.channels.Channels.newChannel(written));
        assertTrue(atOnce.length > 1000);
        assertEquals(java.util.HexFormat.of().formatHex(atOnce), java.util.HexFormat.of().formatHex(written.toByteArray()));
        // and a second snapshot of the operator that went on is its state now, not the first one's
        assertTrue(op.snapshot(2).toByteArray().length < atOnce.length, "every window closed at the end");
    }

    @Test
    void aTumbleSnapshotWrittenLaterIsTheStateAtTheBarrier() throws Exception {
        aSnapshotWrittenLaterIsTheStateAtTheBarrier(WindowSpec.tumble(2 * S));
    }

    @Test
    void aHopSnapshotWrittenLaterIsTheStateAtTheBarrier() throws Exception {
        aSnapshotWrittenLaterIsTheStateAtTheBarrier(WindowSpec.hop(S, 3 * S));
    }

    @Test
    void aSessionSnapshotWrittenLaterIsTheStateAtTheBarrier() throws Exception {
        aSnapshotWrittenLaterIsTheStateAtTheBarrier(WindowSpec.session(30_000_000L));
    }

    @Test
    void aStateOfAnotherWindowKindIsRefused() throws Exception {
        WindowOperator tumble = WindowOperatorTest.op(WindowSpec.tumble(S), new WindowOperatorTest.Recorder(),
                aggregates());
        WindowOperator session = WindowOperatorTest.op(WindowSpec.session(S), new WindowOperatorTest.Recorder(),
                aggregates());
        StateWriter state = tumble.snapshot(1);
        IOException e = assertThrows(IOException.class, () -> session.restore(new StateReader(state.toByteArray())));
        assertTrue(e.getMessage().startsWith("not the state of a SESSION window"), e.getMessage());
        assertThrows(IOException.class, () -> session.restore(null));
    }

    @Test
    void anEmptyOperatorRestoresEmpty() throws Exception {
        WindowOperatorTest.Recorder out = new WindowOperatorTest.Recorder();
        WindowOperator empty = WindowOperatorTest.op(WindowSpec.hop(S, 2 * S), out, aggregates());
        WindowOperator restored = WindowOperatorTest.op(WindowSpec.hop(S, 2 * S), out, aggregates());
        restored.restore(new StateReader(empty.snapshot(3).toByteArray()));
        restored.watermark(Watermarks.END);
        assertEquals(List.of("wm end"), out.events);
    }
}
