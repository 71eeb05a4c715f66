package org.wadi.controller.internal.states;

import java.time.Instant;
import org.wadi.spi.job.JobState;

/**
 * One state of a job, one class each. The reconciliation loop calls {@link #step} on its one
 * thread whenever something may have changed; a step never waits (slow work runs asynchronously and
 * its result is looked at by a later step) and answers with the {@link Transition} to take, or
 * {@link Transition#stay()}. Once {@link #deadline} passes, {@link #onDeadline} decides instead.
 */
public interface State {

    /** The state as stored. */
    JobState state();

    /** Called once when the job has entered this state (after the store recorded it). Must not block. */
    default void enter(JobContext ctx) {
    }

    /** Decides whether to move on. Must not block. */
    Transition step(JobContext ctx);

    /** When the job must have left this state, or null if it may stay indefinitely. */
    default Instant deadline(JobContext ctx) {
        return null;
    }

    /** What to do when the deadline passed. */
    default Transition onDeadline(JobContext ctx) {
        return ctx.fail("job " + ctx.jobId() + " stayed in " + state() + " for too long", "internal");
    }
}
