package org.wadi.controller.internal.states;

import org.wadi.spi.job.JobState;

/**
 * Stopped on request. Starts again — a new run restoring the latest completed checkpoint — when the
 * stop mode goes back to {@code none} or a restart is asked ({@code ignore_state}: without state).
 */
public final class Stopped implements State {

    @Override
    public JobState state() {
        return JobState.Stopped;
    }

    @Override
    public void enter(JobContext ctx) {
        ctx.endRun(false);
    }

    @Override
    public Transition step(JobContext ctx) {
        return ctx.runAgainIfAsked().orElse(Transition.stay());
    }
}
