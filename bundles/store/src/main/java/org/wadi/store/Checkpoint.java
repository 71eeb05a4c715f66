package org.wadi.store;

import java.time.Instant;

/**
 * One checkpoint of a job.
 *
 * @param jobId the job
 * @param runId the run that took it
 * @param epoch its number, growing over the job's runs (1, 2, …)
 * @param state where it stands
 * @param startedAt when the controller triggered it
 * @param finishedAt when it completed or failed, or {@code null} while in progress
 * @param bytes the size of the state stored for it, over all subtasks
 * @param failure why it failed, or {@code null}
 * @param stopping whether it is the final checkpoint of a stop rather than a scheduled one
 * @param storageUrl the checkpoint storage it went to ({@code file:///…}, {@code s3://…}), or
 *     {@code ""} when not recorded
 * @param operatorsFinishedAt when the last subtask stored its state (from its details), or
 *     {@code null} when no details are recorded (in progress or failed)
 */
public record Checkpoint(String jobId, long runId, long epoch, CheckpointState state, Instant startedAt,
        Instant finishedAt, long bytes, String failure, boolean stopping, String storageUrl,
        Instant operatorsFinishedAt) {
}
