package org.wadi.controller.internal.states;

import java.time.Instant;
import java.util.Optional;
import org.wadi.controller.internal.CheckpointCoordinator;
import org.wadi.controller.internal.Run;
import org.wadi.spi.job.JobState;
import org.wadi.spi.job.StopMode;

/**
 * Stop mode {@code checkpoint}: takes a final checkpoint, commits it, then stops. Waits for a
 * checkpoint in progress to end, then triggers the final one with {@code then_stop}: sources read
 * no more after its barrier, and every task ends once it passed the barrier on — tasks with sinks
 * once they committed it. Done when every task ended. If the final checkpoint fails, the job is
 * stopped at once without it ({@link Stopping} {@code immediate}); at the deadline the workers are
 * killed.
 */
public final class CheckpointStopping implements State {

    private long finalEpoch = -1;
    private boolean killRequested;

    @Override
    public JobState state() {
        return JobState.CheckpointStopping;
    }

    @Override
    public Transition step(JobContext ctx) {
        Optional<Transition> failure = ctx.runFailure();
        if (failure.isPresent()) {
            return failure.get();
        }
        Run run = ctx.run();
        CheckpointCoordinator checkpoints = ctx.checkpoints();
        if (run == null || checkpoints == null) {
            return Transition.to(new Stopping(StopMode.IMMEDIATE), "no checkpoint can be taken: the run is gone");
        }
        checkpoints.step(false);
        if (finalEpoch < 0) {
            if (checkpoints.inProgress() >= 0) {
                return Transition.stay(); // the final checkpoint follows the one in progress
            }
            finalEpoch = checkpoints.trigger(true);
            return Transition.stay();
        }
        Optional<String> failed = checkpoints.failure(finalEpoch);
        if (failed.isPresent()) {
            return Transition.to(new Stopping(StopMode.IMMEDIATE), "the final checkpoint " + finalEpoch + " failed ("
                    + failed.get() + "); stopping without it");
        }
        if (checkpoints.lastCompleted() == finalEpoch) {
            if (run.allTasksEnded()) {
                return stopped(ctx, "final checkpoint " + finalEpoch + " completed and committed; all "
                        + run.taskCount() + " tasks stopped");
            }
            if (run.allSessionsEnded()) {
                return stopped(ctx, "final checkpoint " + finalEpoch + " completed and committed; all workers are gone");
            }
        }
        return Transition.stay();
    }

    private Transition stopped(JobContext ctx, String reason) {
        return Transition.to(new Stopped(), reason).updating(j -> Jobs.finished(j, ctx.now()));
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
        return stopped(ctx, "the final checkpoint and the stop did not end within "
                + Durations.describe(ctx.services().settings().checkpointTimeout().plus(
                        ctx.services().settings().stoppingTimeout())) + "; the workers were killed");
    }
}
