package org.wadi.controller.internal.states;

import java.time.Instant;
import java.util.Optional;
import org.wadi.controller.internal.Run;
import org.wadi.spi.job.JobState;
import org.wadi.spi.job.StopMode;

/**
 * Stops the job as the user asked: {@code graceful} lets sinks finish, {@code immediate} stops tasks
 * at once, {@code force} kills the workers. {@code checkpoint} goes through {@link
 * CheckpointStopping} from Running; here (asked before the job ran, or after its final checkpoint
 * failed) it stops gracefully.
 * Done when every task ended or every worker is gone; at the deadline the workers are killed.
 */
public final class Stopping implements State {

    private final StopMode mode;
    private boolean killRequested;

    public Stopping(StopMode mode) {
        this.mode = mode;
    }

    public StopMode mode() {
        return mode;
    }

    @Override
    public JobState state() {
        return JobState.Stopping;
    }

    @Override
    public void enter(JobContext ctx) {
        Run run = ctx.run();
        if (run == null) {
            return;
        }
        if (!run.started()) {
            // nothing runs yet: disconnecting makes registered workers exit, the rest are refused
            run.disconnectAll();
            ctx.stopWorkers(mode == StopMode.FORCE);
            return;
        }
        switch (mode) {
            case FORCE -> {
                run.close();
                ctx.stopWorkers(true);
            }
            case IMMEDIATE -> run.stop(org.wadi.rpc.StopMode.STOP_IMMEDIATE);
            default -> run.stop(org.wadi.rpc.StopMode.STOP_GRACEFUL);
        }
    }

    @Override
    public Transition step(JobContext ctx) {
        Run run = ctx.run();
        if (run == null) {
            return stopped(ctx, "stopped before any worker started");
        }
        Optional<Run.TaskFailure> failure = run.failure();
        if (failure.isPresent() && mode != StopMode.FORCE) {
            Run.TaskFailure f = failure.get();
            return ctx.fail("task " + f.task() + " failed on worker " + f.workerId() + " while stopping: " + f.error(), f.domain());
        }
        if (!run.started()) {
            if (ctx.workersStarted() != null && !ctx.workersStarted().isDone()) {
                return Transition.stay(); // let the scheduler's start finish so that its stop catches every worker
            }
            return run.allSessionsEnded() ? stopped(ctx, "stopped before it ran") : Transition.stay();
        }
        if (run.allTasksEnded()) {
            return stopped(ctx, "all " + run.taskCount() + " tasks stopped");
        }
        if (run.allSessionsEnded()) {
            return stopped(ctx, mode == StopMode.FORCE ? "workers killed" : "all workers are gone");
        }
        return Transition.stay();
    }

    private Transition stopped(JobContext ctx, String reason) {
        return Transition.to(new Stopped(), reason).updating(j -> Jobs.finished(j, ctx.now()));
    }

    @Override
    public Instant deadline(JobContext ctx) {
        return ctx.enteredAt().plus(ctx.services().settings().stoppingTimeout());
    }

    @Override
    public Transition onDeadline(JobContext ctx) {
        if (!killRequested) {
            killRequested = true;
            ctx.stopWorkers(true);
        }
        return stopped(ctx, "workers did not stop within " + Durations.describe(ctx.services().settings().stoppingTimeout())
                + "; they were killed");
    }
}
