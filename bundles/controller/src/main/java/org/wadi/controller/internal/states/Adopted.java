package org.wadi.controller.internal.states;

import java.util.Optional;
import org.wadi.spi.job.JobState;

/**
 * A job this controller finds in the database mid-way, with nothing about it in memory: the
 * controller restarted, or another one gave the job up. Whatever workers it had are no longer
 * connected (workers exit when their controller's stream ends), so its run cannot continue.
 * Jobs that had not started running are compiled again; running ones recover (a new run from the
 * latest completed checkpoint, as after a lost worker); stopping ones are stopped.
 */
public final class Adopted implements State {

    private final JobState stored;

    public Adopted(JobState stored) {
        this.stored = stored;
    }

    /** The state to resume a stored job in. */
    public static State resume(JobState stored) {
        return switch (stored) {
            case Created -> new Created();
            case Compiling -> new Compiling();
            case Stopped -> new Stopped();
            case Finished -> new Finished();
            case Failed -> new Failed();
            default -> new Adopted(stored);
        };
    }

    @Override
    public JobState state() {
        return stored;
    }

    @Override
    public Transition step(JobContext ctx) {
        ctx.stopLeftoverWorkers();
        Optional<Transition> stop = ctx.stopIfRequested();
        if (stop.isPresent() || stored == JobState.Stopping || stored == JobState.CheckpointStopping) {
            return Transition.to(new Stopped(), "the controller restarted while the job was stopping; its workers are gone")
                    .updating(j -> Jobs.finished(j, ctx.now()));
        }
        if (stored == JobState.Failing) {
            String message = ctx.job().failureMessage() != null ? ctx.job().failureMessage()
                    : "the controller restarted while job " + ctx.jobId() + " was failing";
            return ctx.fail(message, ctx.job().failureDomain());
        }
        if (stored == JobState.Scheduling) {
            return Transition.to(new Compiling(), "the controller restarted while the job was being scheduled; scheduling again");
        }
        return ctx.recover("the controller restarted and lost the workers of job " + ctx.jobId() + " (it was " + stored + ")",
                "internal");
    }
}
