package org.wadi.store;

import java.time.Instant;
import java.util.Optional;
import org.wadi.spi.job.StopMode;

/**
 * A pipeline as stored: the user's query and its plan.
 *
 * @param id {@code pl_…}
 * @param name the user's name for it
 * @param query the SQL text
 * @param parallelism the requested parallelism
 * @param checkpointIntervalMicros the checkpoint interval
 * @param planJson the dataflow plan ({@link org.wadi.spi.plan.PlanCodec})
 * @param stop the desired stop mode ({@link StopMode#NONE} to run)
 * @param createdAt when it was created
 * @param updatedAt when it last changed
 * @param ttlMicros a preview's time to live, counted from {@code createdAt}, after which the
 *     controller stops it; {@code null} for a pipeline that runs until stopped
 * @param restoreStorageUrl with {@code restoreJobId} and {@code restoreEpoch}: the checkpoint the
 *     pipeline's job restores while it has no completed checkpoint of its own (see {@link
 *     #initialState()}); all three {@code null} when it starts without state
 * @param restoreJobId the job that took that checkpoint
 * @param restoreEpoch its epoch
 * @param schedulerConfig the pipeline's {@code scheduler_config}: the text of a JSON object of
 *     settings for the scheduler that starts its workers, {@code {}} for none ({@code null} is
 *     taken as {@code {}}); the store keeps it as PostgreSQL {@code jsonb}, so the text read back
 *     is the same object, not necessarily the same spelling
 */
public record Pipeline(
        String id,
        String name,
        String query,
        int parallelism,
        long checkpointIntervalMicros,
        String planJson,
        StopMode stop,
        Instant createdAt,
        Instant updatedAt,
        Long ttlMicros,
        String restoreStorageUrl,
        String restoreJobId,
        Long restoreEpoch,
        String schedulerConfig) {

    /** The {@code scheduler_config} of a pipeline that has none. */
    public static final String NO_SCHEDULER_CONFIG = "{}";

    public Pipeline {
        schedulerConfig = schedulerConfig == null || schedulerConfig.isBlank() ? NO_SCHEDULER_CONFIG : schedulerConfig;
        boolean anyRestore = restoreStorageUrl != null || restoreJobId != null || restoreEpoch != null;
        boolean allRestore = restoreStorageUrl != null && restoreJobId != null && restoreEpoch != null;
        if (anyRestore && !allRestore) {
            throw new IllegalArgumentException("pipeline " + id + ": restoreStorageUrl, restoreJobId and restoreEpoch"
                    + " are given together or not at all");
        }
    }

    /** A pipeline without {@code scheduler_config}. */
    public Pipeline(String id, String name, String query, int parallelism, long checkpointIntervalMicros,
            String planJson, StopMode stop, Instant createdAt, Instant updatedAt, Long ttlMicros,
            String restoreStorageUrl, String restoreJobId, Long restoreEpoch) {
        this(id, name, query, parallelism, checkpointIntervalMicros, planJson, stop, createdAt, updatedAt, ttlMicros,
                restoreStorageUrl, restoreJobId, restoreEpoch, NO_SCHEDULER_CONFIG);
    }

    /** A pipeline that runs until stopped and starts without state. */
    public Pipeline(String id, String name, String query, int parallelism, long checkpointIntervalMicros,
            String planJson, StopMode stop, Instant createdAt, Instant updatedAt) {
        this(id, name, query, parallelism, checkpointIntervalMicros, planJson, stop, createdAt, updatedAt, null, null,
                null, null);
    }

    /** Whether it is a preview pipeline (it has a time to live). */
    public boolean preview() {
        return ttlMicros != null;
    }

    /** The checkpoint of another job its job starts from, if any. */
    public Optional<CheckpointRef> initialState() {
        return restoreJobId == null ? Optional.empty()
                : Optional.of(new CheckpointRef(restoreStorageUrl, restoreJobId, restoreEpoch));
    }

    /** This pipeline with the given time to live and initial state ({@code null}: none). */
    public Pipeline with(Long ttl, CheckpointRef initialState) {
        return new Pipeline(id, name, query, parallelism, checkpointIntervalMicros, planJson, stop, createdAt,
                updatedAt, ttl, initialState == null ? null : initialState.storageUrl(),
                initialState == null ? null : initialState.jobId(), initialState == null ? null : initialState.epoch(),
                schedulerConfig);
    }

    /** This pipeline with the given {@code scheduler_config} (the text of a JSON object; {@code null}: none). */
    public Pipeline withSchedulerConfig(String config) {
        return new Pipeline(id, name, query, parallelism, checkpointIntervalMicros, planJson, stop, createdAt,
                updatedAt, ttlMicros, restoreStorageUrl, restoreJobId, restoreEpoch, config);
    }
}
