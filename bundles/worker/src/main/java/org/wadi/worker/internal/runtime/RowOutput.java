package org.wadi.worker.internal.runtime;

import org.wadi.spi.connector.Collector;

/**
 * Where an operator pushes its rows inside a task: the next chained operator (a direct call) or
 * the writers of an edge to other tasks. Called from the task's one thread only.
 */
public interface RowOutput extends Collector {

    /** Passes buffered rows on now (the source is idle, or the linger time has passed). */
    void flush();

    /** The input has ended: pass everything on and finish (sinks publish, edges send end-of-input). */
    void finish();
}
