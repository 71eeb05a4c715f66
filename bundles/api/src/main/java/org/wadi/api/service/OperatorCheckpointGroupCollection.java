package org.wadi.api.service;

import java.util.List;

/**
 * The operators of one checkpoint (Arroyo's {@code NonPaginatedCollection<OperatorCheckpointGroup>}).
 *
 * @param data the operators in the order of the pipeline's graph; empty while the checkpoint is in
 *     progress and when it failed (details are recorded when it completes)
 */
public record OperatorCheckpointGroupCollection(List<OperatorCheckpointGroup> data) {

    public OperatorCheckpointGroupCollection {
        data = List.copyOf(data);
    }
}
