package org.wadi.controller.internal.states;

import java.time.Instant;
import java.util.Optional;
import org.wadi.spi.job.JobState;

/**
 * The pipeline's parallelism changed while the job ran (as Arroyo's Rescaling): takes a final
 * checkpoint and stops, then compiles the pipeline's plan — made for the new parallelism — and
 * starts it restoring that checkpoint (workers redistribute keyed state over the new subtasks).
 * A failure of the run or of the final checkpoint recovers from the latest completed checkpoint;
 * at the deadline (checkpoint timeout plus stopping timeout) the workers are killed and the job
 * recovers likewise.
 */
public final class Rescaling implements State {

    private final int from;
    private final int to;
    private final FinalCheckpoint finalCheckpoint = new FinalCheckpoint();
    private boolean killRequested;

    /** Rescales from parallelism {@code from} to {@code to}. */
    public Rescaling(int from, int to) {
        this.from = from;
        this.to = to;
    }

    public int to() {
        return to;
    }

    @Override
    public JobState state() {
        return JobState.Rescaling;
    }

    @Override
    public Transition step(JobContext ctx) {
        Optional<Transition> failureOrStop = ctx.failureOrStop();
        if (failureOrStop.isPresent()) {
            return failureOrStop.get();
        }
        FinalCheckpoint.Outcome o = finalCheckpoint.step(ctx);
        if (o.failure() != null) {
            return ctx.recover("rescaling from " + from + " to " + to + " failed: " + o.failure(), "internal");
        }
        if (!o.done()) {
            return Transition.stay();
        }
        ctx.endRun(false);
        return Transition.to(o.epoch() >= 0 ? new Compiling(o.epoch()) : new Compiling(), "stopped for rescaling from " + from + " to " + to
                + (o.epoch() >= 0 ? " after final checkpoint " + o.epoch()
                        : " (no final checkpoint: the new run restores the job's latest state, if any)"));
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
        return ctx.recover("rescaling from " + from + " to " + to + " did not stop the run within "
                + Durations.describe(ctx.services().settings().checkpointTimeout().plus(
                        ctx.services().settings().stoppingTimeout())) + "; its workers were killed", "internal");
    }
}
