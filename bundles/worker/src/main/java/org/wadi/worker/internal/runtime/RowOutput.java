package org.wadi.worker.internal.runtime;

import org.wadi.spi.connector.Collector;

/**
 * Where an operator pushes its rows inside a task: the next chained operator (a direct call) or
 * the writers of an edge to other tasks. Called from the task's one thread only.
 */
public interface RowOutput extends Collector {

    /**
     * An event-time watermark (nanoseconds; or {@link Watermarks#IDLE}, {@link Watermarks#END}):
     * every row before it has been passed on, and no row with an event time at or before it
     * follows. Operators pass it on after the rows it completes; edges send it after flushing.
     */
    void watermark(long watermark);

    /**
     * Checkpoint barrier {@code epoch}: every row before it has been passed on, and every operator
     * of the task has taken its snapshot; edges flush and send it on, operators pass it on.
     *
     * @param thenStop the final checkpoint of a stop: nothing follows the barrier
     */
    void barrier(long epoch, boolean thenStop);

    /** Passes buffered rows on now (the source is idle, or the linger time has passed). */
    void flush();

    /** The input has ended: pass everything on and finish (sinks publish, edges send end-of-input). */
    void finish();
}
