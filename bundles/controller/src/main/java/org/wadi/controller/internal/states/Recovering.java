package org.wadi.controller.internal.states;

import java.time.Duration;
import java.time.Instant;
import org.wadi.controller.internal.RestorePoint;
import org.wadi.controller.internal.Run;
import org.wadi.spi.job.JobState;

/**
 * A task failed or a worker was lost; the job will run again, as Arroyo's Recovering does. On entry
 * the rest of the run is killed at once (its state is in the checkpoints; nothing it does now
 * counts). Once its workers are gone — or after a short wait, the scheduler's kill being under way —
 * and the backoff has passed, the job is compiled and scheduled again as a new run that restores
 * every operator from the checkpoint chosen when the failure was seen (none: sources start over,
 * which exactly-once sinks allow, since they discard what was not committed).
 */
public final class Recovering implements State {

    /** Longest wait for the failed run's workers to go before the new run is started anyway. */
    static final Duration CLEANUP_LIMIT = Duration.ofSeconds(10);

    private final Duration backoff;
    private final RestorePoint restore;

    /**
     * @param backoff how long after entering to start the new run
     * @param restoreEpoch the job's completed checkpoint the new run restores, or -1 to start from scratch
     */
    public Recovering(Duration backoff, long restoreEpoch) {
        this(backoff, RestorePoint.own(restoreEpoch));
    }

    /**
     * @param backoff how long after entering to start the new run
     * @param restore the checkpoint the new run restores
     */
    public Recovering(Duration backoff, RestorePoint restore) {
        this.backoff = backoff;
        this.restore = restore;
    }

    public Duration backoff() {
        return backoff;
    }

    public long restoreEpoch() {
        return restore.epoch();
    }

    @Override
    public JobState state() {
        return JobState.Recovering;
    }

    @Override
    public void enter(JobContext ctx) {
        ctx.killRun();
    }

    @Override
    public Transition step(JobContext ctx) {
        if (!ctx.job().runningDesired()) {
            ctx.endRun(true);
            return Transition.to(new Stopped(), "stop requested while recovering; the failed run's workers were killed")
                    .updating(j -> Jobs.finished(j, ctx.now()));
        }
        Instant now = ctx.now();
        Run run = ctx.run();
        boolean gone = run == null || run.allSessionsEnded();
        Duration cleanup = cleanupLimit(ctx);
        if (!gone && now.isBefore(ctx.enteredAt().plus(cleanup))) {
            return Transition.stay();
        }
        if (now.isBefore(ctx.enteredAt().plus(backoff))) {
            return Transition.stay();
        }
        String workers = run == null ? "the failed run had no workers left"
                : gone ? "the workers of run " + run.runId() + " are gone"
                        : "the workers of run " + run.runId() + " did not end within " + Durations.describe(cleanup)
                                + "; they are being killed";
        ctx.endRun(true);
        return Transition.to(new Compiling(restore), workers + "; restarting "
                + (restore.none() ? "from scratch" : "from " + restore.describe()));
    }

    /** The short wait for a failed run's workers: the stopping timeout, at most {@link #CLEANUP_LIMIT}. */
    static Duration cleanupLimit(JobContext ctx) {
        Duration stopping = ctx.services().settings().stoppingTimeout();
        return stopping.compareTo(CLEANUP_LIMIT) < 0 ? stopping : CLEANUP_LIMIT;
    }
}
