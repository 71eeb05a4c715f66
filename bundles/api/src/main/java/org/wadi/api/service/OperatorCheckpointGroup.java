package org.wadi.api.service;

import java.util.List;

/**
 * What one operator stored for a checkpoint, over its subtasks (Arroyo's
 * {@code OperatorCheckpointGroup}). Times are microseconds since the epoch.
 *
 * @param operatorId the operator, as in the pipeline's graph
 * @param bytes the size of its state, over its subtasks
 * @param startTime when its first subtask began (aligning or taking its snapshot)
 * @param finishTime when its last subtask stored its state
 * @param subtasks its subtasks, by index
 */
public record OperatorCheckpointGroup(
        String operatorId,
        long bytes,
        long startTime,
        long finishTime,
        List<SubtaskCheckpointGroup> subtasks) {

    public OperatorCheckpointGroup {
        subtasks = List.copyOf(subtasks);
    }
}
