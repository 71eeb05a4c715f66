package org.wadi.store.internal;

import org.wadi.spi.job.JobState;

/**
 * One row of the count of jobs per state.
 *
 * @param state the state
 * @param count how many jobs are in it
 */
record StateCount(JobState state, long count) {
}
