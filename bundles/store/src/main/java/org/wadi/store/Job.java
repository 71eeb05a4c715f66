package org.wadi.store;

import java.time.Instant;
import org.wadi.spi.job.JobState;

/**
 * A job: one pipeline's execution, driven by the controller.
 *
 * @param id {@code job_…}
 * @param pipelineId the pipeline it runs
 * @param state its current state
 * @param runningDesired whether the user wants it running (false once a stop was asked)
 * @param runId the current run (0 before the first start; grows with every restart)
 * @param startTime when it last started running, or {@code null}
 * @param finishTime when it reached a final state, or {@code null}
 * @param tasks number of subtasks of the current run, or {@code null} before scheduling
 * @param failureMessage why it failed, or {@code null}
 * @param failureDomain {@code user} or {@code internal}, with {@code failureMessage}
 * @param createdAt when it was created
 * @param updatedAt when it last changed
 */
public record Job(
        String id,
        String pipelineId,
        JobState state,
        boolean runningDesired,
        long runId,
        Instant startTime,
        Instant finishTime,
        Integer tasks,
        String failureMessage,
        String failureDomain,
        Instant createdAt,
        Instant updatedAt) {
}
