package org.wadi.controller.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.wadi.rpc.StartExecution;
import org.wadi.rpc.TriggerCheckpoint;
import org.wadi.spi.job.JobState;
import org.wadi.spi.plan.PlanCodec;
import org.wadi.spi.scheduler.PluginBundle;
import org.wadi.storage.CheckpointLayout;
import org.wadi.storage.ObjectStore;
import org.wadi.storage.internal.FileObjectStore;
import org.wadi.store.Checkpoint;
import org.wadi.store.CheckpointOperator;
import org.wadi.store.CheckpointState;
import org.wadi.store.Job;
import org.wadi.store.JobLogLevel;
import org.wadi.store.JobLogMessage;
import org.wadi.store.JobTransition;
import org.wadi.store.Pipeline;

/**
 * Checkpoint coordination with the real gRPC server and loop, in-memory stores, a real file
 * checkpoint storage and in-test workers that store and report state as real ones do.
 */
class CheckpointCoordinationTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final FakeStore store = new FakeStore();
    private final FakeCheckpointStore checkpoints = new FakeCheckpointStore();
    private final FakeJobLogStore jobLogs = new FakeJobLogStore();
    private final FakeScheduler scheduler = new FakeScheduler();
    private final Schedulers schedulers = new Schedulers();
    private final Connectors connectors = new Connectors();
    private Path dir;
    private ObjectStore storage;
    private Controller controller;

    CheckpointCoordinationTest() {
        connectors.add("impulse", "reg1", new PluginBundle("wadi-connector-impulse", "0.1.0", "mvn:x/impulse/0.1.0"));
        connectors.add("blackhole", "reg2", new PluginBundle("wadi-connector-blackhole", "0.1.0", "mvn:x/bh/0.1.0"));
    }

    private void start(int retention) throws IOException {
        start(retention, 20);
    }

    private void start(int retention, int restarts) throws IOException {
        dir = Files.createTempDirectory("wadi-checkpoints");
        String url = dir.toUri().toString();
        storage = new FileObjectStore(url, dir);
        scheduler.checkpointStore = storage;
        schedulers.add("test", scheduler);
        Settings settings = new Settings("127.0.0.1", 0, "", Duration.ofMillis(20), "test", 2, WAIT, WAIT, WAIT, WAIT,
                Duration.ZERO, 100, url, retention, Duration.ofSeconds(10))
                .withRestarts(restarts, Duration.ofMillis(10), Duration.ofMillis(40), Duration.ofMinutes(2));
        CheckpointStorage checkpointStorage = new CheckpointStorage() {
            @Override
            public String url() {
                return url;
            }

            @Override
            public ObjectStore open() throws IOException {
                return new FileObjectStore(url, dir);
            }
        };
        controller = new Controller(store, checkpoints, checkpointStorage, jobLogs, schedulers, connectors, settings,
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
                for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    try {
                        Files.deleteIfExists(p);
                    } catch (IOException e) {
                        // the controller's storage work may still be finishing; the folder is temporary
                    }
                }
            }
        }
    }

    private String submit(String jobId, long intervalMicros) {
        Instant now = Instant.now();
        store.createPipeline(new Pipeline("pl_" + jobId, "test", "INSERT INTO out SELECT * FROM numbers", 3,
                        intervalMicros, PlanCodec.toJson(ControllerTest.plan(3, "impulse")),
                        org.wadi.spi.job.StopMode.NONE, now, now),
                new Job(jobId, "pl_" + jobId, JobState.Created, true, 0, null, null, null, null, null, now, now));
        return jobId;
    }

    private List<TestWorker> awaitRunning(String jobId) throws Exception {
        Job running = store.awaitState(jobId, JobState.Running);
        List<TestWorker> workers = scheduler.workersOf(jobId, running.runId());
        for (TestWorker w : workers) {
            w.started.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
        return workers;
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        await(condition, () -> what);
    }

    private static void await(BooleanSupplier condition, java.util.function.Supplier<String> what)
            throws InterruptedException {
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

    @Test
    void checkpointsAreTriggeredRecordedCommittedAndOldOnesDeleted() throws Exception {
        start(2);
        scheduler.failEpoch = 2;
        String job = submit("job_cp", 30_000);
        List<TestWorker> workers = awaitRunning(job);
        StartExecution started = workers.get(0).started.get();
        assertEquals(dir.toUri().toString(), started.getCheckpointUrl(), "workers learn where checkpoints go");
        assertTrue(!started.hasRestoreEpoch(), "a fresh start restores nothing");

        await(() -> workers.stream().allMatch(w -> w.commits.size() >= 4), () -> "four checkpoints completed and committed: "
                + checkpoints.epochs(job, CheckpointState.COMPLETED) + ", commits "
                + workers.stream().map(w -> w.workerId() + " " + w.commits).toList());
        store.setStop("pl_" + job, org.wadi.spi.job.StopMode.IMMEDIATE);
        store.awaitState(job, JobState.Stopped);

        // triggered one after the other; the failed one is not committed, the others are, in order
        for (TestWorker w : workers) {
            List<Long> triggered = w.triggers.stream().map(TriggerCheckpoint::getEpoch).toList();
            for (int i = 0; i < triggered.size(); i++) {
                assertEquals(i + 1, triggered.get(i));
            }
            assertTrue(w.commits.size() >= 4);
            assertEquals(1L, w.commits.get(0));
            for (int i = 1; i < w.commits.size(); i++) {
                assertEquals(i + 2, w.commits.get(i), "commits skip the failed checkpoint 2: " + w.commits);
            }
        }

        // retention: the newest two completed checkpoints stay in storage and in the database
        List<Long> completed = checkpoints.epochs(job, CheckpointState.COMPLETED);
        List<Long> newestTwo = completed.subList(completed.size() - 2, completed.size());
        // retention (in the background) deletes an epoch's marker, then its objects, then its rows: wait for all
        long oldestOfTwo = newestTwo.get(0);
        await(() -> {
            try {
                return CheckpointLayout.completedEpochs(storage, job).equals(newestTwo)
                        && storage.list(CheckpointLayout.checkpointsPrefix(job)).stream().allMatch(key -> Long.parseLong(
                                key.substring(CheckpointLayout.checkpointsPrefix(job).length()).split("/")[0]) >= oldestOfTwo)
                        && checkpoints.checkpoints(job).stream().allMatch(c -> c.epoch() >= oldestOfTwo
                                || c.state() != CheckpointState.COMPLETED);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, "old checkpoints deleted");
        List<Long> kept = CheckpointLayout.completedEpochs(storage, job);
        long oldestKept = kept.get(0);
        for (String key : storage.list(CheckpointLayout.checkpointsPrefix(job))) {
            long epoch = Long.parseLong(key.substring(CheckpointLayout.checkpointsPrefix(job).length()).split("/")[0]);
            assertTrue(epoch >= oldestKept, "an older checkpoint's object is left: " + key + "; kept " + kept
                    + ", checkpoints " + checkpoints.checkpoints(job));
        }
        assertTrue(checkpoints.checkpoints(job).stream().allMatch(c -> c.epoch() >= oldestKept
                || c.state() != CheckpointState.COMPLETED), "old checkpoints forgotten: " + checkpoints.checkpoints(job));

        // the details of a completed checkpoint: every subtask of every operator
        Checkpoint last = checkpoints.latestCompletedCheckpoint(job).orElseThrow();
        List<CheckpointOperator> ops = checkpoints.checkpointOperators(job, last.epoch());
        assertEquals(List.of("sink_2[0]", "sink_2[1]", "sink_2[2]", "source_1[0]", "source_1[1]", "source_1[2]"),
                ops.stream().map(o -> o.operatorId() + "[" + o.subtask() + "]").toList());
        assertEquals(ops.stream().mapToLong(CheckpointOperator::bytes).sum(), last.bytes());
        assertTrue(last.bytes() > 0);
        assertTrue(checkpoints.epochs(job, CheckpointState.IN_PROGRESS).isEmpty(),
                "the checkpoint in progress when the job stopped failed");
        assertEquals(dir.toUri().toString(), last.storageUrl());
        assertTrue(!last.stopping(), "a scheduled checkpoint");
        for (CheckpointOperator o : ops) {
            if (o.operatorId().startsWith("source")) {
                assertEquals(null, o.alignmentStartedAt(), "sources align nothing: " + o);
            } else {
                assertEquals(o.startedAt().minusNanos(5_000), o.alignmentStartedAt(), "as the worker reported: " + o);
            }
        }

        // the failed checkpoint is in the job's errors list, and all of them in the metrics
        JobLogMessage failure = jobLogs.await(job, m -> m.message().startsWith("checkpoint 2 failed: "), "checkpoint 2's failure");
        assertEquals(JobLogLevel.WARN, failure.level());
        assertTrue(failure.message().endsWith(": disk full"), failure.message());
        assertEquals(1, jobLogs.of(job).stream().filter(m -> m.message().startsWith("checkpoint")).count(),
                "the checkpoint abandoned by the stop is no error: " + jobLogs.of(job));
        String text = ControllerMetricsTest.scrape(controller.metrics());
        double completedCount = ControllerMetricsTest.sample(text, "wadi_checkpoints_completed_total").orElseThrow();
        assertTrue(completedCount >= 4, text);
        assertEquals(completedCount, ControllerMetricsTest.sample(text, "wadi_checkpoint_duration_seconds_count").orElseThrow());
        assertTrue(ControllerMetricsTest.sample(text, "wadi_checkpoints_failed_total").orElseThrow() >= 1, text);
        assertTrue(ControllerMetricsTest.sample(text, "wadi_checkpoint_size_bytes_sum").orElseThrow() > 0, text);
    }

    @Test
    void stopWithCheckpointTakesAFinalCheckpointCommitsItAndThenStops() throws Exception {
        start(3);
        String job = submit("job_final", 3_600_000_000L);
        List<TestWorker> workers = awaitRunning(job);

        store.setStop("pl_" + job, org.wadi.spi.job.StopMode.CHECKPOINT);
        store.awaitState(job, JobState.Stopped);

        assertEquals(List.of(JobState.Created, JobState.Compiling, JobState.Scheduling, JobState.Running,
                JobState.CheckpointStopping, JobState.Stopped), states(job));
        assertEquals("final checkpoint 1 completed and committed; all 6 tasks stopped",
                store.history(job).get(5).reason());
        assertEquals(List.of(1L), checkpoints.epochs(job, CheckpointState.COMPLETED));
        assertTrue(checkpoints.checkpoint(job, 1).orElseThrow().stopping(), "recorded as a stop's checkpoint");
        for (TestWorker w : workers) {
            assertEquals(1, w.triggers.size());
            assertTrue(w.triggers.get(0).getThenStop(), "the final checkpoint stops the tasks");
            assertEquals(List.of(1L), w.commits);
            assertTrue(!w.stopRequested.isDone(), "no stop request: the tasks end at the final checkpoint");
        }
    }

    @Test
    void stopWithCheckpointStopsAtOnceWhenTheFinalCheckpointFails() throws Exception {
        start(3);
        scheduler.failEpoch = 1;
        String job = submit("job_final_fails", 3_600_000_000L);
        List<TestWorker> workers = awaitRunning(job);

        store.setStop("pl_" + job, org.wadi.spi.job.StopMode.CHECKPOINT);
        store.awaitState(job, JobState.Stopped);

        assertEquals(List.of(JobState.Created, JobState.Compiling, JobState.Scheduling, JobState.Running,
                JobState.CheckpointStopping, JobState.Stopping, JobState.Stopped), states(job));
        assertTrue(store.history(job).get(5).reason().startsWith("the final checkpoint 1 failed ("),
                store.history(job).get(5).reason());
        assertEquals(List.of(1L), checkpoints.epochs(job, CheckpointState.FAILED));
        assertEquals(org.wadi.rpc.StopMode.STOP_IMMEDIATE, workers.get(0).stopRequested.get(WAIT.toSeconds(),
                TimeUnit.SECONDS));
        assertTrue(workers.get(0).commits.isEmpty());
    }

    @Test
    void aLostWorkerRestartsTheJobFromItsLatestCompletedCheckpoint() throws Exception {
        start(3);
        String job = submit("job_recover", 30_000);
        List<TestWorker> first = awaitRunning(job);
        await(() -> first.stream().allMatch(w -> w.commits.size() >= 2), "two checkpoints completed and committed");

        first.get(0).crash();

        store.await(job, j -> j.state() == JobState.Running && j.runId() == 2, "running run 2", WAIT);
        long latestOfRun1 = checkpoints.checkpoints(job).stream()
                .filter(c -> c.runId() == 1 && c.state() == CheckpointState.COMPLETED)
                .mapToLong(Checkpoint::epoch).max().orElseThrow();
        assertTrue(latestOfRun1 >= 2, "completed: " + checkpoints.checkpoints(job));
        JobTransition recovering = store.history(job).get(4);
        assertEquals(JobState.Recovering, recovering.to());
        assertTrue(recovering.reason().startsWith("worker " + first.get(0).workerId() + " of job " + job + " was lost: "),
                recovering.reason());
        assertTrue(recovering.reason().endsWith("; restarting from checkpoint " + latestOfRun1 + " in 0.01 s (restart 1 of 20)"),
                recovering.reason());
        assertEquals("the workers of run 1 are gone; restarting from checkpoint " + latestOfRun1,
                store.history(job).get(5).reason());

        List<TestWorker> second = scheduler.workersOf(job, 2);
        assertEquals(2, second.size());
        for (TestWorker w : second) {
            StartExecution started = w.started.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertTrue(started.hasRestoreEpoch());
            assertEquals(latestOfRun1, started.getRestoreEpoch(), "every worker of the new run restores the latest checkpoint");
            assertEquals(dir.toUri().toString(), started.getCheckpointUrl());
        }
        // the new run's checkpoints go on after the restored one: storage keys never repeat
        await(() -> second.stream().allMatch(w -> !w.commits.isEmpty()), "run 2 completed a checkpoint");
        assertTrue(second.get(0).triggers.get(0).getEpoch() > latestOfRun1, "triggers: " + second.get(0).triggers);
    }

    @Test
    void aFailedTaskRestartsFromTheLatestCompletedCheckpointTooAndGivesUpAtTheLimit() throws Exception {
        start(3, 1);
        String job = submit("job_recover_limit", 30_000);
        List<TestWorker> first = awaitRunning(job);
        await(() -> first.stream().allMatch(w -> !w.commits.isEmpty()), "a checkpoint completed and committed");

        // the worker that runs source_1[2] (workers register in any order)
        first.stream().filter(w -> w.assignedTasks().contains("source_1[2]")).findFirst().orElseThrow()
                .fail("source_1", 2, "bad record", "user");

        store.await(job, j -> j.state() == JobState.Running && j.runId() == 2, "running run 2", WAIT);
        long restored = scheduler.workersOf(job, 2).get(0).started.get(WAIT.toSeconds(), TimeUnit.SECONDS).getRestoreEpoch();
        assertEquals(checkpoints.checkpoints(job).stream()
                .filter(c -> c.runId() == 1 && c.state() == CheckpointState.COMPLETED)
                .mapToLong(Checkpoint::epoch).max().orElseThrow(), restored);

        TestWorker again = scheduler.workersOf(job, 2).get(0);
        String task = again.assignedTasks().get(0);
        again.fail(task.substring(0, task.indexOf('[')), Integer.parseInt(task.substring(task.indexOf('[') + 1, task.length() - 1)),
                "bad record again", "user");

        Job failed = store.awaitState(job, JobState.Failed);
        assertEquals("task " + task + " failed on worker " + again.workerId() + ": bad record again"
                + "; giving up after 1 restart (controller.restart.max)", failed.failureMessage());
        assertEquals("user", failed.failureDomain());
    }
}
