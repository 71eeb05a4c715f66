package org.wadi.spi.plan;

/** How a {@link JoinOperator} matches rows in time, and so how long it keeps them. */
public enum JoinKind {
    /**
     * Both inputs are results of the same event-time window (their keys include the window): rows
     * with the same {@code _timestamp} are joined once the watermark passes it, then forgotten.
     * Emits appends only.
     */
    WINDOW,
    /**
     * The right row's event time lies within {@code [left + lowerNanos, left + upperNanos]} of the
     * left row's: each row is kept only as long as a partner can still arrive (watermark).
     */
    INTERVAL,
    /**
     * No time bound: every row is kept (until {@code ttlNanos} of event time without a change to
     * its key) and matches arrive as they come. Emits an updating stream when an input is updating
     * or the join is outer.
     */
    UPDATING
}
