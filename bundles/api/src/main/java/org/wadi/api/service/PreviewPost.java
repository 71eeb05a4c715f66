package org.wadi.api.service;

import com.fasterxml.jackson.annotation.JsonAlias;
import java.util.List;

/**
 * The body of {@code POST /api/v1/pipelines/preview}, as Arroyo's {@code PreviewPost}: a query to
 * run briefly for its output, which arrives through {@code GET
 * /api/v1/pipelines/{id}/jobs/{job_id}/output}.
 *
 * @param query the SQL
 * @param udfs UDF definitions, as with {@link PipelinePost}
 * @param enableSinks whether the query's sinks write as declared; by default ({@code null} or
 *     {@code false}) every sink is replaced by the preview sink, so that a preview never writes
 *     to external systems
 */
public record PreviewPost(String query, List<Udf> udfs, @JsonAlias("enableSinks") Boolean enableSinks) {

    /** A preview whose sinks are replaced by the preview sink. */
    public PreviewPost(String query) {
        this(query, null, null);
    }
}
