package org.wadi.worker.internal.runtime;

/**
 * Carries batches from one producing subtask to one consuming subtask, in order. The in-process
 * implementation puts them into the consumer's bounded queue; the network one serialises them to
 * the consumer's worker, holding one credit per element in flight. Either way {@link #send} blocks
 * while the consumer is behind — that is the backpressure that slows sources down to the pace of
 * their slowest sink.
 */
interface BatchSender {

    /** Sends {@code count} rows; the array is handed over and not touched again by the caller. */
    void send(Object[][] rows, int count) throws InterruptedException;

    /** The size in bytes of the batch {@link #send} sent last, when it crossed the network; else 0. */
    default long lastBytes() {
        return 0;
    }

    /** Sends a watermark (after the rows sent before it). */
    void watermark(long watermark) throws InterruptedException;

    /** Sends checkpoint barrier {@code epoch} (after the rows sent before it). */
    void barrier(long epoch, boolean thenStop) throws InterruptedException;

    /** Sends end-of-input. */
    void end() throws InterruptedException;
}
