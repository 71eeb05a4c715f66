package org.wadi.api.service;

import java.util.List;

/**
 * A job's checkpoints (Arroyo's {@code NonPaginatedCollection<Checkpoint>}).
 *
 * @param data the checkpoints still recorded (retention forgets old ones), oldest first
 */
public record CheckpointCollection(List<Checkpoint> data) {

    public CheckpointCollection {
        data = List.copyOf(data);
    }
}
