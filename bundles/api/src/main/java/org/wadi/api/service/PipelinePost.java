package org.wadi.api.service;

import com.fasterxml.jackson.annotation.JsonAlias;
import java.util.List;
import java.util.Map;

/**
 * The body of {@code POST /api/v1/pipelines}, as Arroyo's {@code PipelinePost}. The camelCase
 * spellings of older Arroyo clients are accepted too.
 *
 * @param name the pipeline's name, 1 to 255 characters
 * @param query the SQL
 * @param parallelism the parallelism of every operator
 * @param checkpointIntervalMicros the checkpoint interval, or {@code null} for the default
 * @param udfs UDF definitions
 * @param preview whether this is a preview pipeline (as {@code POST /api/v1/pipelines/preview}
 *     makes: parallelism 1, sinks replaced by the preview sink, stopped after its time to live)
 * @param stateUrl the checkpoint the new pipeline's job starts from, or {@code null} to start
 *     without state: {@code <checkpoint storage URL>/<job_id>/checkpoints/<epoch>}, the
 *     {@code state_url} that {@code GET …/jobs/{job_id}/checkpoints} shows for each completed
 *     checkpoint (e.g. {@code file:///var/wadi/checkpoints/job_x/checkpoints/0000000003}); its
 *     operators with state must be operators of the new pipeline's plan
 * @param schedulerConfig settings of the pipeline's workers for the server's scheduler (a JSON
 *     object, such as the {@code kubernetes} scheduler's {@code {"image": …, "resources": …}}), or
 *     {@code null} for its defaults; checked when the pipeline is created: keys the scheduler does
 *     not know are refused (400) with the ones it does
 */
public record PipelinePost(
        String name,
        String query,
        Long parallelism,
        @JsonAlias("checkpointIntervalMicros") Long checkpointIntervalMicros,
        List<Udf> udfs,
        Boolean preview,
        @JsonAlias("stateUrl") String stateUrl,
        @JsonAlias("schedulerConfig") Map<String, Object> schedulerConfig) {

    /** A pipeline request with the defaults for the optional fields. */
    public PipelinePost(String name, String query, long parallelism) {
        this(name, query, parallelism, null, null, null, null, null);
    }

    /** A pipeline request that starts without state. */
    public PipelinePost(String name, String query, Long parallelism, Long checkpointIntervalMicros, List<Udf> udfs,
            Boolean preview) {
        this(name, query, parallelism, checkpointIntervalMicros, udfs, preview, null, null);
    }

    /** A pipeline request without {@code scheduler_config}. */
    public PipelinePost(String name, String query, Long parallelism, Long checkpointIntervalMicros, List<Udf> udfs,
            Boolean preview, String stateUrl) {
        this(name, query, parallelism, checkpointIntervalMicros, udfs, preview, stateUrl, null);
    }
}
