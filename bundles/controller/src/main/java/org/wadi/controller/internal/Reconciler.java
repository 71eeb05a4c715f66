package org.wadi.controller.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.wadi.controller.internal.states.Adopted;
import org.wadi.controller.internal.states.ControllerServices;
import org.wadi.controller.internal.states.JobContext;
import org.wadi.controller.internal.states.Jobs;
import org.wadi.controller.internal.states.State;
import org.wadi.controller.internal.states.Transition;
import org.wadi.spi.job.JobState;
import org.wadi.store.CheckpointStore;
import org.wadi.store.Job;
import org.wadi.store.JobControl;
import org.wadi.store.JobLogLevel;
import org.wadi.store.PipelineStore;
import org.slf4j.Logger;
import org.wadi.spi.scheduler.Scheduler;
import org.slf4j.LoggerFactory;
import java.util.function.BiConsumer;

/**
 * The reconciliation loop: on one thread, every poll interval and whenever the store or a worker
 * reports a change, reads the jobs that need attention and lets each job's state decide its next
 * step. Steps never wait, so one slow job cannot hold up the others; work that may take time
 * (starting and stopping workers) runs on a separate pool and wakes the loop when done. Every
 * transition is counted in the server's metrics; restarts and failures of jobs are also entries of
 * their errors lists.
 */
