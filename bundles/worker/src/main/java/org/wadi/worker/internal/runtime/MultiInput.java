package org.wadi.worker.internal.runtime;

/**
 * An operator with several inputs (a join): the task hands it each row with the index of the edge
 * it came by, in the order of the plan's input edges (0 = left, 1 = right). Watermarks are already
 * combined over all inputs (their minimum) when they arrive here.
 */
public interface MultiInput extends RowOutput {

    /** One row of input {@code input}. */
    void collect(int input, Object[] row);

    /** A row without an input index is a mistake in the wiring: a join is always a task's head. */
    @Override
    default void collect(Object[] row) {
        throw new IllegalStateException("a row reached a join without saying which input it is for");
    }
}
