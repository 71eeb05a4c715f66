package org.wadi.controller.internal.states;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.wadi.controller.internal.CheckpointCoordinator;
import org.wadi.controller.internal.RestorePoint;
import org.wadi.controller.internal.Run;
import org.wadi.controller.internal.Settings;
import org.wadi.spi.job.StopMode;
import org.wadi.spi.plan.DataflowPlan;
import org.wadi.spi.scheduler.PluginBundle;
import org.wadi.spi.scheduler.Scheduler;
import org.wadi.store.Checkpoint;
import org.wadi.store.CheckpointStore;
import org.wadi.store.Job;
import org.wadi.store.JobControl;
import org.wadi.store.Pipeline;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything the controller holds in memory about one job: its stored record, its state, and the
 * current run (plan, plug-in bundles, scheduler, workers). Used only on the loop's thread.
 */
public final class JobContext {

    private static final Logger LOG = LoggerFactory.getLogger(JobContext.class);

    private final ControllerServices services;
    private Job job;
    private State state;
    private Instant enteredAt;

    private DataflowPlan plan;
    private String planJson;
    private List<PluginBundle> plugins = List.of();
    private java.util.Map<String, Object> schedulerConfig = java.util.Map.of();
    private int workers;
    /** The pipeline's parallelism the current plan was compiled for; 0 before the first compile. */
    private int compiledParallelism;
    private Run run;
    private Scheduler scheduler;
    private String schedulerName;
    private CompletableFuture<Void> workersStarted;
    private CheckpointCoordinator checkpoints;
    /** Restarts since the job last ran healthily; kept in memory only (a new controller starts over). */
    private int restarts;
    /** What the current run restored. */
    private RestorePoint restored = RestorePoint.NONE;
    /** When a preview pipeline's time to live ends; read once (it never changes), empty for other pipelines. */
    private Optional<Instant> previewEnd;

    public JobContext(ControllerServices services, Job job, State state) {
        this.services = services;
        this.job = job;
        this.state = state;
        this.enteredAt = services.clock().instant();
    }

    public ControllerServices services() {
        return services;
    }

    public String jobId() {
        return job.id();
    }

    public Job job() {
        return job;
    }

    public State state() {
        return state;
    }

    public Instant enteredAt() {
        return enteredAt;
    }

    public Instant now() {
        return services.clock().instant();
    }

    /** Takes the stored record (desired state may have changed). */
    public void refresh(Job stored) {
        this.job = stored;
    }

    /** Records that the job entered {@code next} with {@code stored} as its record. */
    public void moveTo(State next, Job stored) {
        if (checkpoints != null && !(next instanceof Running) && !(next instanceof CheckpointStopping)
                && !(next instanceof Rescaling) && !(next instanceof Restarting)) {
            checkpoints.abandon("the job left Running for " + next.state());
        }
        this.state = next;
        this.job = stored;
        this.enteredAt = now();
    }

    // ---- decisions shared by several states

    /** The job failed in a way a restart cannot heal: Failed at once. */
    public Transition fail(String message, String domain) {
        String d = "user".equals(domain) ? "user" : "internal";
        return Transition.to(new Failed(), message).updating(j -> Jobs.failed(j, message, d, now()));
    }

    /**
     * The run failed in a way a new run may heal (a task failed, a worker was lost): {@link
     * Recovering}, to restart from the latest completed checkpoint after a backoff, or, once
     * {@code controller.restart.max} restarts in a row were spent, {@link Failing}.
     */
    public Transition recover(String error, String domain) {
        Settings settings = services.settings();
        resetRestartsIfHealthy();
        int max = settings.restartMax();
        if (restarts >= max) {
            String message = max == 0
                    ? error + "; not restarting (controller.restart.max is 0)"
                    : error + "; giving up after " + max + (max == 1 ? " restart" : " restarts") + " (controller.restart.max)";
            String d = "user".equals(domain) ? "user" : "internal";
            return Transition.to(new Failing(message, d), message).updating(j -> Jobs.failed(j, message, d, null));
        }
        RestorePoint restore = restorePoint();
        restarts++;
        Duration delay = settings.restartBackoff(restarts);
        String from = restore.none() ? "from scratch (no checkpoint completed)" : "from " + restore.describe();
        return Transition.to(new Recovering(delay, restore),
                error + "; restarting " + from + " in " + Durations.seconds(delay) + " (restart " + restarts + " of " + max + ")");
    }

