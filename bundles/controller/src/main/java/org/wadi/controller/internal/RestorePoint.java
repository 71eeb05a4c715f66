package org.wadi.controller.internal;

import org.wadi.store.CheckpointRef;

/**
 * The checkpoint a new run restores: one of the job's own, one of another job (a pipeline started
 * from a {@code state_url}), or none.
 *
 * @param epoch the checkpoint's epoch, or -1 for none
 * @param jobId the job that took it, or {@code null} for the run's own job
 * @param storageUrl the checkpoint storage it is in, or {@code null} for the configured one
 */
public record RestorePoint(long epoch, String jobId, String storageUrl) {

    /** Nothing to restore: the run starts without state. */
    public static final RestorePoint NONE = new RestorePoint(-1, null, null);

    /** The job's own checkpoint {@code epoch}; {@link #NONE} when it is negative. */
    public static RestorePoint own(long epoch) {
        return epoch < 0 ? NONE : new RestorePoint(epoch, null, null);
    }

    /** A checkpoint of another job. */
    public static RestorePoint of(CheckpointRef ref) {
        return new RestorePoint(ref.epoch(), ref.jobId(), ref.storageUrl());
    }

    /** Whether nothing is restored. */
    public boolean none() {
        return epoch < 0;
    }

    /** Whether the checkpoint belongs to another job. */
    public boolean foreign() {
        return epoch >= 0 && jobId != null;
    }

    /** For messages: {@code checkpoint 3}, {@code checkpoint 7 of job job_x}, {@code no checkpoint}. */
    public String describe() {
        if (none()) {
            return "no checkpoint";
        }
        return "checkpoint " + epoch + (foreign() ? " of job " + jobId : "");
    }
}
