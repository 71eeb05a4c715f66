package org.wadi.worker.internal.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wadi.storage.CheckpointLayout;
import org.wadi.storage.internal.FileObjectStore;
import org.wadi.worker.internal.state.StateReader;
import org.wadi.worker.internal.state.StateWriter;

/** An input task aligning checkpoint barriers over two channels, driven batch by batch. */
class BarrierAlignmentTest {

    /** The head of the task: records rows, barriers and snapshots in order. */
    static final class Head implements RowOutput, Snapshottable {
        final List<String> events = new ArrayList<>();
        int rows;

        @Override
        public void collect(Object[] row) {
            events.add((String) row[0]);
            rows++;
        }

        @Override
        public void watermark(long watermark) {
            events.add("wm " + watermark);
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

        @Override
        public StateWriter snapshot(long epoch) {
            events.add("snapshot " + epoch);
            StateWriter w = new StateWriter();
            w.writeLong(rows);
            return w;
        }

        @Override
        public void restore(StateReader state) {
        }
    }

    /** {@code n} batches of 3 rows named {@code prefix0, prefix1, …}. */
    static void rows(InputGate gate, int channel, String prefix, int batches, int[] counter) throws Exception {
        for (int b = 0; b < batches; b++) {
            Object[][] rows = new Object[3][];
            for (int i = 0; i < 3; i++) {
                rows[i] = new Object[] {prefix + counter[0]++};
            }
            gate.put(Batch.rows(rows, 3, 0, channel));
        }
    }

    @Test
    void aChannelThatDeliveredTheBarrierWaitsForTheOthersWithoutLosingOrReorderingRows(@TempDir Path dir)
            throws Exception {
        InputGate gate = new InputGate(16);
        int c0 = gate.addSender();
        int c1 = gate.addSender();
        int[] a = {0};
        int[] b = {0};
        // channel 0 delivers its barrier early and has much after it; channel 1 has more before it
        rows(gate, c0, "a", 2, a);
        gate.put(Batch.barrier(0, c0, 1, false));
        rows(gate, c0, "a", 6, a);
        rows(gate, c1, "b", 5, b);
        gate.put(Batch.watermark(0, c1, 100));
        rows(gate, c1, "b", 1, b);
        gate.put(Batch.barrier(0, c1, 1, false));
        rows(gate, c1, "b", 2, b);
        gate.put(Batch.end(0, c0));
        gate.put(Batch.end(0, c1));

        Head head = new Head();
        Reports reports = new Reports();
        Task.InputTask task = new Task.InputTask("t", 0, new TestConnectors.Recorder(), gate);
        task.head = head;
        task.addOperator("op_1", head);
        try (FileObjectStore store = new FileObjectStore(dir.toUri().toString(), dir)) {
            task.checkpoints = new Checkpoints("job_a", store, Runnable::run, reports, -1);
            task.process();

            int snapshot = head.events.indexOf("snapshot 1");
            int barrier = head.events.indexOf("barrier 1");
            assertTrue(snapshot >= 0 && barrier == snapshot + 1, "snapshot, then the barrier: " + head.events);
            List<String> before = head.events.subList(0, snapshot).stream().filter(e -> !e.startsWith("wm")).toList();
            // (channel 1's watermark passes once channel 0 ended: before, channel 0 held it back)
            List<String> after = head.events.subList(barrier + 1, head.events.size()).stream()
                    .filter(e -> !e.startsWith("wm")).toList();
            // before the barrier: exactly channel 0's first 6 rows and channel 1's first 18
            assertEquals(24, before.size(), before.toString());
            assertEquals(inOrder("a", 0, 6), before.stream().filter(e -> e.startsWith("a")).toList());
            assertEquals(inOrder("b", 0, 18), before.stream().filter(e -> e.startsWith("b")).toList());
            // after it: the rest, each channel in order, nothing lost
            assertEquals(inOrder("a", 6, 24), after.stream().filter(e -> e.startsWith("a")).toList());
            assertEquals(inOrder("b", 18, 24), after.stream().filter(e -> e.startsWith("b")).toList());
            assertEquals(24, after.size(), "nothing else: " + after);

            // the state stored is the one at the barrier, and reported
            assertEquals(8L, reports.completed.get("op_1[0]@1"));
            try (StateReader in = new StateReader(store.get(CheckpointLayout.subtaskKey("job_a", 1, "op_1", 0)))) {
                assertEquals(24, in.readLong());
            }
        }
    }

    @Test
    void anEndedChannelDoesNotHoldTheBarrierBackAndCommitsPassBlockedChannels(@TempDir Path dir) throws Exception {
        InputGate gate = new InputGate(4);
        int c0 = gate.addSender();
        int c1 = gate.addSender();
        int c2 = gate.addSender();
        int[] a = {0};
        gate.put(Batch.end(0, c2));
        rows(gate, c0, "a", 1, a);
        gate.put(Batch.barrier(0, c0, 7, false));
        rows(gate, c0, "a", 1, a);
        Head head = new Head();
        Reports reports = new Reports();
        Task.InputTask task = new Task.InputTask("t", 0, new TestConnectors.Recorder(), gate);
        task.head = head;
        task.addOperator("op_1", head);
        try (FileObjectStore store = new FileObjectStore(dir.toUri().toString(), dir)) {
            task.checkpoints = new Checkpoints("job_a", store, Runnable::run, reports, -1);
            Thread consumer = new Thread(task::process);
            consumer.start();
            // channel 1 ends without its barrier: the alignment completes with the two that delivered or ended
            gate.control(Batch.commit(3));
            gate.put(Batch.end(0, c1));
            gate.put(Batch.end(0, c0));
            consumer.join(10_000);
            assertEquals(List.of("a0", "a1", "a2", "snapshot 7", "barrier 7", "a3", "a4", "a5"), head.events);
            assertEquals(3, task.committedEpoch, "a commit is applied although channel 0 was blocked");
        }
    }

    private static List<String> inOrder(String prefix, int from, int to) {
        List<String> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            out.add(prefix + i);
        }
        return out;
    }

    /** Shorthand for the recording listener. */
    static final class Reports extends CheckpointConnectors.Reports {
    }
}
