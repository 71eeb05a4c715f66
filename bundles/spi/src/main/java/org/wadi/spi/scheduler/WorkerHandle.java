package org.wadi.spi.scheduler;

/**
 * A worker as its scheduler knows it.
 *
 * @param workerId the id the worker registers with ({@code wkr_…})
 * @param jobId its job
 * @param runId its run
 * @param description where it runs, for operators (e.g. {@code pid 1234})
 * @param alive whether it is still running
 * @param node the id of the {@link SchedulerNode node} it runs on, or {@code null} for the
 *     server's own machine (schedulers without nodes)
 */
public record WorkerHandle(String workerId, String jobId, long runId, String description, boolean alive,
        String node) {

    /** A worker on the server's own machine. */
    public WorkerHandle(String workerId, String jobId, long runId, String description, boolean alive) {
        this(workerId, jobId, runId, description, alive, null);
    }
}
