package org.wadi.worker.internal.window;

import java.util.ArrayList;
import java.util.List;
import org.wadi.worker.internal.runtime.KeyRange;
import org.wadi.worker.internal.runtime.Partitioners;
import org.wadi.worker.internal.runtime.RowOutput;

/**
 * Where the old subtasks' window operators emit at a restore at another parallelism, when one of
 * them is brought up to the watermark of the most advanced (see {@link
 * PaneWindowOperator#restore(List, KeyRange)}): the result rows of the keys this subtask owns now
 * are kept, to be emitted once the task runs; other keys' rows are their new owners' to emit.
 * Result rows start with the key columns, in key order.
 */
final class OwnedResults implements RowOutput {

    private final KeyRange owned;
    private final int[] keyColumns;
    final List<Object[]> rows = new ArrayList<>();

    OwnedResults(KeyRange owned, int keyCount) {
        this.owned = owned;
        this.keyColumns = new int[keyCount];
        for (int j = 0; j < keyCount; j++) {
            keyColumns[j] = j;
        }
    }

    /** The rows kept, or {@code null} when none. */
    List<Object[]> rowsOrNull() {
        return rows.isEmpty() ? null : rows;
    }

    @Override
    public void collect(Object[] row) {
        if (owned.contains(Partitioners.hash(row, keyColumns))) {
            rows.add(row);
        }
    }

    @Override
    public void watermark(long watermark) {
        // the restored operator passes on its own watermarks once it runs
    }

    @Override
    public void barrier(long epoch, boolean thenStop) {
        throw new IllegalStateException("no barrier reaches a window operator while it is restored");
    }

    @Override
    public void flush() {
    }

    @Override
    public void finish() {
        throw new IllegalStateException("no input ends while a window operator is restored");
    }
}
