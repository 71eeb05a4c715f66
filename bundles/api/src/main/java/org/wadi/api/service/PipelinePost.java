package org.wadi.api.service;

import com.fasterxml.jackson.annotation.JsonAlias;
import java.util.List;

/**
 * The body of {@code POST /api/v1/pipelines}, as Arroyo's {@code PipelinePost}. The camelCase
 * spellings of older Arroyo clients are accepted too.
 *
 * @param name the pipeline's name, 1 to 255 characters
 * @param query the SQL
 * @param parallelism the parallelism of every operator
 * @param checkpointIntervalMicros the checkpoint interval, or {@code null} for the default
 * @param udfs UDF definitions (not supported yet: must be absent or empty)
 * @param preview whether this is a preview pipeline (not supported yet: must be absent or false)
 */
public record PipelinePost(
        String name,
        String query,
        Long parallelism,
        @JsonAlias("checkpointIntervalMicros") Long checkpointIntervalMicros,
        List<Udf> udfs,
        Boolean preview) {

    /** A pipeline request with the defaults for the optional fields. */
    public PipelinePost(String name, String query, long parallelism) {
        this(name, query, parallelism, null, null, null);
    }
}
