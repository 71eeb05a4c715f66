package org.wadi.store;

import java.time.Instant;

/**
 * What one subtask of one operator stored for a completed checkpoint.
 *
 * @param jobId the job
 * @param epoch the checkpoint
 * @param operatorId the operator, e.g. {@code window_3}
 * @param subtask the subtask index
 * @param bytes the size of its state object (0: it keeps no state)
 * @param startedAt when it took its snapshot
 * @param finishedAt when its state was stored
 */
public record CheckpointOperator(String jobId, long epoch, String operatorId, int subtask, long bytes,
        Instant startedAt, Instant finishedAt) {
}
