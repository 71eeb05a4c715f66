package org.wadi.worker.internal.runtime;

/**
 * The special values a watermark ({@link RowOutput#watermark}) can take besides an event time in
 * nanoseconds since the epoch.
 */
public final class Watermarks {

    /** The input is idle: it holds nothing back until it sends a real watermark again. */
    public static final long IDLE = Long.MIN_VALUE;
    /** No watermark yet (an input's initial state; never sent). */
    public static final long NONE = Long.MIN_VALUE + 1;
    /** The input has ended: every window can close. Sent once by a bounded source at its end. */
    public static final long END = Long.MAX_VALUE;

    private Watermarks() {
    }

    public static String describe(long w) {
        return w == IDLE ? "idle" : w == NONE ? "none" : w == END ? "end" : Long.toString(w);
    }
}
