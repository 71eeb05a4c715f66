package org.wadi.worker.internal.runtime;

/**
 * Rows travelling between tasks: the unit the queues hold, so that queue hand-offs (locks, wake-ups)
 * are paid once per batch rather than once per row.
 *
 * @param rows the rows, {@code count} of them from index 0
 * @param count how many rows are in use
 * @param input which input of the receiving operator the rows are for (its edge's index)
 */
record Batch(Object[][] rows, int count, int input) {

    /** End of input from one sender; the receiver ends once every sender has sent it. */
    static Batch end(int input) {
        return new Batch(null, -1, input);
    }

    boolean isEnd() {
        return count < 0;
    }
}
