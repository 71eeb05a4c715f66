package org.wadi.worker.internal.runtime;

import org.wadi.worker.internal.metrics.TaskMetrics;

/**
 * A sender that counts what its task sends through it: rows, batches, bytes (across the network)
 * and the time {@link #send} blocked — two clock reads per batch.
 */
final class MeteredSender implements BatchSender {

    private final BatchSender sender;
    private final TaskMetrics metrics;

    MeteredSender(BatchSender sender, TaskMetrics metrics) {
        this.sender = sender;
        this.metrics = metrics;
    }

    @Override
    public void send(Object[][] rows, int count) throws InterruptedException {
        long start = System.nanoTime();
        sender.send(rows, count);
        metrics.sent(count, System.nanoTime() - start);
        long bytes = sender.lastBytes();
        if (bytes > 0) {
            metrics.sentBytes(bytes);
        }
    }

    @Override
    public long lastBytes() {
        return sender.lastBytes();
    }

    @Override
    public void watermark(long watermark) throws InterruptedException {
        sender.watermark(watermark);
    }

    @Override
    public void barrier(long epoch, boolean thenStop) throws InterruptedException {
        sender.barrier(epoch, thenStop);
    }

    @Override
    public void end() throws InterruptedException {
        sender.end();
    }
}
