package org.wadi.controller.internal.states;

import org.wadi.controller.internal.Run;
import org.wadi.spi.job.JobState;

/** The job failed; the reason is in its record. The other workers are stopped. Final, unless a restart is asked. */
public final class Failed implements State {

    @Override
    public JobState state() {
        return JobState.Failed;
    }

    @Override
    public void enter(JobContext ctx) {
        Run run = ctx.run();
        if (run != null) {
            run.stop(org.wadi.rpc.StopMode.STOP_IMMEDIATE);
        }
        ctx.endRun(false);
    }

    @Override
    public Transition step(JobContext ctx) {
        return ctx.runAgainIfAsked().orElse(Transition.stay());
    }
}
