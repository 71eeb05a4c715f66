package org.wadi.connector.filesystem.internal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.wadi.spi.connector.ConnectorException;

/**
 * A filesystem source subtask's checkpoint state: for each file it owns and has started, how many
 * lines of it were emitted, or {@link #DONE} when it was read to its end. Files are split across
 * subtasks by their names alone, so the states of all old subtasks merged give every file's
 * position whatever the parallelism was and is.
 *
 * @param version the layout of this document
 * @param files file name (relative to the table's path) to lines emitted, or {@link #DONE}
 */
record SourcePositions(int version, Map<String, Long> files) {

    static final int VERSION = 1;
    static final long DONE = -1;

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    SourcePositions {
        files = files == null ? Map.of() : Map.copyOf(files);
    }

    /** The subtask of {@code parallelism} that reads {@code file}: stable across runs and JVMs. */
    static int owner(String file, int parallelism) {
        return Math.floorMod(file.hashCode(), parallelism);
    }

    byte[] toBytes() throws ConnectorException {
        try {
            return MAPPER.writeValueAsBytes(this);
        } catch (IOException e) {
            throw new ConnectorException("filesystem source: cannot encode its position: " + e.getMessage(), e);
        }
    }

    /** Merges the states of every old subtask into one map of positions. */
    static Map<String, Long> merge(List<byte[]> states) throws ConnectorException {
        Map<String, Long> merged = new TreeMap<>();
        for (byte[] bytes : states) {
            SourcePositions state;
            try {
                state = MAPPER.readValue(bytes, SourcePositions.class);
            } catch (IOException e) {
                throw new ConnectorException("filesystem source: the checkpointed position is not readable ("
                        + e.getMessage() + ")", e);
            }
            if (state.version() != VERSION) {
                throw new ConnectorException("filesystem source: the checkpointed position has version "
                        + state.version() + "; this connector reads version " + VERSION);
            }
            state.files().forEach((file, lines) -> merged.merge(file, lines,
                    (a, b) -> a == DONE || b == DONE ? DONE : Math.max(a, b)));
        }
        return merged;
    }
}
