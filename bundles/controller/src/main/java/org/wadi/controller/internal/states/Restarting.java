package org.wadi.controller.internal.states;

import java.time.Instant;
import java.util.Optional;
import org.wadi.controller.internal.RestorePoint;
import org.wadi.controller.internal.Run;
import org.wadi.spi.job.JobState;

/**
 * A restart asked through the API (as Arroyo's Restarting). Safe (the default): takes a final
 * checkpoint, stops, and starts a new run restoring it. {@code force}: kills the run at once
 * without a final checkpoint; the new run restores the latest completed checkpoint. {@code
 * ignore_state}: the new run starts without state either way. The new run is compiled again, so it
 * also picks up a plan that changed meanwhile. A failure of the final checkpoint or of the run
 * recovers from the latest completed checkpoint; at the deadline (checkpoint timeout plus stopping
 * timeout) the workers are killed and the restart goes on without the final checkpoint.
 */
public final class Restarting implements State {

    private final boolean force;
    private final boolean ignoreState;
    private final long nonce;
    private final FinalCheckpoint finalCheckpoint = new FinalCheckpoint();
    private boolean killRequested;

    /** A restart as asked by restart request number {@code nonce}. */
    public Restarting(boolean force, boolean ignoreState, long nonce) {
        this.force = force;
        this.ignoreState = ignoreState;
        this.nonce = nonce;
    }

    public boolean force() {
        return force;
    }

    public boolean ignoreState() {
        return ignoreState;
    }

    @Override
    public JobState state() {
        return JobState.Restarting;
    }

    @Override
    public void enter(JobContext ctx) {
        ctx.restartTaken(nonce);
        if (force) {
            ctx.killRun();
        }
    }

    @Override
    public Transition step(JobContext ctx) {
        if (force) {
            return forced(ctx);
        }
        Optional<Transition> failureOrStop = ctx.failureOrStop();
        if (failureOrStop.isPresent()) {
            return failureOrStop.get();
        }
        FinalCheckpoint.Outcome o = finalCheckpoint.step(ctx);
        if (o.failure() != null) {
            return ctx.recover("the restart failed: " + o.failure(), "internal");
        }
        if (!o.done()) {
            return Transition.stay();
        }
        ctx.endRun(false);
        RestorePoint restore = ignoreState ? RestorePoint.NONE
                : o.epoch() >= 0 ? RestorePoint.own(o.epoch()) : ctx.restorePoint();
        return Transition.to(new Compiling(restore), "restart requested: the run stopped"
                + (o.epoch() >= 0 ? " after final checkpoint " + o.epoch() : "") + "; " + from(restore));
    }

    /** Force: the killed run's workers are gone, or the short cleanup wait passed. */
    private Transition forced(JobContext ctx) {
        Optional<Transition> stop = ctx.stopIfRequested();
        if (stop.isPresent()) {
            ctx.endRun(true);
            return Transition.to(new Stopped(), "stop requested while restarting; the run's workers were killed")
                    .updating(j -> Jobs.finished(j, ctx.now()));
        }
        Run run = ctx.run();
        boolean gone = run == null || run.allSessionsEnded();
        if (!gone && ctx.now().isBefore(ctx.enteredAt().plus(Recovering.cleanupLimit(ctx)))) {
            return Transition.stay();
        }
        ctx.endRun(true);
        RestorePoint restore = ignoreState ? RestorePoint.NONE : ctx.restorePoint();
        return Transition.to(new Compiling(restore), "forced restart requested: the run was killed; " + from(restore));
    }

    private static String from(RestorePoint restore) {
        return restore.none() ? "starting again without state" : "starting again from " + restore.describe();
    }

    @Override
    public Instant deadline(JobContext ctx) {
        return ctx.enteredAt().plus(ctx.services().settings().checkpointTimeout())
                .plus(ctx.services().settings().stoppingTimeout());
    }

    @Override
    public Transition onDeadline(JobContext ctx) {
        if (!killRequested) {
            killRequested = true;
            ctx.stopWorkers(true);
        }
        ctx.endRun(true);
        RestorePoint restore = ignoreState ? RestorePoint.NONE : ctx.restorePoint();
        return Transition.to(new Compiling(restore), "the run did not stop for the restart within "
                + Durations.describe(ctx.services().settings().checkpointTimeout().plus(
                        ctx.services().settings().stoppingTimeout())) + "; its workers were killed; " + from(restore));
    }
}
