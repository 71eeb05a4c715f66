package org.wadi.api.service;

/**
 * One entry of a job's errors list (Arroyo's {@code JobLogMessage}): a task that failed, a restart,
 * the failure of the job, a checkpoint that failed, or what a worker reported at warn or above (a
 * log line, records dropped as bad input).
 *
 * @param id {@code jlm_…}
 * @param createdAt when it happened, in microseconds since the epoch
 * @param operatorId the operator it is about, or {@code null} for the job as a whole
 * @param taskIndex the operator's subtask it is about, or {@code null}
 * @param logLevel {@code info}, {@code warn} or {@code error}
 * @param message what happened
 * @param details more for whoever investigates (e.g. the cause chain), or {@code ""}
 */
public record JobLogMessage(
        String id,
        long createdAt,
        String operatorId,
        Long taskIndex,
        String logLevel,
        String message,
        String details) {
}