    /** Restarts spent in a row so far. */
    public int restarts() {
        return restarts;
    }

    /** Starts counting restarts over once the job has been Running for {@code controller.restart.reset.after.ms}. */
    void resetRestartsIfHealthy() {
        if (restarts > 0 && state instanceof Running
                && !now().isBefore(enteredAt.plus(services.settings().restartResetAfter()))) {
            LOG.info("Job {} ran for {} without failing; its restart count ({}) starts over", jobId(),
                    Durations.describe(services.settings().restartResetAfter()), restarts);
            restarts = 0;
        }
    }

    /** The user restarted the job: earlier failures do not count against it. */
    void clearRestarts() {
        restarts = 0;
    }

    /** The epoch of the job's newest completed checkpoint, or -1 when there is none (or no checkpoint store). */
    public long latestCompletedCheckpoint() {
        CheckpointStore db = services.checkpoints();
        return db == null ? -1 : db.latestCompletedCheckpoint(jobId()).map(Checkpoint::epoch).orElse(-1L);
    }

    /**
     * What a new run restores to go on where the job left off: its newest completed checkpoint,
     * else the checkpoint of another job its pipeline was started from ({@code state_url}), else
     * nothing.
     */
    public RestorePoint restorePoint() {
        long own = latestCompletedCheckpoint();
        if (own >= 0) {
            return RestorePoint.own(own);
        }
        return services.store().getPipeline(job.pipelineId()).flatMap(Pipeline::initialState)
                .map(RestorePoint::of).orElse(RestorePoint.NONE);
    }

    /** Records what the run being started restores. */
    void restoring(RestorePoint restore) {
        this.restored = restore;
    }

    /** The transition to take if the user asked the job to stop, or a preview outlived its time to live; or empty. */
    public Optional<Transition> stopIfRequested() {
        Optional<Transition> expired = stopIfPreviewExpired();
        if (expired.isPresent()) {
            return expired;
        }
        if (job.runningDesired()) {
            return Optional.empty();
        }
        StopMode mode = services.store().getPipeline(job.pipelineId()).map(Pipeline::stop).orElse(StopMode.IMMEDIATE);
        if (mode == StopMode.NONE) {
            mode = StopMode.IMMEDIATE; // stop asked without a mode: the safe reading
        }
        if (mode == StopMode.CHECKPOINT && state instanceof Running && checkpoints != null) {
            return Optional.of(Transition.to(new CheckpointStopping(), "stop requested (checkpoint)"));
        }
        return Optional.of(Transition.to(new Stopping(mode), "stop requested (" + mode.wire() + ")"));
    }

    /**
     * A preview pipeline whose time to live has passed (counted from its creation, as Arroyo's
     * previews are) is stopped at once: its stop mode becomes {@code immediate}, as if the user had
     * asked, so that it stays stopped.
     */
    private Optional<Transition> stopIfPreviewExpired() {
        if (previewEnd == null) {
            previewEnd = services.store().getPipeline(job.pipelineId())
                    .filter(Pipeline::preview)
                    .map(p -> p.createdAt().plus(Duration.ofNanos(p.ttlMicros() * 1_000)));
        }
        if (previewEnd.isEmpty() || !job.runningDesired() || now().isBefore(previewEnd.get())) {
            return Optional.empty();
        }
        services.store().setStop(job.pipelineId(), StopMode.IMMEDIATE);
        return Optional.of(Transition.to(new Stopping(StopMode.IMMEDIATE), "the preview's time to live ended at "
                + previewEnd.get()));
    }

