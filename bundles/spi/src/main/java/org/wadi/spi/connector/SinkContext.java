package org.wadi.spi.connector;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/** What the runtime gives a sink when it opens. */
@ProviderType
public interface SinkContext {

    TaskInfo task();

    /** The file roots to resolve every local path through. */
    FileAccess files();

    /**
     * Sends rows, encoded as JSON objects, to the controller, which streams them to clients watching
     * the job's output ({@code GET /api/v1/pipelines/{id}/jobs/{job_id}/output}). Used by preview
     * sinks; never blocks for long (rows beyond the controller's buffer are dropped and counted).
     */
    void sendOutput(List<String> jsonRows);

    /**
     * Whether the rows written are updating (a changelog): each row is the table's columns, then
     * {@code _op} (an {@code Integer} {@link org.wadi.spi.types.RowKind}), then {@code _timestamp}.
     * A sink that cannot represent changes refuses them when it opens; one writing Debezium JSON
     * turns them into {@code c}/{@code u}/{@code d} events.
     */
    default boolean updating() {
        return false;
    }
}
