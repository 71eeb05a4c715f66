package org.wadi.controller.internal.states;

import java.time.Instant;
import java.util.Optional;
import org.wadi.controller.internal.Run;
import org.wadi.rpc.TaskState;
import org.wadi.spi.job.JobState;

/**
 * Some tasks finished because their bounded input ended; waits for the rest. Its deadline runs from
 * the moment every source ended (until then a task may legitimately still be reading).
 */
public final class Finishing implements State {

    @Override
    public JobState state() {
        return JobState.Finishing;
    }

    @Override
    public Transition step(JobContext ctx) {
        Optional<Transition> failureOrStop = ctx.failureOrStop();
        if (failureOrStop.isPresent()) {
            return failureOrStop.get();
        }
        Run run = ctx.run();
        if (run.allTasksEnded()) {
            return Transition.to(new Finished(), "all " + run.taskCount() + " tasks finished")
                    .updating(j -> Jobs.finished(j, ctx.now()));
        }
        return Transition.stay();
    }

    @Override
    public Instant deadline(JobContext ctx) {
        Instant sourcesEnded = ctx.run().sourcesEndedAt();
        return sourcesEnded == null ? null : sourcesEnded.plus(ctx.services().settings().finishingTimeout());
    }

    @Override
    public Transition onDeadline(JobContext ctx) {
        Run run = ctx.run();
        long open = run.taskCount() - run.tasksIn(TaskState.TASK_FINISHED) - run.tasksIn(TaskState.TASK_FAILED);
        return ctx.fail("job " + ctx.jobId() + " did not finish within "
                + Durations.describe(ctx.services().settings().finishingTimeout()) + " after its sources ended: "
                + open + " of " + run.taskCount() + " tasks still running", "internal");
    }
}
