package org.wadi.worker.internal.runtime;

/**
 * An operator that keeps keyed state (windows, joins, updating aggregates): it receives rows as a
 * {@link RowOutput}, takes its state into checkpoints as a {@link Snapshottable}, and counts the
 * rows it dropped for arriving behind the watermark.
 */
public interface StatefulOperator extends RowOutput, Snapshottable {

    /** Rows dropped because their event time was at or before the watermark when they arrived. */
    default long lateRows() {
        return 0;
    }
}
