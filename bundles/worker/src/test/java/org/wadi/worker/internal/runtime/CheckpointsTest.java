package org.wadi.worker.internal.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wadi.spi.connector.FileAccess;
import org.wadi.spi.connector.Sink;
import org.wadi.spi.connector.SinkContext;
import org.wadi.spi.connector.TaskInfo;
import org.wadi.spi.plan.DataflowPlan;
import org.wadi.spi.plan.PlanNode;
import org.wadi.spi.plan.WatermarkOperator;
import org.wadi.spi.types.DataType;
import org.wadi.spi.types.Field;
import org.wadi.spi.types.Schema;
import org.wadi.storage.CheckpointLayout;
import org.wadi.storage.internal.FileObjectStore;
import org.wadi.worker.internal.state.StateReader;
import org.wadi.worker.internal.state.StateWriter;

/**
 * What a checkpoint stores per subtask, and what each subtask gets back at a restore at the same
 * and at another parallelism: keyed state from the old subtasks whose key ranges overlap, other
 * state by subtask index.
 */
class CheckpointsTest {

    @TempDir
    Path dir;
    FileObjectStore store;
    final CheckpointConnectors.Reports reports = new CheckpointConnectors.Reports();

    @BeforeEach
    void open() throws IOException {
        store = new FileObjectStore(dir.toUri().toString(), dir);
    }

    @AfterEach
    void close() {
        store.close();
    }

    /** Writes checkpoint 5 of operator "op" at {@code parallelism}: subtask i's state is its number, or none. */
    void checkpoint(int parallelism, Set<Integer> without) {
        Checkpoints writing = new Checkpoints("job", store, Runnable::run, reports, -1);
        for (int i = 0; i < parallelism; i++) {
            StateWriter state = null;
            if (!without.contains(i)) {
                int subtask = i;
                state = StateWriter.deferred(out -> out.writeInt(subtask));
            }
            writing.store(5, "op", i, state, 0);
        }
    }

    static DataflowPlan plan(int parallelism) {
        Schema schema = Schema.of(new Field("_timestamp", DataType.TIMESTAMP, false));
        return new DataflowPlan(List.of(new PlanNode("op", "op", parallelism, new WatermarkOperator(schema, 0, 0, 0))),
                List.of());
    }

    Checkpoints restoring(int parallelism) {
        return new Checkpoints("job", store, Runnable::run, reports, 5).forPlan(plan(parallelism));
    }

    /** Records what it is restored from: the old subtasks' numbers (and their ranges). */
    static class Recorder implements Snapshottable {
        final boolean keyed;
        final List<String> got = new ArrayList<>();

        Recorder(boolean keyed) {
            this.keyed = keyed;
        }

        @Override
        public StateWriter snapshot(long epoch) {
            return null;
        }

        @Override
        public void restore(StateReader state) throws IOException {
            got.add(state == null ? "none" : "own " + state.readInt());
        }

        @Override
        public boolean keyed() {
            return keyed;
        }

        @Override
        public void restore(List<StatePart> parts, KeyRange owned) throws IOException {
            for (StatePart p : parts) {
                got.add(p.range().subtask() + "/" + p.range().parallelism() + "=" + p.state().readInt()
                        + (p.countedBy(owned) ? " counted" : ""));
            }
        }
    }

    List<String> restore(Checkpoints checkpoints, int subtask, Snapshottable state) throws Exception {
        checkpoints.restore("op", subtask, state);
        return state instanceof Recorder r ? r.got : List.of();
    }

    @Test
    void everySubtaskStoresAnObjectAndAnEmptyOneRestoresAsNothing() throws Exception {
        checkpoint(3, Set.of(1));
        assertEquals(List.of(0, 1, 2), CheckpointLayout.subtasks(store, "job", 5, "op"));
        assertEquals(0L, reports.completed.get("op[1]@5"));
        assertEquals(4L, reports.completed.get("op[2]@5"));
        Checkpoints same = restoring(3);
        assertNull(same.read("op", 1));
        assertNull(same.read("op", 7));
        assertEquals(List.of("own 2"), restore(same, 2, new Recorder(true)));
        assertEquals(List.of("none"), restore(same, 1, new Recorder(true)));
    }

