package org.wadi.worker.internal.over;

import java.util.List;
import org.wadi.worker.internal.runtime.RowOutput;

/** An output that keeps the rows themselves, for tests that look at values' classes. */
final class CollectRows implements RowOutput {

    private final List<Object[]> rows;

    CollectRows(List<Object[]> rows) {
        this.rows = rows;
    }

    @Override
    public void collect(Object[] row) {
        rows.add(row);
    }

    @Override
    public void watermark(long watermark) {
    }

    @Override
    public void barrier(long epoch, boolean thenStop) {
    }

    @Override
    public void flush() {
    }

    @Override
    public void finish() {
    }
}
