package org.wadi.api.service;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * One page of pipelines (Arroyo's {@code PaginatedCollection<Pipeline>}).
 *
 * @param data the pipelines, newest first
 * @param hasMore whether more follow; fetch them with {@code starting_after} set to the last id
 */
public record PipelineCollection(List<Pipeline> data, @JsonProperty("hasMore") boolean hasMore) {

    public PipelineCollection {
        data = List.copyOf(data);
    }
}
