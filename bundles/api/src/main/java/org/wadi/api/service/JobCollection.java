package org.wadi.api.service;

import java.util.List;

/**
 * A pipeline's jobs (Arroyo's {@code NonPaginatedCollection<Job>}).
 *
 * @param data the jobs, newest first
 */
public record JobCollection(List<Job> data) {

    public JobCollection {
        data = List.copyOf(data);
    }
}
