package org.wadi.spi.connector;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * One parallel subtask of a table being written. The runtime drives it from one thread:
 * {@link #open}, {@link #write} for each row, {@link #watermark} as event time advances,
 * {@link #finish} when the input ends (bounded jobs), {@link #close} at the end. Exactly-once
 * sinks take part in the checkpoint's two-phase commit through {@link #preCommit} and
 * {@link #commit}.
 */
@ConsumerType
public interface Sink {

    /**
     * Prepares to write.
     *
     * @param context the task and its services
     * @param restoredState what {@link #preCommit} returned at the checkpoint the job restores from,
     *     or {@code null}: a sink re-commits it (commits are idempotent)
     */
    void open(SinkContext context, byte[] restoredState) throws Exception;

    /**
     * Writes one row: the table's columns, then {@code _timestamp} (with {@code _op} between them
     * when {@link SinkContext#updating()}).
     */
    void write(Object[] row) throws Exception;

    /**
     * The event-time watermark of this subtask's input advanced to {@code watermark}: nanoseconds
     * since the epoch, the unit of {@code _timestamp}. Rows whose event time is at or before it are
     * late (operators that wait for event time drop them; a plain projection may still pass them
     * on). Called from the same thread as {@link #write}, between rows, each time the watermark
     * moves forward — not while the input is idle, and not at the end of a bounded input, where
     * {@link #finish} follows. Sinks that roll files by event time (a time partition the watermark
     * has passed is complete) use it; others ignore it.
     *
     * @since 1.6
     */
    default void watermark(long watermark) throws Exception {
    }

    /**
     * First phase of checkpoint {@code epoch}: make everything written so far durable but not yet
     * visible, and return what {@link #commit} needs to publish it (also kept in the checkpoint).
     * At-least-once sinks flush here and return {@code null}.
     */
    default byte[] preCommit(long epoch) throws Exception {
        return null;
    }

    /** Second phase: the checkpoint {@code epoch} is recorded; publish what was pre-committed. */
    default void commit(long epoch, byte[] preCommitted) throws Exception {
    }

    /** The input has ended; flush and publish everything (a bounded job is finishing). */
    default void finish() throws Exception {
    }

    /** Releases resources; called once, also after failures. */
    default void close() throws Exception {
    }
}
