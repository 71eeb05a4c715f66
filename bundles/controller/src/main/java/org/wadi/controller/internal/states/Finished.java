package org.wadi.controller.internal.states;

import org.wadi.spi.job.JobState;

/** Every task finished: the bounded input was processed completely. Final, unless a restart is asked. */
public final class Finished implements State {

    @Override
    public JobState state() {
        return JobState.Finished;
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
