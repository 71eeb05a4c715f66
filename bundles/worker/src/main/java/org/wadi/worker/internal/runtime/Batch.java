package org.wadi.worker.internal.runtime;

/**
 * Rows travelling between tasks: the unit the queues hold, so that queue hand-offs (locks, wake-ups)
 * are paid once per batch rather than once per row. Also carries the control elements between
 * batches: a watermark, a checkpoint barrier, the end of input — and, from the worker rather than
 * a sender, a checkpoint commit.
 *
 * @param rows the rows, {@code count} of them from index 0
 * @param count how many rows are in use; {@link #END} or {@link #WATERMARK} for control elements
 * @param input which input of the receiving operator the rows are for (its edge's index)
 * @param channel which sender of the receiving gate sent it (watermarks are combined per sender)
 * @param watermark the watermark of a {@link #WATERMARK} element; the epoch of a barrier or commit
 */
record Batch(Object[][] rows, int count, int input, int channel, long watermark) {

    static final int END = -1;
    static final int WATERMARK = -2;
    static final int BARRIER = -3;
    /** The barrier of a stop's final checkpoint. */
    static final int STOP_BARRIER = -4;
    /** Checkpoint {@code watermark} is recorded: sinks commit (from the worker, not a sender). */
    static final int COMMIT = -5;

    static Batch rows(Object[][] rows, int count, int input, int channel) {
        return new Batch(rows, count, input, channel, 0);
    }

    /** End of input from one sender; the receiver ends once every sender has sent it. */
    static Batch end(int input, int channel) {
        return new Batch(null, END, input, channel, 0);
    }

    static Batch watermark(int input, int channel, long watermark) {
        return new Batch(null, WATERMARK, input, channel, watermark);
    }

    static Batch barrier(int input, int channel, long epoch, boolean thenStop) {
        return new Batch(null, thenStop ? STOP_BARRIER : BARRIER, input, channel, epoch);
    }

    static Batch commit(long epoch) {
        return new Batch(null, COMMIT, -1, -1, epoch);
    }

    boolean isBarrier() {
        return count == BARRIER || count == STOP_BARRIER;
    }

    boolean isCommit() {
        return count == COMMIT;
    }

    /** The epoch of a barrier or commit. */
    long epoch() {
        return watermark;
    }

    boolean isEnd() {
        return count == END;
    }

    boolean isWatermark() {
        return count == WATERMARK;
    }
}
