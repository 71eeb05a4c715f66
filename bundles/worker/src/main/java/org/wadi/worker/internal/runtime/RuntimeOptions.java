package org.wadi.worker.internal.runtime;

/**
 * Tuning of the in-process data exchange.
 *
 * @param batchSize rows per batch between tasks: large enough that queue hand-offs are rare, small
 *     enough to stay in the CPU caches
 * @param queueBatches batches a task's input queue holds before its producers block (backpressure)
 * @param lingerMillis the longest a partly filled batch waits in a busy source before it is sent
 * @param idleMaxMillis the longest pause between polls of an idle source
 * @param connectorWaitMillis how long to wait for a connector service that is not there yet
 */
public record RuntimeOptions(int batchSize, int queueBatches, long lingerMillis, long idleMaxMillis,
        long connectorWaitMillis) {

    public static final RuntimeOptions DEFAULTS = new RuntimeOptions(512, 16, 20, 50, 0);

    public RuntimeOptions {
        if (batchSize < 1 || queueBatches < 1) {
            throw new IllegalArgumentException("batchSize and queueBatches must be at least 1");
        }
    }

    public RuntimeOptions withConnectorWaitMillis(long millis) {
        return new RuntimeOptions(batchSize, queueBatches, lingerMillis, idleMaxMillis, millis);
    }
}