    /**
     * What a running job does when the user changed it: a restart asked and not yet taken ({@link
     * Restarting}), or a parallelism other than the one its plan was made for ({@link Rescaling});
     * empty when neither.
     */
    public Optional<Transition> restartOrRescale() {
        Optional<JobControl> c = services.store().jobControl(jobId());
        if (c.isEmpty()) {
            return Optional.empty();
        }
        JobControl control = c.get();
        if (control.restartPending()) {
            return Optional.of(Transition.to(new Restarting(control.restartForce(), control.restartIgnoreState(),
                    control.restartNonce()), "restart requested" + options(control)));
        }
        if (compiledParallelism > 0 && control.parallelism() != compiledParallelism) {
            return Optional.of(Transition.to(new Rescaling(compiledParallelism, control.parallelism()),
                    "parallelism changed from " + compiledParallelism + " to " + control.parallelism()));
        }
        return Optional.empty();
    }

    /**
     * What a job in a final state does when asked to run again — a restart request not yet taken
     * (which it takes now), or, for a stopped job, the stop mode set back to none: compile a new run
     * restoring the latest completed checkpoint (none with {@code ignore_state}); empty when not asked.
     */
    Optional<Transition> runAgainIfAsked() {
        JobControl control = services.store().jobControl(jobId()).orElse(null);
        boolean restart = control != null && control.restartPending();
        boolean resume = state instanceof Stopped && job.runningDesired();
        if (!restart && !resume) {
            return Optional.empty();
        }
        if (restart) {
            services.store().restartTaken(jobId(), control.restartNonce());
        }
        clearRestarts();
        RestorePoint restore = restart && control.restartIgnoreState() ? RestorePoint.NONE : restorePoint();
        String why = restart ? "restart requested" + options(control) : "the pipeline was asked to run again";
        return Optional.of(Transition.to(new Compiling(restore), why + "; "
                + (restore.none() ? "starting without state" : "resuming from " + restore.describe())));
    }

    private static String options(JobControl control) {
        if (control.restartForce() && control.restartIgnoreState()) {
            return " (force, ignore_state)";
        }
        return control.restartForce() ? " (force)" : control.restartIgnoreState() ? " (ignore_state)" : "";
    }

    /** Records that the restart request {@code nonce} was acted on, so that it is not acted on again. */
    void restartTaken(long nonce) {
        services.store().restartTaken(jobId(), nonce);
    }

    /** Checks a run's reports for the failures every running state reacts to alike: recovery. */
    public Optional<Transition> runFailure() {
        if (run == null) {
            return Optional.empty();
        }
        Optional<Run.TaskFailure> f = run.failure();
        if (f.isPresent()) {
            Run.TaskFailure t = f.get();
            return Optional.of(recover("task " + t.task() + " failed on worker " + t.workerId() + ": " + t.error(), t.domain()));
        }
        return run.lost().map(l -> recover("worker " + l.workerId() + " of job " + jobId() + " was lost: " + l.detail(),
                "internal"));
    }

    /** What a running state does first: fail on a run failure, else stop if asked; empty to go on. */
    public Optional<Transition> failureOrStop() {
        Optional<Transition> failure = runFailure();
        return failure.isPresent() ? failure : stopIfRequested();
    }

    // ---- the current run

    public DataflowPlan plan() {
        return plan;
    }

    public String planJson() {
        return planJson;
    }

    public List<PluginBundle> plugins() {
        return plugins;
    }

    public int workers() {
        return workers;
    }

    /** The pipeline's {@code scheduler_config}, as the scheduler takes it; empty before the first compile. */
    public java.util.Map<String, Object> schedulerConfig() {
        return schedulerConfig;
    }

    void compiled(DataflowPlan plan, String planJson, List<PluginBundle> plugins, int workers, int parallelism,
            java.util.Map<String, Object> schedulerConfig) {
        this.schedulerConfig = schedulerConfig;
        this.compiledParallelism = parallelism;
        this.plan = plan;
        this.planJson = planJson;
        this.plugins = List.copyOf(plugins);
        this.workers = workers;
    }

    public Run run() {
        return run;
    }

