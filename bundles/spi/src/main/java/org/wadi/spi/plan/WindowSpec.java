package org.wadi.spi.plan;

import java.util.Objects;

/**
 * The event-time window of a {@link WindowAggregateOperator}. A window is the half-open interval
 * {@code [start, end)} of event times (nanoseconds since the epoch).
 *
 * <ul>
 *   <li>TUMBLE: windows {@code [k·width, (k+1)·width)}; {@code slide = width}, {@code gap = 0}.
 *   <li>HOP: windows {@code [k·slide, k·slide + width)}; {@code gap = 0}.
 *   <li>SESSION: a row at {@code t} opens {@code [t, t + gap)}; windows of a key that overlap merge;
 *       {@code width = slide = 0}.
 * </ul>
 *
 * @param kind the kind of window
 * @param widthNanos the window's length (TUMBLE, HOP)
 * @param slideNanos how far apart windows start (HOP; equal to the width for TUMBLE)
 * @param gapNanos the inactivity that closes a session (SESSION)
 */
public record WindowSpec(WindowKind kind, long widthNanos, long slideNanos, long gapNanos) {

    public WindowSpec {
        Objects.requireNonNull(kind, "kind");
        switch (kind) {
            case TUMBLE, HOP -> {
                if (widthNanos <= 0 || slideNanos <= 0) {
                    throw new IllegalArgumentException(kind + " window needs a positive width and slide, not "
                            + widthNanos + " and " + slideNanos + " ns");
                }
                if (kind == WindowKind.TUMBLE && slideNanos != widthNanos) {
                    throw new IllegalArgumentException("a TUMBLE window slides by its width");
                }
            }
            case SESSION -> {
                if (gapNanos <= 0) {
                    throw new IllegalArgumentException("SESSION window needs a positive gap, not " + gapNanos + " ns");
                }
            }
            default -> throw new IllegalArgumentException("unknown window kind " + kind);
        }
    }

    public static WindowSpec tumble(long widthNanos) {
        return new WindowSpec(WindowKind.TUMBLE, widthNanos, widthNanos, 0);
    }

    public static WindowSpec hop(long slideNanos, long widthNanos) {
        return new WindowSpec(WindowKind.HOP, widthNanos, slideNanos, 0);
    }

    public static WindowSpec session(long gapNanos) {
        return new WindowSpec(WindowKind.SESSION, 0, 0, gapNanos);
    }
}
