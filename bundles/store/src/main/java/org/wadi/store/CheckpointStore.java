package org.wadi.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The checkpoints of jobs in PostgreSQL: an OSGi service next to {@link PipelineStore} (the same
 * component provides both). The controller records each checkpoint when it triggers it, completes
 * or fails it, and forgets those that retention removed from the checkpoint storage. Every method
 * is one transaction. A job's checkpoints are deleted with the job.
 */
@ProviderType
public interface CheckpointStore {

    /**
     * Records a checkpoint just triggered, in state {@link CheckpointState#IN_PROGRESS}.
     *
     * @param stopping whether it is the final checkpoint of a stop
     * @param storageUrl the checkpoint storage it goes to
     * @throws IllegalArgumentException if the job has a checkpoint with that epoch, or no such job exists
     */
    void checkpointStarted(String jobId, long runId, long epoch, Instant startedAt, boolean stopping,
            String storageUrl);

    /**
     * Completes an in-progress checkpoint with the details of every subtask, in one transaction.
     *
     * @return false if there is no such checkpoint in progress
     */
    boolean checkpointCompleted(String jobId, long epoch, Instant finishedAt, long bytes,
            List<CheckpointOperator> operators);

    /**
     * Fails an in-progress checkpoint.
     *
     * @return false if there is no such checkpoint in progress
     */
    boolean checkpointFailed(String jobId, long epoch, Instant finishedAt, String reason);

    /**
     * Fails every checkpoint of the job still in progress (their run is gone).
     *
     * @return how many were failed
     */
    int failInProgressCheckpoints(String jobId, Instant finishedAt, String reason);

    /** The job's checkpoints, oldest first, each with when its last subtask stored its state. */
    List<Checkpoint> checkpoints(String jobId);

    /** The job's newest completed checkpoint, the one to restore from. */
    Optional<Checkpoint> latestCompletedCheckpoint(String jobId);

    /** The highest epoch the job ever used (any state), or 0: the next checkpoint takes the one after. */
    long lastCheckpointEpoch(String jobId);

    /** One of the job's checkpoints, as {@link #checkpoints} shows it. */
    Optional<Checkpoint> checkpoint(String jobId, long epoch);

    /** The per-subtask details of a completed checkpoint, by operator and subtask. */
    List<CheckpointOperator> checkpointOperators(String jobId, long epoch);

    /**
     * Forgets the job's checkpoints older than {@code epoch} (their objects were deleted by retention).
     *
     * @return how many were deleted
     */
    int deleteCheckpointsBefore(String jobId, long epoch);
}
