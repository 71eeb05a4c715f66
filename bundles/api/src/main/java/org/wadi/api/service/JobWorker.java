package org.wadi.api.service;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One worker of a job as its scheduler reports it.
 *
 * @param workerId the worker's id
 * @param runId the run of the job it belongs to
 * @param scheduler the scheduler that runs it ({@code process}, {@code embedded}, …)
 * @param alive whether it runs now
 * @param description where it runs, as the scheduler describes it (for the {@code process}
 *     scheduler: its worker process, pid and log file)
 */
public record JobWorker(
        @JsonProperty("worker_id") String workerId,
        @JsonProperty("run_id") long runId,
        String scheduler,
        boolean alive,
        String description) {
}
