package org.wadi.store;

import java.util.Objects;

/**
 * A completed checkpoint of some job, wherever it is stored: what a job restores.
 *
 * @param storageUrl the checkpoint storage it is in ({@code file:///…}, {@code s3://bucket/prefix})
 * @param jobId the job that took it
 * @param epoch its epoch (at least 1)
 */
public record CheckpointRef(String storageUrl, String jobId, long epoch) {

    public CheckpointRef {
        Objects.requireNonNull(storageUrl, "storageUrl");
        Objects.requireNonNull(jobId, "jobId");
        if (epoch < 1) {
            throw new IllegalArgumentException("invalid epoch " + epoch + " of job " + jobId + ": must be at least 1");
        }
    }
}
