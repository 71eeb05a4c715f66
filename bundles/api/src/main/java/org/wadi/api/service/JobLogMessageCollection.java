package org.wadi.api.service;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * One page of a job's errors list (Arroyo's {@code PaginatedCollection<JobLogMessage>}).
 *
 * @param data the entries, newest first
 * @param hasMore whether older ones follow; fetch them with {@code starting_after} set to the last id
 */
public record JobLogMessageCollection(List<JobLogMessage> data, @JsonProperty("hasMore") boolean hasMore) {

    public JobLogMessageCollection {
        data = List.copyOf(data);
    }
}
