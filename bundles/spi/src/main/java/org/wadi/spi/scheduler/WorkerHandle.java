package org.wadi.spi.scheduler;

/**
 * A worker as its scheduler knows it.
 *
 * @param workerId the id the worker registers with ({@code wkr_…})
 * @param jobId its job
 * @param runId its run
 * @param description where it runs, for operators (e.g. {@code pid 1234})
 * @param alive whether it is still running
 */
public record WorkerHandle(String workerId, String jobId, long runId, String description, boolean alive) {
}
