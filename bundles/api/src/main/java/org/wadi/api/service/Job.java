package org.wadi.api.service;

/**
 * A job as the API shows it (Arroyo's {@code Job}, plus its pipeline and failure domain). Times are
 * microseconds since the epoch.
 *
 * @param id {@code job_…}
 * @param pipelineId the pipeline it runs
 * @param runningDesired whether the user wants it running
 * @param state its state, as Arroyo names them ({@code Created}, {@code Running}, …)
 * @param runId the current run (grows with every restart)
 * @param startTime when it last started running, or {@code null}
 * @param finishTime when it reached a final state, or {@code null}
 * @param tasks number of subtasks, or {@code null} before scheduling
 * @param failureReason why it failed, or {@code null}
 * @param createdAt when it was created
 */
public record Job(
        String id,
        String pipelineId,
        boolean runningDesired,
        String state,
        long runId,
        Long startTime,
        Long finishTime,
        Long tasks,
        FailureReason failureReason,
        long createdAt) {

    /**
     * Why a job failed (Arroyo's {@code FailureReason}).
     *
     * @param error what went wrong, for users
     * @param domain {@code user} when the pipeline (its SQL, options or data) is at fault,
     *     {@code internal} when Wadi is
     */
    public record FailureReason(String error, String domain) {
    }
}
