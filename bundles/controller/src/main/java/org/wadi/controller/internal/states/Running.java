package org.wadi.controller.internal.states;

import java.util.Optional;
import org.wadi.controller.internal.Run;
import org.wadi.rpc.TaskState;
import org.wadi.spi.job.JobState;

/**
 * Every task runs; checkpoints are taken at the pipeline's interval. Leaves when a task fails, a
 * worker is lost, a stop, restart or other parallelism is asked, or bounded sources end.
 */
public final class Running implements State {

    @Override
    public JobState state() {
        return JobState.Running;
    }

    @Override
    public void enter(JobContext ctx) {
        ctx.startCheckpointing();
    }

    @Override
    public Transition step(JobContext ctx) {
        Optional<Transition> failureOrStop = ctx.failureOrStop();
        if (failureOrStop.isPresent()) {
            return failureOrStop.get();
        }
        Optional<Transition> change = ctx.restartOrRescale();
        if (change.isPresent()) {
            return change.get();
        }
        Run run = ctx.run();
        if (run.anyFinished()) {
            return Transition.to(new Finishing(), "bounded input ended: " + run.tasksIn(TaskState.TASK_FINISHED) + " of "
                    + run.taskCount() + " tasks finished");
        }
        if (ctx.checkpoints() != null) {
            ctx.checkpoints().step(true);
        }
        ctx.resetRestartsIfHealthy();
        return Transition.stay();
    }
}
