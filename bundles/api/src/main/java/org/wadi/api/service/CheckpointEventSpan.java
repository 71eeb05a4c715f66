package org.wadi.api.service;

/**
 * A phase of a checkpoint or of one subtask's part in it (Arroyo's {@code CheckpointEventSpan}).
 * Times are microseconds since the epoch.
 *
 * @param startTime when it began
 * @param finishTime when it ended
 * @param event what it is: {@code Checkpointing} and {@code CheckpointingOperators} for a
 *     checkpoint, {@code Alignment} and {@code Snapshot} for a subtask
 * @param description the same in words
 */
public record CheckpointEventSpan(long startTime, long finishTime, String event, String description) {
}
