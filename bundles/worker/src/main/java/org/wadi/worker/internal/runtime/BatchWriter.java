package org.wadi.worker.internal.runtime;

/** Collects rows for one receiving subtask into batches and sends each when full or on flush. */
final class BatchWriter implements RowOutput {

    private final BatchSender sender;
    private final int batchSize;
    private Object[][] rows;
    private int count;

    BatchWriter(BatchSender sender, int batchSize) {
        this.sender = sender;
        this.batchSize = batchSize;
        this.rows = new Object[batchSize][];
    }

    @Override
    public void collect(Object[] row) {
        rows[count++] = row;
        if (count == batchSize) {
            push();
        }
    }

    @Override
    public void flush() {
        if (count > 0) {
            push();
        }
    }

    @Override
    public void watermark(long watermark) {
        flush();
        try {
            sender.watermark(watermark);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancelledException();
        }
    }

    @Override
    public void barrier(long epoch, boolean thenStop) {
        flush();
        try {
            sender.barrier(epoch, thenStop);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancelledException();
        }
    }

    @Override
    public void finish() {
        flush();
        try {
            sender.end();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancelledException();
        }
    }

    private void push() {
        Object[][] full = rows;
        int n = count;
        rows = new Object[batchSize][];
        count = 0;
        try {
            sender.send(full, n);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancelledException();
        }
    }
}
