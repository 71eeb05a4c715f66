package org.wadi.worker.internal.net;

/**
 * Where the elements of one remote channel go on the receiving worker, in the order they were
 * sent: typically the target subtask's input queue. Called on the connection's event loop, one
 * element at a time per channel, and must not block: the channel's credit bounds how many elements
 * are on their way, so the consumer's queue has room for them. The consumer reports each element
 * it takes ({@link InChannel#taken}), which gives the credit back.
 */
public interface Inbound {

    /** A batch of rows, still encoded: the consumer decodes it on its own thread, or releases it. */
    void rows(EncodedRows rows);

    void watermark(long watermark);

    void barrier(long epoch, boolean thenStop);

    /** The sender's end of input. */
    void end();

    /**
     * The connection broke before the sender's end of input (or the peer broke the protocol):
     * nothing more comes on this channel, and the consumer must fail with {@code message} rather
     * than wait.
     */
    void broken(String message);
}
