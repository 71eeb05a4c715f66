package org.wadi.controller.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.wadi.rpc.StartExecution;
import org.wadi.rpc.TriggerCheckpoint;
import org.wadi.spi.job.JobState;
import org.wadi.spi.job.StopMode;
import org.wadi.spi.plan.PlanCodec;
import org.wadi.spi.scheduler.PluginBundle;
import org.wadi.storage.ObjectStore;
import org.wadi.storage.internal.FileObjectStore;
import org.wadi.store.CheckpointState;
import org.wadi.store.Job;
import org.wadi.store.JobTransition;
import org.wadi.store.Pipeline;

/**
 * Rescaling, restarting (safe, forced, without state), resuming a stopped job and restarting a
 * failed one, with the real gRPC server and loop, in-memory stores, a real file checkpoint storage
 * and in-test workers that store and report state as real ones do.
 */
class LifecycleTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    /** A checkpoint interval no test reaches: the only checkpoints are the final ones. */
    private static final long NEVER = 3_600_000_000L;

    private final FakeStore store = new FakeStore();
    private final FakeCheckpointStore checkpoints = new FakeCheckpointStore();
    private final FakeJobLogStore jobLogs = new FakeJobLogStore();
    private final FakeScheduler scheduler = new FakeScheduler();
    private final Schedulers schedulers = new Schedulers();
    private final Connectors connectors = new Connectors();
    private Path dir;
    private Controller controller;

    LifecycleTest() {
        connectors.add("impulse", "reg1", new PluginBundle("wadi-connector-impulse", "0.1.0", "mvn:x/impulse/0.1.0"));
        connectors.add("blackhole", "reg2", new PluginBundle("wadi-connector-blackhole", "0.1.0", "mvn:x/bh/0.1.0"));
    }

    private void start(int restarts) throws IOException {
        start(restarts, Duration.ofSeconds(10));
    }

    private void start(int restarts, Duration checkpointTimeout) throws IOException {
        dir = Files.createTempDirectory("wadi-checkpoints");
        String url = dir.toUri().toString();
        scheduler.checkpointStore = new FileObjectStore(url, dir);
        schedulers.add("test", scheduler);
        Settings settings = new Settings("127.0.0.1", 0, "", Duration.ofMillis(20), "test", 2, WAIT, WAIT, WAIT, WAIT,
                Duration.ZERO, 100, url, 3, checkpointTimeout)
                .withRestarts(restarts, Duration.ofMillis(10), Duration.ofMillis(40), Duration.ofMinutes(2));
        CheckpointStorage storage = new CheckpointStorage() {
            @Override
            public String url() {
                return url;
            }

            @Override
            public ObjectStore open() throws IOException {
                return new FileObjectStore(url, dir);
            }
        };
        controller = new Controller(store, checkpoints, storage, jobLogs, schedulers, connectors, settings,
                Clock.systemUTC());
    }

    @AfterEach
    void tearDown() throws IOException {
        if (controller != null) {
            controller.close();
        }
        scheduler.workers.forEach(TestWorker::crash);
        if (dir != null) {
            try (Stream<Path> all = Files.walk(dir)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    try {
                        Files.deleteIfExists(p);
                    } catch (IOException e) {
                        // the controller's storage work may still be finishing; the folder is temporary
                    }
                }
            }
        }
    }

    private String submit(String jobId, int parallelism, long intervalMicros) {
        Instant now = Instant.now();
        store.createPipeline(new Pipeline("pl_" + jobId, "test", "INSERT INTO out SELECT * FROM numbers", parallelism,
                        intervalMicros, PlanCodec.toJson(ControllerTest.plan(parallelism, "impulse")), StopMode.NONE, now, now),
                new Job(jobId, "pl_" + jobId, JobState.Created, true, 0, null, null, null, null, null, now, now));
        return jobId;
    }

    /** Waits for run {@code runId} of the job to run, every worker started. */
    private List<TestWorker> awaitRun(String jobId, long runId) throws Exception {
        Job running = store.await(jobId, j -> j.state() == JobState.Running && j.runId() == runId,
                "Running in run " + runId, WAIT);
        List<TestWorker> workers = scheduler.workersOf(jobId, running.runId());
        for (TestWorker w : workers) {
            w.started.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
        return workers;
    }

    private static void await(BooleanSupplier condition, Supplier<String> what) throws InterruptedException {
        long end = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("not within " + WAIT + ": " + what.get());
            }
            TimeUnit.MILLISECONDS.sleep(5);
        }
    }

    private List<JobState> states(String jobId) {
        List<JobState> out = new ArrayList<>();
        for (JobTransition t : store.history(jobId)) {
            out.add(t.to());
        }
        return out;
    }

    private String reasonOfEntering(String jobId, JobState state) {
        return store.history(jobId).stream().filter(t -> t.to() == state).reduce((a, b) -> b).orElseThrow().reason();
    }

    private static final List<JobState> FIRST_RUN = List.of(JobState.Created, JobState.Compiling, JobState.Scheduling,
            JobState.Running);
    private static final List<JobState> NEXT_RUN = List.of(JobState.Compiling, JobState.Scheduling, JobState.Running);

    private static List<JobState> concat(List<JobState> a, JobState middle, List<JobState> b) {
        List<JobState> out = new ArrayList<>(a);
        out.add(middle);
        out.addAll(b);
        return out;
    }

    private static long restoreEpoch(List<TestWorker> workers) throws Exception {
        StartExecution s = workers.get(0).started.get();
        return s.hasRestoreEpoch() ? s.getRestoreEpoch() : -1;
    }

    @Test
    void aNewParallelismTakesAFinalCheckpointAndStartsTheNewPlanFromIt() throws Exception {
        start(20);
        String job = submit("job_rescale", 1, NEVER);
        List<TestWorker> first = awaitRun(job, 1);
        assertEquals(1, first.size());
        assertEquals(2, first.get(0).assigned.size());

        store.rescale("pl_" + job, 3, PlanCodec.toJson(ControllerTest.plan(3, "impulse")));
        List<TestWorker> second = awaitRun(job, 2);

        assertEquals(concat(FIRST_RUN, JobState.Rescaling, NEXT_RUN), states(job));
        assertEquals("parallelism changed from 1 to 3", reasonOfEntering(job, JobState.Rescaling));
        assertEquals("stopped for rescaling from 1 to 3 after final checkpoint 1", reasonOfEntering(job, JobState.Compiling));
        assertTrue(first.get(0).triggers.get(0).getThenStop(), "the final checkpoint stops the old run");
        assertEquals(List.of(1L), first.get(0).commits);
        assertEquals(List.of(1L), checkpoints.epochs(job, CheckpointState.COMPLETED));
        assertEquals(2, second.size(), "3 subtasks per operator on workers of 2 slots");
        assertEquals(6, second.stream().mapToInt(w -> w.assigned.size()).sum());
        assertEquals(1, restoreEpoch(second), "the new run restores the final checkpoint");
        assertEquals(6, store.getJob(job).orElseThrow().tasks());
    }

    @Test
    void aPipelineStartedFromAnotherJobsCheckpointRestoresItUntilItHasItsOwn() throws Exception {
        start(20);
        String job = "job_from_state";
        Instant now = Instant.now();
        org.wadi.store.CheckpointRef from = new org.wadi.store.CheckpointRef("s3://bucket/old", "job_old", 7);
        store.createPipeline(new Pipeline("pl_" + job, "test", "INSERT INTO out SELECT * FROM numbers", 2, NEVER,
                        PlanCodec.toJson(ControllerTest.plan(2, "impulse")), StopMode.NONE, now, now).with(null, from),
                new Job(job, "pl_" + job, JobState.Created, true, 0, null, null, null, null, null, now, now));

        List<TestWorker> first = awaitRun(job, 1);
        StartExecution start = first.get(0).started.get();
        assertEquals(7, start.getRestoreEpoch());
        assertEquals("job_old", start.getRestoreJobId());
        assertEquals("s3://bucket/old", start.getRestoreCheckpointUrl());

        store.requestRestart("pl_" + job, false, false);
        List<TestWorker> second = awaitRun(job, 2);
        StartExecution again = second.get(0).started.get();
        assertEquals(8, again.getRestoreEpoch(), "its own checkpoints are numbered after the one it started from");
        assertEquals("", again.getRestoreJobId(), "from its own checkpoint now");
        assertEquals(List.of(8L), checkpoints.epochs(job, CheckpointState.COMPLETED));
    }

    @Test
    void aPreviewIsStoppedWhenItsTimeToLiveEnds() throws Exception {
        start(20);
        String job = "job_preview";
        Instant now = Instant.now();
        store.createPipeline(new Pipeline("pl_" + job, "preview", "SELECT * FROM numbers", 1, NEVER,
                        PlanCodec.toJson(ControllerTest.plan(1, "impulse")), StopMode.NONE, now, now)
                        .with(1_500_000L, null),
                new Job(job, "pl_" + job, JobState.Created, true, 0, null, null, null, null, null, now, now));

        awaitRun(job, 1);
        Job stopped = store.await(job, j -> j.state() == JobState.Stopped, "Stopped", WAIT);
        assertFalse(stopped.runningDesired());
        assertEquals(StopMode.IMMEDIATE, store.getPipeline("pl_" + job).orElseThrow().stop());
        assertTrue(reasonOfEntering(job, JobState.Stopping).startsWith("the preview's time to live ended at "),
                reasonOfEntering(job, JobState.Stopping));
        assertTrue(Duration.between(now, stopped.finishTime()).toMillis() >= 1_500, stopped.toString());
    }

    @Test
    void aRestartTakesAFinalCheckpointAndRestoresIt() throws Exception {
        start(20);
        String job = submit("job_restart", 2, NEVER);
        List<TestWorker> first = awaitRun(job, 1);

        store.requestRestart("pl_" + job, false, false);
        List<TestWorker> second = awaitRun(job, 2);

        assertEquals(concat(FIRST_RUN, JobState.Restarting, NEXT_RUN), states(job));
        assertEquals("restart requested", reasonOfEntering(job, JobState.Restarting));
        assertEquals("restart requested: the run stopped after final checkpoint 1; starting again from checkpoint 1",
                reasonOfEntering(job, JobState.Compiling));
        assertTrue(first.get(0).triggers.get(0).getThenStop());
        assertEquals(1, restoreEpoch(second));
        assertFalse(store.jobControl(job).orElseThrow().restartPending(), "the request was taken once");
    }

    @Test
    void aForcedRestartKillsTheRunWithoutAFinalCheckpointAndRestoresTheLatestOne() throws Exception {
        start(20);
        String job = submit("job_force", 2, 20_000); // a checkpoint every 20 ms
        List<TestWorker> first = awaitRun(job, 1);
        await(() -> !first.get(0).commits.isEmpty(), () -> "a checkpoint completed");

        store.requestRestart("pl_" + job, true, false);
        List<TestWorker> second = awaitRun(job, 2);

        assertEquals(concat(FIRST_RUN, JobState.Restarting, NEXT_RUN), states(job));
        assertEquals("restart requested (force)", reasonOfEntering(job, JobState.Restarting));
        assertTrue(first.get(0).triggers.stream().noneMatch(TriggerCheckpoint::getThenStop), "no final checkpoint");
        assertTrue(first.get(0).disconnected.isDone() || first.get(0).stopRequested.isDone(), "the old run was stopped");
        long restored = restoreEpoch(second);
        assertTrue(restored >= 1, "restores a completed checkpoint");
        assertEquals(CheckpointState.COMPLETED, checkpoints.checkpoint(job, restored).orElseThrow().state());
        assertEquals("forced restart requested: the run was killed; starting again from checkpoint " + restored,
                reasonOfEntering(job, JobState.Compiling));
    }

    @Test
    void aRestartIgnoringStateStartsWithoutState() throws Exception {
        start(20);
        String job = submit("job_fresh", 2, NEVER);
        awaitRun(job, 1);

        store.requestRestart("pl_" + job, false, true);
        List<TestWorker> second = awaitRun(job, 2);

        assertEquals("restart requested (ignore_state)", reasonOfEntering(job, JobState.Restarting));
        assertEquals(-1, restoreEpoch(second), "no state restored although a final checkpoint was taken");
        assertEquals("restart requested: the run stopped after final checkpoint 1; starting again without state",
                reasonOfEntering(job, JobState.Compiling));
    }

    @Test
    void aStoppedJobResumesFromItsLastCheckpoint() throws Exception {
        start(20);
        String job = submit("job_resume", 2, NEVER);
        awaitRun(job, 1);
        store.setStop("pl_" + job, StopMode.CHECKPOINT);
        store.awaitState(job, JobState.Stopped);

        store.setStop("pl_" + job, StopMode.NONE);
        List<TestWorker> second = awaitRun(job, 2);

        assertEquals(1, restoreEpoch(second));
        assertEquals("the pipeline was asked to run again; resuming from checkpoint 1",
                reasonOfEntering(job, JobState.Compiling));
    }

    @Test
    void aFailedJobRunsAgainWhenARestartIsAsked() throws Exception {
        start(0);
        String job = submit("job_failed", 2, NEVER);
        List<TestWorker> first = awaitRun(job, 1);
        first.get(0).fail("source_1", 0, "boom", "user");
        store.awaitState(job, JobState.Failed);

        store.requestRestart("pl_" + job, false, false);
        awaitRun(job, 2);

        assertEquals("restart requested; starting without state", reasonOfEntering(job, JobState.Compiling));
        Job running = store.getJob(job).orElseThrow();
        assertEquals(null, running.failureMessage(), "the old failure is cleared");
        // the restart was taken once: a later failure fails the job for good
        scheduler.workersOf(job, 2).get(0).fail("source_1", 0, "boom again", "user");
        store.awaitState(job, JobState.Failed);
        assertEquals(List.of(), store.activeJobs());
    }

    @Test
    void aRescaleWhoseFinalCheckpointDoesNotCompleteRecoversFromTheLatestCompletedOne() throws Exception {
        start(20, Duration.ofMillis(300));
        scheduler.checkpointStore = null; // the workers ignore barriers
        String job = submit("job_stuck", 1, NEVER);
        awaitRun(job, 1);

        store.rescale("pl_" + job, 2, PlanCodec.toJson(ControllerTest.plan(2, "impulse")));
        List<TestWorker> second = awaitRun(job, 2);

        assertEquals(concat(FIRST_RUN, JobState.Rescaling, List.of(JobState.Recovering, JobState.Compiling,
                JobState.Scheduling, JobState.Running)), states(job));
        String reason = reasonOfEntering(job, JobState.Recovering);
        assertTrue(reason.startsWith("rescaling from 1 to 2 failed: the final checkpoint 1 failed: "), reason);
        assertEquals(-1, restoreEpoch(second), "no checkpoint completed to restore");
        assertEquals(4, second.stream().mapToInt(w -> w.assigned.size()).sum(), "the new plan runs nevertheless");
    }

    @Test
    void aRestartWhoseFinalCheckpointDoesNotCompleteRecovers() throws Exception {
        start(20, Duration.ofMillis(300));
        scheduler.checkpointStore = null; // the workers ignore barriers
        String job = submit("job_stuck_restart", 2, NEVER);
        awaitRun(job, 1);

        store.requestRestart("pl_" + job, false, false);
        awaitRun(job, 2);

        String reason = reasonOfEntering(job, JobState.Recovering);
        assertTrue(reason.startsWith("the restart failed: the final checkpoint 1 failed: "), reason);
    }
}
