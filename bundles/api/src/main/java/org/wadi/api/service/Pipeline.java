package org.wadi.api.service;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.wadi.spi.job.StopMode;

/**
 * A pipeline as the API shows it (Arroyo's {@code Pipeline}).
 *
 * @param id {@code pl_…}
 * @param name its name
 * @param query its SQL
 * @param udfs its UDFs (always empty for now)
 * @param checkpointIntervalMicros the checkpoint interval
 * @param stop the desired stop mode
 * @param createdAt creation time in microseconds since the epoch
 * @param action the stop mode the UI's action button would set, or {@code null} when there is none
 * @param actionText the label of that button
 * @param actionInProgress whether the job is between stable states
 * @param graph the dataflow graph
 * @param preview whether it is a preview pipeline
 * @param schedulerConfig its {@code scheduler_config}, as created ({@code {}}: the scheduler's defaults)
 */
public record Pipeline(
        String id,
        String name,
        String query,
        List<Udf> udfs,
        long checkpointIntervalMicros,
        StopMode stop,
        long createdAt,
        StopMode action,
        String actionText,
        boolean actionInProgress,
        PipelineGraph graph,
        boolean preview,
        Map<String, Object> schedulerConfig) {

    public Pipeline {
        udfs = udfs == null ? List.of() : List.copyOf(udfs);
        // JSON values may be null, which Map.copyOf refuses
        schedulerConfig = schedulerConfig == null ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(schedulerConfig));
    }

    /** A pipeline without {@code scheduler_config}. */
    public Pipeline(String id, String name, String query, List<Udf> udfs, long checkpointIntervalMicros, StopMode stop,
            long createdAt, StopMode action, String actionText, boolean actionInProgress, PipelineGraph graph,
            boolean preview) {
        this(id, name, query, udfs, checkpointIntervalMicros, stop, createdAt, action, actionText, actionInProgress, graph,
                preview, Map.of());
    }
}
