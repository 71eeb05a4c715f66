package org.wadi.api.service;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * One page of saved connection tables (Arroyo's {@code PaginatedCollection<ConnectionTable>}).
 *
 * @param data the tables, in id order
 * @param hasMore whether more follow; fetch them with {@code starting_after} set to the last id
 */
public record ConnectionTableCollection(List<ConnectionTable> data, @JsonProperty("hasMore") boolean hasMore) {

    public ConnectionTableCollection {
        data = List.copyOf(data);
    }
}
