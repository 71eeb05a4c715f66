package org.wadi.worker.internal.over;

import java.util.ArrayList;
import java.util.List;
import org.wadi.worker.internal.runtime.KeyRange;
import org.wadi.worker.internal.runtime.Partitioners;
import org.wadi.worker.internal.runtime.RowOutput;

/**
 * Where the old subtasks' operators emit at a restore at another parallelism, when each is brought
 * up to the most advanced one's watermark: the output rows of the partitions this subtask owns now
 * are kept, to be emitted once the task runs; other partitions' rows are their new owners' to emit.
 */
final class OwnedRows implements RowOutput {

    private final int[] outputKeys;
    private final KeyRange owned;
    private final List<Object[]> rows = new ArrayList<>();

    /**
     * @param outputKeys the partition key columns' positions in an output row
     * @param owned the key range of the restoring subtask
     */
    OwnedRows(int[] outputKeys, KeyRange owned) {
        this.outputKeys = outputKeys;
        this.owned = owned;
    }

    /** The rows kept, or {@code null} when none. */
    List<Object[]> rowsOrNull() {
        return rows.isEmpty() ? null : rows;
    }

    @Override
    public void collect(Object[] row) {
        if (owned.contains(Partitioners.hash(row, outputKeys))) {
            rows.add(row);
        }
    }

    @Override
    public void watermark(long watermark) {
        // the restored operator passes on its own watermarks once it runs
    }

    @Override
    public void barrier(long epoch, boolean thenStop) {
        throw new IllegalStateException("no barrier reaches a window function operator while it is restored");
    }

    @Override
    public void flush() {
    }

    @Override
    public void finish() {
        throw new IllegalStateException("no input ends while a window function operator is restored");
    }
}
