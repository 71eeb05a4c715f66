package org.wadi.spi.connector;

/** What {@link Source#poll} says about the source after a call. */
public enum SourceStatus {
    /** It may have more rows now; poll again soon. */
    ACTIVE,
    /** It has nothing now (e.g. an empty topic); poll again after a short pause. */
    IDLE,
    /** It has emitted its last row: a bounded source is done. */
    FINISHED
}
