package org.wadi.controller.internal.states;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.wadi.controller.internal.CheckpointStorage;
import org.wadi.controller.internal.RestorePoint;
import org.wadi.controller.internal.Run;
import org.wadi.spi.job.JobState;
import org.wadi.spi.scheduler.Scheduler;
import org.wadi.spi.scheduler.SchedulerException;
import org.wadi.spi.scheduler.WorkerHandle;
import org.wadi.spi.scheduler.WorkerRequest;

/**
 * Gets the workers of a new run started, waits for all of them to register, sends them the plan
 * with their assignments — and the checkpoint to restore, after a recovery — and waits for every
 * task to report that it runs.
 */
public final class Scheduling implements State {

    /** How often the scheduler is asked whether a worker died before it registered. */
    private static final Duration LIVENESS_CHECK = Duration.ofSeconds(1);

    private final RestorePoint restore;
    private boolean requested;
    private Instant lastLivenessCheck = Instant.EPOCH;
    private CompletableFuture<List<WorkerHandle>> liveness;

    /** Schedules a fresh start. */
    public Scheduling() {
        this(RestorePoint.NONE);
    }

    /** Schedules a run that restores the job's checkpoint {@code restoreEpoch} (-1: a fresh start). */
    public Scheduling(long restoreEpoch) {
        this(RestorePoint.own(restoreEpoch));
    }

    /** Schedules a run that restores {@code restore}. */
    public Scheduling(RestorePoint restore) {
        this.restore = java.util.Objects.requireNonNull(restore, "restore");
    }

    /** What the run restores. */
    public RestorePoint restore() {
        return restore;
    }

    @Override
    public JobState state() {
        return JobState.Scheduling;
    }

    @Override
    public Transition step(JobContext ctx) {
        Optional<Transition> stop = ctx.stopIfRequested();
        if (stop.isPresent()) {
            return stop.get();
        }
        if (!requested) {
            return request(ctx);
        }
        CompletableFuture<Void> started = ctx.workersStarted();
        if (started.isCompletedExceptionally()) {
            return ctx.fail("scheduler '" + ctx.schedulerName() + "' could not start the workers of job " + ctx.jobId()
                    + ": " + cause(started), "internal");
        }
        Optional<Transition> failure = ctx.runFailure();
        if (failure.isPresent()) {
            return failure.get();
        }
        Run run = ctx.run();
        if (!run.started()) {
            if (run.allRegistered()) {
                CheckpointStorage storage = ctx.services().checkpointStorage();
                run.start(ctx.plan(), ctx.planJson(), ctx.services().checkpoints() == null || storage == null ? ""
                        : storage.url(), restore, ctx.services().settings().pushgatewayUrl());
                ctx.restoring(restore);
            } else {
                return checkLiveness(ctx, run);
            }
        }
        if (run.allTasksStarted()) {
            int tasks = run.taskCount();
            return Transition.to(new Running(), "all " + tasks + " tasks are running")
                    .updating(j -> Jobs.started(j, ctx.now(), tasks));
        }
        return Transition.stay();
    }

    private Transition request(JobContext ctx) {
        ControllerServices s = ctx.services();
        String name = s.settings().scheduler();
        Optional<Scheduler> scheduler = s.schedulers().get(name);
        if (scheduler.isEmpty()) {
            if (s.inStartupGrace()) {
                return Transition.stay(); // the scheduler's bundle may still be starting
            }
            return ctx.fail("scheduler '" + name + "' is not available; available schedulers: "
                    + (s.schedulers().names().isEmpty() ? "none" : String.join(", ", s.schedulers().names()))
                    + " (set 'scheduler' in etc/org.wadi.controller.cfg, or WADI_SCHEDULER)", "internal");
        }
        long runId = ctx.job().runId();
        Run run = new Run(ctx.jobId(), runId, ctx.workers(), s.settings().workerSlots(), s.clock(), s.wake());
        s.runs().put(run);
        WorkerRequest request = new WorkerRequest(ctx.jobId(), runId, s.controllerAddress().get(), ctx.workers(),
                s.settings().workerSlots(), ctx.plugins(), Map.of(), List.of(), ctx.schedulerConfig());
        Scheduler sched = scheduler.get();
        CompletableFuture<Void> started = CompletableFuture.runAsync(() -> {
            try {
                sched.startWorkers(request);
            } catch (SchedulerException e) {
                throw new CompletionException(e);
            }
        }, s.async());
        started.whenComplete((v, e) -> s.wake().run());
        ctx.beginRun(run, sched, name, started);
        requested = true;
        return Transition.stay();
    }

    /** Fails fast when a worker of this run exited before registering (a JVM that did not start). */
    private Transition checkLiveness(JobContext ctx, Run run) {
        if (liveness != null && liveness.isDone()) {
            List<WorkerHandle> handles = liveness.getNow(List.of());
            liveness = null;
            for (WorkerHandle h : handles) {
                if (h.runId() == run.runId() && !h.alive() && !run.workerIds().contains(h.workerId())) {
                    return ctx.fail("worker " + h.workerId() + " of job " + ctx.jobId() + " exited before it registered ("
                            + h.description() + ")", "internal");
                }
            }
        }
        Instant now = ctx.now();
        if (liveness == null && ctx.workersStarted().isDone() && now.isAfter(lastLivenessCheck.plus(LIVENESS_CHECK))) {
            lastLivenessCheck = now;
            Scheduler sched = ctx.scheduler();
            String jobId = ctx.jobId();
            liveness = CompletableFuture.supplyAsync(() -> sched.workers(jobId), ctx.services().async())
                    .exceptionally(e -> List.of());
            liveness.whenComplete((v, e) -> ctx.services().wake().run());
        }
        return Transition.stay();
    }

    private static String cause(CompletableFuture<?> f) {
        try {
            f.join();
            return "no error";
        } catch (CompletionException e) {
            Throwable c = e.getCause() instanceof CompletionException ce && ce.getCause() != null ? ce.getCause() : e.getCause();
            return c == null ? e.toString() : (c.getMessage() == null ? c.toString() : c.getMessage());
        } catch (RuntimeException e) {
            return e.toString();
        }
    }

    @Override
    public Instant deadline(JobContext ctx) {
        return ctx.enteredAt().plus(ctx.services().settings().schedulingTimeout());
    }

    @Override
    public Transition onDeadline(JobContext ctx) {
        Run run = ctx.run();
        String progress = run == null
                ? "no scheduler took the request"
                : run.registered() + " of " + run.expectedWorkers() + " workers registered, "
                        + (run.started() ? run.tasksIn(org.wadi.rpc.TaskState.TASK_RUNNING) + " of " + run.taskCount() + " tasks running"
                                : "no task started");
        return ctx.fail("the workers of job " + ctx.jobId() + " did not start within "
                + Durations.describe(ctx.services().settings().schedulingTimeout()) + ": " + progress, "internal");
    }
}
