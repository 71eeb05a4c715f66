package org.wadi.spi.connector;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * One parallel subtask of a table being read. The runtime drives it from one thread: {@link #open}
 * once, then {@link #poll} repeatedly — between two calls it injects checkpoint barriers and
 * watermarks and handles stop requests, so {@code poll} must return promptly (within about 100 ms)
 * even when no data is there — and {@link #close} once at the end.
 */
@ConsumerType
public interface Source {

    /** Prepares to read, restoring the position from {@link SourceContext#restoredState()} if any. */
    void open(SourceContext context) throws Exception;

    /**
     * Emits the rows that are available now (a batch of them, not necessarily all).
     *
     * @return whether more may come
     */
    SourceStatus poll(Collector out) throws Exception;

    /**
     * The position to resume from, taken at checkpoint {@code epoch}: everything emitted before
     * this call is covered by it. {@code null} when the source keeps no position.
     */
    default byte[] snapshot(long epoch) throws Exception {
        return null;
    }

    /**
     * Checkpoint {@code epoch} is complete: the controller recorded it, so a restore will start
     * from its {@link #snapshot} or a later one, never an earlier one. A source may now
     * acknowledge upstream what that snapshot covers (a queue's acknowledgements, a replication
     * slot's confirmed position). Called on the source's thread between two polls, in order of
     * epochs; an epoch may be skipped (a later one covers it). The default does nothing.
     */
    default void commit(long epoch) throws Exception {
    }

    /** Releases resources; called once, also after failures. */
    default void close() throws Exception {
    }
}
