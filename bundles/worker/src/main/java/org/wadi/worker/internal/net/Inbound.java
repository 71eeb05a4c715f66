package org.wadi.worker.internal.net;

/**
 * Where the elements of one remote channel go on the receiving worker, in the order they were
 * sent: typically the target subtask's input queue. Called from a delivery thread of the
 * {@link ExchangeSession}, one element at a time per channel; a call may block while the consumer
 * is behind — the channel's sender is then held back by its credit, the other channels go on.
 */
public interface Inbound {

    /** Rows {@code 0 … count-1} of {@code rows}, handed over. */
    void rows(Object[][] rows, int count) throws InterruptedException;

    void watermark(long watermark) throws InterruptedException;

    void barrier(long epoch, boolean thenStop) throws InterruptedException;

    /** The sender's end of input. */
    void end() throws InterruptedException;
}
