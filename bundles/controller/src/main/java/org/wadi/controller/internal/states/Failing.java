package org.wadi.controller.internal.states;

import java.time.Instant;
import org.wadi.controller.internal.Run;
import org.wadi.spi.job.JobState;

/**
 * The job failed and will not be restarted ({@code controller.restart.max} restarts in a row were
 * spent). Kills what is left of the run, waits briefly for its workers to go, then fails with the
 * last error.
 */
public final class Failing implements State {

    private final String message;
    private final String domain;

    public Failing(String message, String domain) {
        this.message = message;
        this.domain = "user".equals(domain) ? "user" : "internal";
    }

    public String message() {
        return message;
    }

    @Override
    public JobState state() {
        return JobState.Failing;
    }

    @Override
    public void enter(JobContext ctx) {
        ctx.killRun();
    }

    @Override
    public Transition step(JobContext ctx) {
        Run run = ctx.run();
        boolean gone = run == null || run.allSessionsEnded();
        Instant now = ctx.now();
        if (!gone && now.isBefore(ctx.enteredAt().plus(Recovering.cleanupLimit(ctx)))) {
            return Transition.stay();
        }
        String workers = run == null ? "no workers were left"
                : gone ? "the workers of run " + run.runId() + " are gone"
                        : "the workers of run " + run.runId() + " did not end within "
                                + Durations.describe(Recovering.cleanupLimit(ctx)) + "; they are being killed";
        return Transition.to(new Failed(), workers + "; failed: " + message)
                .updating(j -> Jobs.failed(j, message, domain, ctx.now()));
    }
}
