package org.wadi.spi.plan;

import org.wadi.spi.types.Schema;

/**
 * Generates event-time watermarks from the rows passing through it (unchanged), as Arroyo's
 * watermark node: the watermark is the largest {@code _timestamp} seen minus {@code delayNanos}
 * (minus one nanosecond, so that a later row with the same event time as the largest one seen is
 * not late). A watermark {@code w} promises that no row with an event time at or before {@code w}
 * follows. The operator is chained right after a source; it emits a watermark every
 * {@code periodNanos} of processing time while the watermark advances, marks its input idle when
 * the source emitted nothing for {@code idleNanos}, and, when a bounded source ends, passes on the
 * final watermark (+∞) that closes every window.
 *
 * @param schema the rows' columns (input and output), {@code _timestamp} last
 * @param delayNanos how far the watermark trails the largest event time seen (Arroyo's default: 1 s)
 * @param idleNanos after how long without rows the input counts as idle and stops holding back
 *     downstream watermarks; 0 never
 * @param periodNanos how often, in processing time, a watermark is emitted at most
 */
public record WatermarkOperator(Schema schema, long delayNanos, long idleNanos, long periodNanos)
        implements OperatorSpec {

    /** Arroyo's default watermark delay: one second behind the largest event time seen. */
    public static final long DEFAULT_DELAY_NANOS = 1_000_000_000L;
    /** The default emission period: 100 ms of processing time. */
    public static final long DEFAULT_PERIOD_NANOS = 100_000_000L;

    public WatermarkOperator {
        if (delayNanos < 0 || idleNanos < 0 || periodNanos < 0) {
            throw new IllegalArgumentException("watermark delay, idle time and period must not be negative: "
                    + delayNanos + ", " + idleNanos + ", " + periodNanos);
        }
    }

    @Override
    public String name() {
        return "watermark";
    }
}
