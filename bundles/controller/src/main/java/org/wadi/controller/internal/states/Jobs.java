package org.wadi.controller.internal.states;

import java.time.Instant;
import org.wadi.spi.job.JobState;
import org.wadi.store.Job;

/** Copies of a {@link Job} record with one field changed. */
public final class Jobs {

    private Jobs() {
    }

    public static Job withState(Job j, JobState state, Instant now) {
        return new Job(j.id(), j.pipelineId(), state, j.runningDesired(), j.runId(), j.startTime(), j.finishTime(),
                j.tasks(), j.failureMessage(), j.failureDomain(), j.createdAt(), now);
    }

    public static Job withRunId(Job j, long runId) {
        return new Job(j.id(), j.pipelineId(), j.state(), j.runningDesired(), runId, j.startTime(), j.finishTime(),
                j.tasks(), j.failureMessage(), j.failureDomain(), j.createdAt(), j.updatedAt());
    }

    public static Job started(Job j, Instant startTime, int tasks) {
        return new Job(j.id(), j.pipelineId(), j.state(), j.runningDesired(), j.runId(), startTime, null,
                tasks, j.failureMessage(), j.failureDomain(), j.createdAt(), j.updatedAt());
    }

    public static Job finished(Job j, Instant finishTime) {
        return new Job(j.id(), j.pipelineId(), j.state(), j.runningDesired(), j.runId(), j.startTime(), finishTime,
                j.tasks(), j.failureMessage(), j.failureDomain(), j.createdAt(), j.updatedAt());
    }

    public static Job failed(Job j, String message, String domain, Instant finishTime) {
        return new Job(j.id(), j.pipelineId(), j.state(), j.runningDesired(), j.runId(), j.startTime(), finishTime,
                j.tasks(), message, domain, j.createdAt(), j.updatedAt());
    }

    /** Clears what a previous run left: failure and finish time. */
    public static Job restarted(Job j) {
        return new Job(j.id(), j.pipelineId(), j.state(), j.runningDesired(), j.runId(), j.startTime(), null,
                j.tasks(), null, null, j.createdAt(), j.updatedAt());
    }
}
