package org.wadi.controller.internal.states;

import org.wadi.spi.job.JobState;

/** A job just submitted. */
public final class Created implements State {

    @Override
    public JobState state() {
        return JobState.Created;
    }

    @Override
    public Transition step(JobContext ctx) {
        return Transition.to(new Compiling(), "job submitted");
    }
}