public final class Reconciler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);

    /** Transitions one job may take in one pass (a guard against a state that keeps bouncing). */
    private static final int MAX_TRANSITIONS_PER_PASS = 16;

    private final PipelineStore store;
    private final Settings settings;
    private final Clock clock;
    private final ScheduledExecutorService loop;
    private final ExecutorService async;
    private final ControllerServices services;
    private final ControllerMetrics metrics;
    private final JobLogRecorder jobLog;
    private final BiConsumer<String, JobState> onState;
    private final AtomicBoolean wakePending = new AtomicBoolean();
    /** Touched only on the loop's thread. */
    private final Map<String, JobContext> jobs = new HashMap<>();
    private volatile AutoCloseable changeSubscription;
    private boolean storeFailing;

    /**
     * @param checkpoints where checkpoints are recorded; {@code null}: jobs run without checkpoints
     * @param checkpointStorage where their state goes
     * @param metrics counts transitions, restarts and checkpoints
     * @param jobLog records restarts and failures of jobs in their errors lists
     */
    public Reconciler(PipelineStore store, CheckpointStore checkpoints, CheckpointStorage checkpointStorage,
            Schedulers schedulers, Connectors connectors, RunRegistry runs, Settings settings,
            Supplier<String> controllerAddress, Clock clock, ControllerMetrics metrics, JobLogRecorder jobLog) {
        this(store, checkpoints, checkpointStorage, schedulers, connectors, runs, settings, controllerAddress, clock,
                metrics, jobLog, (job, state) -> { });
    }

    /**
     * A loop that also tells {@code onState} of every state a job enters (after it is stored), on
     * the loop's thread: the preview output hub ends the streams of jobs that ended.
     */
    public Reconciler(PipelineStore store, CheckpointStore checkpoints, CheckpointStorage checkpointStorage,
            Schedulers schedulers, Connectors connectors, RunRegistry runs, Settings settings,
            Supplier<String> controllerAddress, Clock clock, ControllerMetrics metrics, JobLogRecorder jobLog,
            BiConsumer<String, JobState> onState) {
        this.onState = onState;
        this.store = store;
        this.metrics = metrics;
        this.jobLog = jobLog;
        this.settings = settings;
        this.clock = clock;
        this.loop = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "wadi-controller-loop"));
        AtomicInteger n = new AtomicInteger();
        this.async = Executors.newCachedThreadPool(r -> daemon(r, "wadi-controller-async-" + n.incrementAndGet()));
        this.services = new ControllerServices(store, schedulers, connectors, runs, settings, async, clock,
                controllerAddress, clock.instant(), this::wake, checkpoints, checkpointStorage, metrics, jobLog);
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** Starts polling and listening to the store's change notifications. */
    public void start() {
        long ms = settings.pollInterval().toMillis();
        loop.scheduleWithFixedDelay(this::pass, 0, ms, TimeUnit.MILLISECONDS);
        changeSubscription = store.onChange(this::wake);
    }

    /** Asks for a pass soon; calls arriving while one is pending are merged into it. */
    public void wake() {
        if (wakePending.compareAndSet(false, true)) {
            try {
                loop.execute(() -> {
                    wakePending.set(false);
                    pass();
                });
            } catch (RejectedExecutionException closing) {
                wakePending.set(false);
            }
        }
    }

    private void pass() {
        try {
            reconcile();
        } catch (Throwable t) {
            LOG.error("The reconciliation pass failed; the next one retries", t);
        }
    }

    private void reconcile() {
        // the scheduler this controller uses keeps what it needs ready (the process scheduler: standby workers)
        services.schedulers().get(settings.scheduler()).ifPresent(Scheduler::prepare);
        List<Job> active;
        try {
            active = store.activeJobs();
            if (storeFailing) {
                LOG.info("The job store answers again");
                storeFailing = false;
            }
        } catch (RuntimeException e) {
            if (!storeFailing) {
                LOG.warn("Cannot read the jobs from the store; retrying every {} ms", settings.pollInterval().toMillis(), e);
                storeFailing = true;
            }
            return;
        }
        Set<String> seen = new HashSet<>();
        for (Job stored : active) {
            seen.add(stored.id());
            try {
                drive(stored);
            } catch (RuntimeException e) {
                LOG.warn("Reconciling job {} failed; the next pass retries", stored.id(), e);
            }
        }
        for (Iterator<Map.Entry<String, JobContext>> it = jobs.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, JobContext> e = it.next();
            if (!seen.contains(e.getKey())) {
                // deleted, or settled by someone else: nothing of it may keep running
                LOG.info("Job {} is no longer active in the store; stopping what it still runs", e.getKey());
                e.getValue().endRun(true);
                it.remove();
            }
        }
    }

    private void drive(Job stored) {
        JobContext ctx = jobs.get(stored.id());
        if (ctx != null && ctx.state().state() != stored.state()) {
            LOG.warn("Job {} is {} in the store but {} here; taking the store's word", stored.id(), stored.state(),
                    ctx.state().state());
            ctx.endRun(true);
            jobs.remove(stored.id());
            ctx = null;
        }
        if (ctx == null) {
            if (settled(stored) && !restartPending(stored)) {
                return;
            }
            ctx = new JobContext(services, stored, Adopted.resume(stored.state()));
            jobs.put(stored.id(), ctx);
        } else {
            ctx.refresh(stored);
        }
        for (int i = 0; i < MAX_TRANSITIONS_PER_PASS; i++) {
            State state = ctx.state();
            Instant deadline = state.deadline(ctx);
            Transition t = deadline != null && !clock.instant().isBefore(deadline) ? state.onDeadline(ctx) : state.step(ctx);
            if (t.isStay()) {
                break;
            }
            if (!apply(ctx, t)) {
                jobs.remove(stored.id());
                return;
            }
        }
        if (settled(ctx.job())) {
            jobs.remove(stored.id());
        }
    }

    /** A final job nobody wants running again needs no attention. */
    private static boolean settled(Job job) {
        return job.state().isFinal() && !(job.state() == JobState.Stopped && job.runningDesired());
    }

    /** Whether a restart was asked for a job (the store lists final jobs only when so, or when asked to run). */
    private boolean restartPending(Job job) {
        return store.jobControl(job.id()).map(JobControl::restartPending).orElse(false);
    }

    private boolean apply(JobContext ctx, Transition t) {
        JobState from = ctx.state().state();
        Job next = t.update().apply(Jobs.withState(ctx.job(), t.next().state(), clock.instant()));
        if (!store.transition(next, from, t.reason())) {
            LOG.warn("Job {} was no longer {} in the store; it will be taken up as it is", ctx.jobId(), from);
            ctx.endRun(true);
            return false;
        }
        LOG.info("Job {}: {} -> {}: {}", ctx.jobId(), from, next.state(), t.reason());
        metrics.transition(from, next.state());
        if (next.state() == JobState.Recovering) {
            jobLog.record(next.id(), next.runId(), JobLogLevel.WARN, null, null, "job restarting: " + t.reason(), "");
        } else if (next.state() == JobState.Failed) {
            String failure = next.failureMessage() == null ? t.reason() : next.failureMessage();
            jobLog.record(next.id(), next.runId(), JobLogLevel.ERROR, null, null, "job failed: " + failure,
                    failure.equals(t.reason()) ? "" : t.reason());
        }
        ctx.moveTo(t.next(), next);
        t.next().enter(ctx);
        try {
            onState.accept(next.id(), next.state());
        } catch (RuntimeException e) {
            LOG.warn("Telling of job {} entering {} failed", next.id(), next.state(), e);
        }
        return true;
    }

    /** Stops the loop; the jobs' stored state stays as it is, and a restarted controller resumes from it. */
    @Override
    public void close() {
        AutoCloseable sub = changeSubscription;
        if (sub != null) {
            try {
                sub.close();
            } catch (Exception e) {
                LOG.debug("Could not unsubscribe from store changes", e);
            }
        }
        loop.shutdownNow();
        try {
            if (!loop.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("The reconciliation loop did not stop within 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        async.shutdown();
        // the scheduler may let go of what it kept ready for this controller (nodes go to the active server)
        try {
            services.schedulers().get(settings.scheduler()).ifPresent(Scheduler::release);
        } catch (RuntimeException e) {
            LOG.warn("The scheduler '{}' failed to release what it kept for this controller", settings.scheduler(), e);
        }
    }
}
