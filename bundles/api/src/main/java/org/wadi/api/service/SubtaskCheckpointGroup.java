package org.wadi.api.service;

import java.util.List;

/**
 * What one subtask of an operator stored for a checkpoint (Arroyo's {@code SubtaskCheckpointGroup}).
 *
 * @param index the subtask
 * @param bytes the size of its state (0: it keeps none)
 * @param eventSpans its phases: {@code Alignment} (waiting for the barriers of all its inputs, when
 *     measured) and {@code Snapshot} (taking and storing its state)
 */
public record SubtaskCheckpointGroup(int index, long bytes, List<CheckpointEventSpan> eventSpans) {

    public SubtaskCheckpointGroup {
        eventSpans = List.copyOf(eventSpans);
    }
}
