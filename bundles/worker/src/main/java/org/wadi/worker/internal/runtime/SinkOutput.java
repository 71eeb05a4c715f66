package org.wadi.worker.internal.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.wadi.spi.connector.Sink;
import org.wadi.spi.connector.SinkContext;
import org.wadi.worker.internal.state.StateReader;
import org.wadi.worker.internal.state.StateWriter;

/**
 * A sink operator: the end of a chain, driving the connector's {@link Sink}: rows, and the
 * watermark each time it advances. Its checkpoint snapshot is the sink's {@link Sink#preCommit};
 * what was pre-committed waits here, by epoch, until the checkpoint is recorded and the controller
 * says to {@link #commit}.
 */
final class SinkOutput implements RowOutput, Lifecycle, Snapshottable {

    private final String table;
    private final Sink sink;
    private final SinkContext context;
    /** Pre-committed and not yet committed, by epoch. */
    private final TreeMap<Long, byte[]> preCommitted = new TreeMap<>();
    private byte[] restored;
    /** Pre-commits of old subtasks gone after a scale-down that this subtask commits at open. */
    private final List<StatePartBytes> orphans = new ArrayList<>();
    private final Supplier<Sink> another;
    private final BiFunction<Integer, Integer, SinkContext> contextAs;
    private long committed = -1;
    /** The last watermark passed to the sink. */
    private long lastWatermark = Watermarks.NONE;

    /**
     * @param another creates another instance of the same sink, to commit an old subtask's pending
     *     pre-commit after a scale-down
     * @param contextAs the context of old subtask {@code (index, parallelism)}
     */
    SinkOutput(String table, Sink sink, SinkContext context, Supplier<Sink> another,
            BiFunction<Integer, Integer, SinkContext> contextAs) {
        this.table = table;
        this.sink = sink;
        this.context = context;
        this.another = another;
        this.contextAs = contextAs;
    }

    private record StatePartBytes(int subtask, int parallelism, byte[] state) {
    }

    @Override
    public void open() throws Exception {
        for (StatePartBytes orphan : orphans) {
            // an old subtask that no longer exists: open a sink as that subtask on its pre-commit,
            // which re-commits it (commits are idempotent), and close it without writing
            Sink old = null;
            try {
                old = another.get();
                old.open(contextAs.apply(orphan.subtask(), orphan.parallelism()), orphan.state());
            } catch (Exception e) {
                throw new TaskFailure("sink '" + table + "' could not commit the pending checkpoint of old subtask "
                        + orphan.subtask() + " of " + orphan.parallelism() + ": " + TaskFailure.describe(e), "user", e);
            } finally {
                if (old != null) {
                    old.close();
                }
            }
        }
        orphans.clear();
        try {
            sink.open(context, restored);
        } catch (Exception e) {
            throw new TaskFailure("sink '" + table + "' could not be opened: " + TaskFailure.describe(e), "user", e);
        } finally {
            restored = null;
        }
    }

    @Override
    public void collect(Object[] row) {
        try {
            sink.write(row);
        } catch (CancelledException | TaskFailure e) {
            throw e;
        } catch (Exception e) {
            if (e instanceof InterruptedException || Thread.currentThread().isInterrupted()) {
                throw new CancelledException();
            }
            throw new TaskFailure("writing to '" + table + "' failed: " + TaskFailure.describe(e), "user", e);
        }
    }

    /**
     * Tells the sink that event time advanced (on the task's thread, between rows). Idle inputs and
     * the end of input are not passed on ({@link Sink#finish} follows the end), nor a watermark that
     * does not move forward.
     */
    @Override
    public void watermark(long watermark) {
        if (watermark == Watermarks.IDLE || watermark == Watermarks.NONE || watermark == Watermarks.END
                || watermark <= lastWatermark) {
            return;
        }
        lastWatermark = watermark;
        try {
            sink.watermark(watermark);
        } catch (CancelledException | TaskFailure e) {
            throw e;
        } catch (Exception e) {
            if (e instanceof InterruptedException || Thread.currentThread().isInterrupted()) {
                throw new CancelledException();
            }
            throw new TaskFailure("sink '" + table + "' failed at watermark " + watermark + ": "
                    + TaskFailure.describe(e), "user", e);
        }
    }

    @Override
    public void barrier(long epoch, boolean thenStop) {
        // the end of the chain: the snapshot (preCommit) was taken before the barrier came here
    }

    @Override
    public StateWriter snapshot(long epoch) {
        byte[] state;
        try {
            state = sink.preCommit(epoch);
        } catch (Exception e) {
            throw new TaskFailure("sink '" + table + "' could not pre-commit checkpoint " + epoch + ": "
                    + TaskFailure.describe(e), "user", e);
        }
        preCommitted.put(epoch, state);
        return state == null ? null : StateWriter.of(state);
    }

    @Override
    public void restore(StateReader state) throws Exception {
        restored = state == null ? null : state.readRemaining();
    }

    @Override
    public boolean allParts() {
        return true;
    }

    /**
     * Restores this subtask's own pre-commit, and, when the parallelism shrank, takes the
     * pre-commits of the old subtasks that no longer exist whose index modulo the new parallelism
     * is this subtask's: they are committed at open, so that no checkpoint's rows are lost when the
     * job failed between recording a checkpoint and committing it everywhere.
     */
    @Override
    public void restore(List<StatePart> parts, KeyRange owned) throws Exception {
        restored = null;
        orphans.clear();
        for (StatePart part : parts) {
            int old = part.range().subtask();
            if (old == owned.subtask()) {
                restored = part.state().readRemaining();
            } else if (old >= owned.parallelism() && old % owned.parallelism() == owned.subtask()) {
                orphans.add(new StatePartBytes(old, part.range().parallelism(), part.state().readRemaining()));
            }
        }
    }

    /**
     * Checkpoint {@code epoch} is recorded: publishes what was pre-committed at it, and before it
     * at checkpoints that never completed (in order: a later checkpoint covers their rows too).
     */
    void commit(long epoch) {
        Map<Long, byte[]> due = preCommitted.headMap(epoch, true);
        for (Map.Entry<Long, byte[]> e : due.entrySet()) {
            try {
                sink.commit(e.getKey(), e.getValue());
            } catch (Exception ex) {
                throw new TaskFailure("sink '" + table + "' could not commit checkpoint " + e.getKey() + ": "
                        + TaskFailure.describe(ex), "user", ex);
            }
        }
        due.clear();
        committed = Math.max(committed, epoch);
    }

    /** The newest checkpoint committed, or -1. */
    long committed() {
        return committed;
    }

    @Override
    public void flush() {
        // the connector decides when to flush its own buffers
    }

    @Override
    public void finish() {
        try {
            sink.finish();
        } catch (Exception e) {
            throw new TaskFailure("finishing '" + table + "' failed: " + TaskFailure.describe(e), "user", e);
        }
    }

    @Override
    public void close() throws Exception {
        sink.close();
    }
}
