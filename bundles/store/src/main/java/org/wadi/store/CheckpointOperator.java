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
 * @param startedAt when it took its snapshot (its input barriers aligned)
 * @param finishedAt when its state was stored
 * @param alignmentStartedAt when the checkpoint's first barrier reached it, or {@code null} when
 *     not measured (sources have no barriers to align)
 */
public record CheckpointOperator(String jobId, long epoch, String operatorId, int subtask, long bytes,
        Instant startedAt, Instant finishedAt, Instant alignmentStartedAt) {
}
