package org.wadi.controller.internal.states;

import org.wadi.spi.job.JobState;

/** Stopped on request. Starts again (a new run) when the user asks the pipeline to run again. */
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
        if (ctx.job().runningDesired()) {
            ctx.clearRestarts();
            return Transition.to(new Compiling(), "restart requested");
        }
        return Transition.stay();
    }
}
