package org.wadi.controller.internal.states;

import java.util.Optional;
import org.wadi.controller.internal.CheckpointCoordinator;
import org.wadi.controller.internal.Run;

/**
 * The last checkpoint of a run that stops to start again ({@link Rescaling}, {@link Restarting}):
 * waits for a checkpoint in progress, triggers one with {@code then_stop} (sources read no more
 * after its barrier, tasks end once they passed it on and sinks committed it) and reports when it
 * completed and every task ended. Without a checkpoint store the run is stopped gracefully and
 * the new one starts without state.
 */
final class FinalCheckpoint {

    /**
     * Where the checkpoint stands.
     *
     * @param done whether the checkpoint completed (or, without checkpoints, the run drained) and the run ended
     * @param epoch the checkpoint to restore, or -1 when there is none
     * @param failure why it cannot be taken, or null
     */
    record Outcome(boolean done, long epoch, String failure) {
        static final Outcome PENDING = new Outcome(false, -1, null);
    }

    private long epoch = -1;
    private boolean gracefulStopSent;

    /** The final checkpoint's epoch once triggered, or -1. */
    long epoch() {
        return epoch;
    }

    Outcome step(JobContext ctx) {
        Run run = ctx.run();
        if (run == null) {
            return new Outcome(false, -1, "the run is gone");
        }
        CheckpointCoordinator checkpoints = ctx.checkpoints();
        if (checkpoints == null) {
            if (!gracefulStopSent) {
                gracefulStopSent = true;
                run.stop(org.wadi.rpc.StopMode.STOP_GRACEFUL);
            }
            return run.allTasksEnded() || run.allSessionsEnded() ? new Outcome(true, -1, null) : Outcome.PENDING;
        }
        checkpoints.step(false);
        if (epoch < 0) {
            if (checkpoints.inProgress() < 0) {
                epoch = checkpoints.trigger(true);
            }
            return Outcome.PENDING; // the final checkpoint follows the one in progress
        }
        Optional<String> failed = checkpoints.failure(epoch);
        if (failed.isPresent()) {
            return new Outcome(false, epoch, "the final checkpoint " + epoch + " failed: " + failed.get());
        }
        if (checkpoints.lastCompleted() == epoch && (run.allTasksEnded() || run.allSessionsEnded())) {
            return new Outcome(true, epoch, null);
        }
        return Outcome.PENDING;
    }
}
