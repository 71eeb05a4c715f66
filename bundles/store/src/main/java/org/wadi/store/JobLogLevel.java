package org.wadi.store;

import java.util.Locale;

/** How serious a {@link JobLogMessage} is, stored as its lower-case name (Arroyo's levels). */
public enum JobLogLevel {
    INFO,
    WARN,
    ERROR;

    /** The stored name: {@code info}, {@code warn}, {@code error}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses the stored name.
     *
     * @throws IllegalArgumentException naming the value and the valid ones
     */
    public static JobLogLevel parse(String wire) {
        for (JobLogLevel l : values()) {
            if (l.wire().equals(wire)) {
                return l;
            }
        }
        throw new IllegalArgumentException("invalid log level '" + wire + "': expected one of info, warn, error");
    }
}
