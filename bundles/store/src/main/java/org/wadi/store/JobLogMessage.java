package org.wadi.store;

import java.time.Instant;
import java.util.Objects;

/**
 * One entry of a job's errors list: a task failure, a restart, a failure of the job, or something
 * a worker reported at warn or above (a log line, records dropped as bad input).
 *
 * @param id {@code jlm_…}, assigned by the store; {@code null} in what is appended
 * @param jobId the job
 * @param runId the run it happened in
 * @param createdAt when it happened
 * @param operatorId the operator it is about, or {@code null} for the job as a whole
 * @param taskIndex the operator's subtask it is about, or {@code null}
 * @param level how serious it is
 * @param message what happened, for users
 * @param details more for whoever investigates (e.g. the cause chain), or {@code ""}
 */
public record JobLogMessage(String id, String jobId, long runId, Instant createdAt, String operatorId,
        Integer taskIndex, JobLogLevel level, String message, String details) {

    public JobLogMessage {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(message, "message");
        details = details == null ? "" : details;
        if (taskIndex != null && operatorId == null) {
            throw new IllegalArgumentException("a log message of job " + jobId + " names task " + taskIndex
                    + " without its operator");
        }
    }

    /** A message to append: the store assigns its id. */
    public static JobLogMessage of(String jobId, long runId, Instant createdAt, String operatorId, Integer taskIndex,
            JobLogLevel level, String message, String details) {
        return new JobLogMessage(null, jobId, runId, createdAt, operatorId, taskIndex, level, message, details);
    }
}
