package org.wadi.worker.internal.runtime;

/** A part of a task holding resources: opened before the first row, closed once at the end, also after failures. */
public interface Lifecycle {

    void open() throws Exception;

    void close() throws Exception;
}
