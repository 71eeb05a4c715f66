package org.wadi.worker.internal.runtime;

import java.util.Map;
import java.util.TreeMap;
import org.wadi.spi.connector.Sink;
import org.wadi.spi.connector.SinkContext;
import org.wadi.worker.internal.state.StateReader;
import org.wadi.worker.internal.state.StateWriter;

/**
 * A sink operator: the end of a chain, driving the connector's {@link Sink}. Its checkpoint
 * snapshot is the sink's {@link Sink#preCommit}; what was pre-committed waits here, by epoch,
 * until the checkpoint is recorded and the controller says to {@link #commit}.
 */
final class SinkOutput implements RowOutput, Lifecycle, Snapshottable {

    private final String table;
    private final Sink sink;
    private final SinkContext context;
    /** Pre-committed and not yet committed, by epoch. */
    private final TreeMap<Long, byte[]> preCommitted = new TreeMap<>();
    private byte[] restored;
    private long committed = -1;

    SinkOutput(String table, Sink sink, SinkContext context) {
        this.table = table;
        this.sink = sink;
        this.context = context;
    }

    @Override
    public void open() throws Exception {
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

    @Override
    public void watermark(long watermark) {
        // sinks write rows as they come; event time does not concern them
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
