package org.wadi.spi.plan;

/** The kinds of event-time windows a {@link WindowAggregateOperator} groups rows into. */
public enum WindowKind {
    /** Fixed, non-overlapping windows of {@code width}, aligned to the epoch. */
    TUMBLE,
    /** Windows of {@code width} starting every {@code slide} (aligned to the epoch); they overlap when slide &lt; width. */
    HOP,
    /** Per key, a window that stays open while rows arrive less than {@code gap} apart. */
    SESSION
}
