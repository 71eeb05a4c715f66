package org.wadi.worker.internal.runtime;

/**
 * Rows travelling between tasks: the unit the queues hold, so that queue hand-offs (locks, wake-ups)
 * are paid once per batch rather than once per row. Also carries the control elements between
 * batches: a watermark, and the end of input.
 *
 * @param rows the rows, {@code count} of them from index 0
 * @param count how many rows are in use; {@link #END} or {@link #WATERMARK} for control elements
 * @param input which input of the receiving operator the rows are for (its edge's index)
 * @param channel which sender of the receiving gate sent it (watermarks are combined per sender)
 * @param watermark the watermark of a {@link #WATERMARK} element
 */
record Batch(Object[][] rows, int count, int input, int channel, long watermark) {

    static final int END = -1;
    static final int WATERMARK = -2;

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

    boolean isEnd() {
        return count == END;
    }

    boolean isWatermark() {
        return count == WATERMARK;
    }
}
