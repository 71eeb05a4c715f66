package org.wadi.spi.job;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How a pipeline is asked to stop, as in Arroyo's {@code StopType}. */
public enum StopMode {
    /** Run. */
    NONE,
    /** Take a final checkpoint, then stop. */
    CHECKPOINT,
    /** Let sources end, drain the pipeline, then stop. */
    GRACEFUL,
    /** Stop now, without a checkpoint. */
    IMMEDIATE,
    /** Kill the workers. */
    FORCE;

    /** The lower-case name used in the API. */
    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses the API name.
     *
     * @throws IllegalArgumentException naming the value and the valid ones
     */
    @JsonCreator
    public static StopMode parse(String value) {
        for (StopMode m : values()) {
            if (m.wire().equals(value)) {
                return m;
            }
        }
        throw new IllegalArgumentException("invalid stop mode '" + value + "': expected one of "
                + Arrays.stream(values()).map(StopMode::wire).collect(Collectors.joining(", ")));
    }
}
