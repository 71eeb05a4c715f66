package org.wadi.worker.internal.join;

import java.util.ArrayList;
import java.util.List;
import org.wadi.worker.internal.runtime.KeyRange;
import org.wadi.worker.internal.runtime.RowOutput;

/**
 * Where the old subtasks' joins emit at a restore at another parallelism, when each is brought up
 * to the most advanced one's watermark: the output rows of the keys this subtask owns now are kept,
 * to be emitted once the task runs; other keys' rows are their new owners' to emit.
 */
final class OwnedRows implements RowOutput {

    private final JoinLayout layout;
    private final KeyRange owned;
    private final List<Object[]> rows = new ArrayList<>();

    OwnedRows(JoinLayout layout, KeyRange owned) {
        this.layout = layout;
        this.owned = owned;
    }

    /** The rows kept, or {@code null} when none. */
    List<Object[]> rowsOrNull() {
        return rows.isEmpty() ? null : rows;
    }

    @Override
    public void collect(Object[] row) {
        if (owned.contains(layout.outputOwnerHash(row))) {
            rows.add(row);
        }
    }

    @Override
    public void watermark(long watermark) {
        // the restored join passes on its own watermarks once it runs
    }

    @Override
    public void barrier(long epoch, boolean thenStop) {
        throw new IllegalStateException("no barrier reaches a join while it is restored");
    }

    @Override
    public void flush() {
    }

    @Override
    public void finish() {
        throw new IllegalStateException("no input ends while a join is restored");
    }
}