    /** The checkpoints of the current run, or {@code null} while it does not run or has none. */
    public CheckpointCoordinator checkpoints() {
        return checkpoints;
    }

    /**
     * Starts taking checkpoints of the running run, at the pipeline's interval; nothing when the
     * controller has no checkpoint store.
     */
    void startCheckpointing() {
        ControllerServices s = services;
        if (s.checkpoints() == null || run == null || checkpoints != null) {
            return;
        }
        long micros = s.store().getPipeline(job.pipelineId()).map(Pipeline::checkpointIntervalMicros).orElse(0L);
        Duration interval = micros > 0 ? Duration.ofNanos(micros * 1_000) : Settings.DEFAULT_CHECKPOINT_INTERVAL;
        checkpoints = new CheckpointCoordinator(jobId(), run, s.checkpoints(), s.checkpointStorage(),
                s.settings().checkpointRetention(), interval, s.settings().checkpointTimeout(), s.clock(), s.async(),
                s.wake(), s.metrics(), s.jobLog());
        if (restored.foreign()) {
            // the restored sinks' pending commits carry the other job's epoch: number ours after it
            checkpoints.continueAfter(restored.epoch());
        }
    }

    public Scheduler scheduler() {
        return scheduler;
    }

    public String schedulerName() {
        return schedulerName;
    }

    public CompletableFuture<Void> workersStarted() {
        return workersStarted;
    }

    void beginRun(Run run, Scheduler scheduler, String schedulerName, CompletableFuture<Void> workersStarted) {
        this.run = run;
        this.scheduler = scheduler;
        this.schedulerName = schedulerName;
        this.workersStarted = workersStarted;
    }

    /**
     * Kills the current run at once, keeping it known until its workers are seen to go: they are
     * told to stop immediately and the scheduler is asked to kill them. (Not disconnected: once the
     * controller ended a session it no longer hears the worker go.)
     */
    void killRun() {
        if (run != null) {
            run.close();
            run.stop(org.wadi.rpc.StopMode.STOP_IMMEDIATE);
        }
        stopWorkers(true);
    }

    /**
     * Winds the current run down: workers are disconnected (they stop at once), the scheduler is
     * asked to stop them (after its start request completed, so none is missed), the run forgotten.
     */
    public void endRun(boolean force) {
        if (checkpoints != null) {
            checkpoints.abandon("its run ended");
            checkpoints = null;
        }
        if (run != null) {
            run.disconnectAll();
            services.runs().remove(run);
        }
        stopWorkers(force);
        run = null;
        scheduler = null;
        workersStarted = null;
    }

    /**
     * Kills whatever workers of the stored run the configured scheduler still has: a previous
     * controller's run that this one cannot continue.
     */
    public void stopLeftoverWorkers() {
        String name = services.settings().scheduler();
        Optional<Scheduler> s = services.schedulers().get(name);
        if (s.isEmpty() || job.runId() <= 0) {
            return;
        }
        String id = jobId();
        long runId = job.runId();
        CompletableFuture.runAsync(() -> s.get().stopWorkers(id, runId, true), services.async())
                .whenComplete((v, e) -> {
                    if (e != null) {
                        LOG.warn("Scheduler {} could not stop the leftover workers of job {} run {}", name, id, runId, e);
                    }
                });
    }

    /** Asks the run's scheduler to stop its workers, off the loop's thread. */
    public void stopWorkers(boolean force) {
        Scheduler s = scheduler;
        if (s == null) {
            return;
        }
        String id = jobId();
        long runId = job.runId();
        String name = schedulerName;
        CompletableFuture<?> after = workersStarted == null ? CompletableFuture.completedFuture(null) : workersStarted;
        after.handle((v, e) -> null).thenRunAsync(() -> {
            try {
                s.stopWorkers(id, runId, force);
            } catch (RuntimeException e) {
                LOG.warn("Scheduler {} could not stop the workers of job {} run {}", name, id, runId, e);
            }
        }, services.async()).whenComplete((v, e) -> services.wake().run());
    }
}
