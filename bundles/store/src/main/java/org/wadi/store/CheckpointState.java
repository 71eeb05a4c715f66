package org.wadi.store;

import java.util.Locale;

/** Where a checkpoint stands, stored as its lower-case name. */
public enum CheckpointState {
    /** Triggered; not every subtask has stored its state yet. */
    IN_PROGRESS,
    /** Every subtask stored its state: the job can restore from it, and sinks commit it. */
    COMPLETED,
    /** A subtask failed, the checkpoint timed out, or its run ended first. */
    FAILED;

    /** The stored name: {@code in_progress}, {@code completed}, {@code failed}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses the stored name.
     *
     * @throws IllegalArgumentException naming the value and the valid ones
     */
    public static CheckpointState parse(String wire) {
        for (CheckpointState s : values()) {
            if (s.wire().equals(wire)) {
                return s;
            }
        }
        throw new IllegalArgumentException("invalid checkpoint state '" + wire
                + "': expected one of in_progress, completed, failed");
    }
}
