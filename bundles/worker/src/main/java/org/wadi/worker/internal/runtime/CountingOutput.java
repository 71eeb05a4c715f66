package org.wadi.worker.internal.runtime;

import org.wadi.worker.internal.metrics.TaskMetrics;

/** In front of a source task's chain: counts the rows the source emits (one plain increment each). */
final class CountingOutput implements RowOutput {

    private final RowOutput next;
    private final TaskMetrics metrics;

    CountingOutput(RowOutput next, TaskMetrics metrics) {
        this.next = next;
        this.metrics = metrics;
    }

    @Override
    public void collect(Object[] row) {
        metrics.receivedOne();
        next.collect(row);
    }

    @Override
    public void watermark(long watermark) {
        next.watermark(watermark);
    }

    @Override
    public void barrier(long epoch, boolean thenStop) {
        next.barrier(epoch, thenStop);
    }

    @Override
    public void flush() {
        next.flush();
    }

    @Override
    public void finish() {
        next.finish();
    }
}