    @Test
    void keyedStateComesFromTheOldSubtasksWhoseRangesOverlap() throws Exception {
        checkpoint(2, Set.of());
        assertEquals(List.of("0/2=0 counted"), restore(restoring(3), 0, new Recorder(true)));
        assertEquals(List.of("0/2=0", "1/2=1 counted"), restore(restoring(3), 1, new Recorder(true)));
        assertEquals(List.of("1/2=1"), restore(restoring(3), 2, new Recorder(true)));
        assertEquals(List.of("0/2=0 counted", "1/2=1 counted"), restore(restoring(1), 0, new Recorder(true)));
    }

    @Test
    void keyedStateWithoutEveryOldSubtaskCannotBeRedistributed() throws Exception {
        checkpoint(3, Set.of());
        store.delete(CheckpointLayout.subtaskKey("job", 5, "op", 1));
        IOException e = assertThrows(IOException.class, () -> restore(restoring(2), 0, new Recorder(true)));
        assertTrue(e.getMessage().contains("subtasks [0, 2] of op"), e.getMessage());
        // at the checkpoint's parallelism each subtask reads its own, as before
        assertEquals(List.of("none"), restore(restoring(3), 1, new Recorder(true)));
    }

    @Test
    void otherStateGoesBySubtaskIndex() throws Exception {
        checkpoint(2, Set.of());
        // more subtasks: each starts from the state of an old one
        assertEquals(List.of("own 0"), restore(restoring(3), 0, new Recorder(false)));
        assertEquals(List.of("own 1"), restore(restoring(3), 1, new Recorder(false)));
        assertEquals(List.of("own 0"), restore(restoring(3), 2, new Recorder(false)));
        // fewer: the lower ones keep theirs
        assertEquals(List.of("own 0"), restore(restoring(1), 0, new Recorder(false)));
        // not bound to a plan: each its own
        Checkpoints unbound = new Checkpoints("job", store, Runnable::run, reports, 5);
        Recorder r = new Recorder(false);
        unbound.restore("op", 2, r);
        assertEquals(List.of("none"), r.got);
    }

    @Test
    void aNewSinkSubtaskRestoresNoPendingCommit() throws Exception {
        checkpoint(2, Set.of());
        List<byte[]> opened = new ArrayList<>();
        for (int subtask = 0; subtask < 3; subtask++) {
            SinkOutput sink = sink(opened);
            restoring(3).restore("op", subtask, sink);
            sink.open();
        }
        assertEquals(3, opened.size());
        assertEquals(1, opened.get(1)[3], "old subtask 1's pending commit, as it stored it");
        assertNull(opened.get(2), "no old subtask 2: nothing to commit");
    }

    static SinkOutput sink(List<byte[]> opened) {
        Sink sink = new Sink() {
            @Override
            public void open(SinkContext context, byte[] restoredState) {
                opened.add(restoredState);
            }

            @Override
            public void write(Object[] row) {
            }
        };
        SinkContext context = new SinkContext() {
            @Override
            public TaskInfo task() {
                throw new UnsupportedOperationException();
            }

            @Override
            public FileAccess files() {
                throw new UnsupportedOperationException();
            }

            @Override
            public void sendOutput(List<String> jsonRows) {
            }
        };
        return new SinkOutput("out", sink, context, () -> {
            throw new AssertionError("no old subtask's pending commit expected");
        }, (subtask, parallelism) -> context);
    }

    @Test
    void aFailedUploadIsReported() {
        Checkpoints writing = new Checkpoints("job", store, Runnable::run, reports, -1);
        writing.store(6, "op", 0, StateWriter.deferred(out -> {
            throw new IOException("serialising failed on purpose");
        }), 0);
        assertTrue(reports.failed.get("op[0]@6").contains("serialising failed on purpose"), reports.failed.toString());
        assertEquals(Map.of(), reports.completed);
    }
}
