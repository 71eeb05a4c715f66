package org.wadi.api.service;

import com.fasterxml.jackson.annotation.JsonAlias;
import org.wadi.spi.job.StopMode;

/**
 * The body of {@code PATCH /api/v1/pipelines/{id}}, as Arroyo's {@code PipelinePatch}: each field
 * set is a change; absent fields stay as they are.
 *
 * @param stop the desired stop mode ({@code none} runs the pipeline again)
 * @param parallelism a new parallelism: the query is planned again for it and a running job rescales
 *     (final checkpoint, stop, start at the new parallelism restoring it)
 * @param checkpointIntervalMicros a new checkpoint interval (not supported yet)
 */
public record PipelinePatch(
        StopMode stop,
        Long parallelism,
        @JsonAlias("checkpointIntervalMicros") Long checkpointIntervalMicros) {

    /** A patch that only sets the stop mode. */
    public static PipelinePatch stop(StopMode mode) {
        return new PipelinePatch(mode, null, null);
    }
}
