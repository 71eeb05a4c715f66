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

    /** Passes buffered rows on now (the source is idle, or the linger time has passed). */
    void flush();

    /** The input has ended: pass everything on and finish (sinks publish, edges send end-of-input). */
    void finish();
}
