package org.wadi.store;

import java.time.Instant;
import org.wadi.spi.job.JobState;

/**
 * One entry of a job's state history.
 *
 * @param jobId the job
 * @param from the state it left ({@code null} for the first entry)
 * @param to the state it entered
 * @param reason why, in words for users
 * @param at when
 */
public record JobTransition(String jobId, JobState from, JobState to, String reason, Instant at) {
}
