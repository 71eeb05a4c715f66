package org.wadi.controller.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.wadi.controller.JobOutputs;
import org.wadi.rpc.StartExecution;
import org.wadi.rpc.LogLevel;
import org.wadi.rpc.StopMode;
import org.wadi.rpc.WorkerLog;
import org.wadi.spi.connector.ConnectorTable;
import org.wadi.spi.connector.TableRole;
import org.wadi.spi.job.JobState;
import org.wadi.spi.plan.DataflowPlan;
import org.wadi.spi.plan.EdgeKind;
import org.wadi.spi.plan.PlanCodec;
import org.wadi.spi.plan.PlanEdge;
import org.wadi.spi.plan.PlanNode;
import org.wadi.spi.plan.SinkOperator;
import org.wadi.spi.plan.SourceOperator;
import org.wadi.spi.scheduler.PluginBundle;
import org.wadi.spi.scheduler.WorkerRequest;
import org.wadi.spi.types.Schema;
import org.wadi.store.Job;
import org.wadi.store.JobLogLevel;
import org.wadi.store.JobLogMessage;
import org.wadi.store.JobTransition;
import org.wadi.store.Pipeline;

/**
 * Drives jobs through the state machine with the real gRPC server and loop, an in-memory store and
 * in-test workers speaking the real protocol.
 */
class ControllerTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final FakeStore store = new FakeStore();
    private final FakeJobLogStore jobLogs = new FakeJobLogStore();
    private final FakeScheduler scheduler = new FakeScheduler();
    private final Schedulers schedulers = new Schedulers();
    private final Connectors connectors = new Connectors();
    private Controller controller;

    ControllerTest() {
        connectors.add("impulse", "reg1", new PluginBundle("wadi-connector-impulse", "0.1.0", "mvn:org.wadi/wadi-connector-impulse/0.1.0"));
        connectors.add("blackhole", "reg2", new PluginBundle("wadi-connector-blackhole", "0.1.0", "file:/deploy/blackhole.jar"));
    }

    private static Settings settings(String scheduler, Duration schedulingTimeout, Duration stoppingTimeout) {
        return settings(scheduler, schedulingTimeout, stoppingTimeout, Duration.ofSeconds(5));
    }

    private static Settings settings(String scheduler, Duration schedulingTimeout, Duration stoppingTimeout,
            Duration finishingTimeout) {
        // restarts as configured by default, but with short backoffs so that tests need not wait
        return new Settings("127.0.0.1", 0, "", Duration.ofMillis(50), scheduler, 2, Duration.ofSeconds(5),
                schedulingTimeout, stoppingTimeout, finishingTimeout, Duration.ZERO, 100)
                .withRestarts(20, Duration.ofMillis(10), Duration.ofMillis(40), Duration.ofMinutes(2));
    }

    private void start() throws IOException {
        start(settings("test", WAIT, WAIT));
    }

    private void start(Settings settings) throws IOException {
        schedulers.add("test", scheduler);
        controller = new Controller(store, null, null, jobLogs, schedulers, connectors, settings, Clock.systemUTC());
    }

    @AfterEach
    void tearDown() {
        if (controller != null) {
            controller.close();
        }
        scheduler.workers.forEach(TestWorker::crash);
    }

    static DataflowPlan plan(int parallelism, String sourceConnector) {
        ConnectorTable source = new ConnectorTable("numbers", sourceConnector, Map.of(), Schema.of(),
                Set.of(TableRole.SOURCE), true);
        ConnectorTable sink = new ConnectorTable("out", "blackhole", Map.of(), Schema.of(), Set.of(TableRole.SINK), false);
        return new DataflowPlan(
                List.of(new PlanNode("source_1", "impulse", parallelism, new SourceOperator(source)),
                        new PlanNode("sink_2", "blackhole", parallelism, new SinkOperator(sink))),
                List.of(new PlanEdge("source_1", "sink_2", EdgeKind.FORWARD, List.of(), Schema.of())));
    }

    private String submit(String jobId, DataflowPlan plan) {
        Instant now = Instant.now();
        String pipelineId = "pl_" + jobId;
        store.createPipeline(
                new Pipeline(pipelineId, "test", "INSERT INTO out SELECT * FROM numbers", 3, 10_000_000,
                        PlanCodec.toJson(plan), org.wadi.spi.job.StopMode.NONE, now, now),
                new Job(jobId, pipelineId, JobState.Created, true, 0, null, null, null, null, null, now, now));
        return jobId;
    }

    private List<JobState> states(String jobId) {
        List<JobState> out = new ArrayList<>();
        for (JobTransition t : store.history(jobId)) {
            out.add(t.to());
        }
        return out;
    }

    private List<TestWorker> awaitRunning(String jobId) throws Exception {
        Job running = store.awaitState(jobId, JobState.Running);
        List<TestWorker> workers = scheduler.workersOf(jobId, running.runId());
        for (TestWorker w : workers) {
            w.started.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
        return workers;
    }

    @Test
    void aStoppingControllerReleasesTheSchedulerItPrepared() throws Exception {
        start();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (scheduler.prepared.get() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(scheduler.prepared.get() > 0, "the loop prepares the scheduler it uses");
        assertEquals(0, scheduler.released.get());
        controller.close();
        controller = null;
        assertEquals(1, scheduler.released.get(), "closing the controller (a lost lock) releases it once");
    }

    @Test
    void boundedJobRunsThroughToFinished() throws Exception {
        start();
        String job = submit("job_bounded", plan(3, "impulse"));

        List<TestWorker> workers = awaitRunning(job);
        Job running = store.getJob(job).orElseThrow();
        assertEquals(1, running.runId());
        assertEquals(6, running.tasks());
        assertNotNull(running.startTime());

        // ceil(3 / 2 slots) = 2 workers; subtasks 0 and 1 on the first, 2 on the second
        WorkerRequest request = scheduler.requests.get(0);
        assertEquals(2, request.workers());
        assertEquals(2, request.slotsPerWorker());
        assertEquals(controller.address(), request.controllerAddress());
        assertEquals(List.of("wadi-connector-impulse", "wadi-connector-blackhole"),
                request.plugins().stream().map(PluginBundle::symbolicName).toList());
        assertEquals(2, workers.size());
        StartExecution start = workers.get(0).started.get();
        assertEquals(6, start.getAssignmentsCount());
        assertEquals(PlanCodec.fromJson(start.getPlanJson()), plan(3, "impulse"));
        List<String> first = workers.stream().filter(w -> w.assigned.size() == 4).findFirst().orElseThrow().assignedTasks();
        List<String> second = workers.stream().filter(w -> w.assigned.size() == 2).findFirst().orElseThrow().assignedTasks();
        assertEquals(List.of("source_1[0]", "source_1[1]", "sink_2[0]", "sink_2[1]"), first);
        assertEquals(List.of("source_1[2]", "sink_2[2]"), second);

        workers.get(0).finishAll();
        store.awaitState(job, JobState.Finishing);
        workers.get(1).finishAll();
        Job finished = store.awaitState(job, JobState.Finished);

        assertNotNull(finished.finishTime());
        assertNull(finished.failureMessage());
        assertEquals(List.of(JobState.Created, JobState.Compiling, JobState.Scheduling, JobState.Running,
                JobState.Finishing, JobState.Finished), states(job));
        List<JobTransition> history = store.history(job);
        for (int i = 1; i < history.size(); i++) {
            assertEquals(history.get(i - 1).to(), history.get(i).from(), "transitions chain: " + history);
            assertTrue(history.get(i).reason() != null && !history.get(i).reason().isBlank(), "reason of " + history.get(i));
        }
        assertEquals("all 6 tasks are running", history.get(3).reason());
        assertEquals("all 6 tasks finished", history.get(5).reason());
    }

    @Test
    void gracefulStopAsksWorkersToDrainThenStops() throws Exception {
        start();
        String job = submit("job_graceful", plan(1, "impulse"));
        List<TestWorker> workers = awaitRunning(job);

        store.setStop("pl_" + job, org.wadi.spi.job.StopMode.GRACEFUL);

        Job stopped = store.awaitState(job, JobState.Stopped);
        assertEquals(StopMode.STOP_GRACEFUL, workers.get(0).stopRequested.get(WAIT.toSeconds(), TimeUnit.SECONDS));
        assertNotNull(stopped.finishTime());
        assertEquals(List.of(JobState.Created, JobState.Compiling, JobState.Scheduling, JobState.Running,
                JobState.Stopping, JobState.Stopped), states(job));
        assertEquals("stop requested (graceful)", store.history(job).get(4).reason());
    }

    @Test
    void checkpointStopDrainsLikeGracefulWithoutACheckpointStore() throws Exception {
        start();
        String job = submit("job_checkpoint", plan(1, "impulse"));
        List<TestWorker> workers = awaitRunning(job);

        store.setStop("pl_" + job, org.wadi.spi.job.StopMode.CHECKPOINT);

        store.awaitState(job, JobState.Stopped);
        assertEquals(StopMode.STOP_GRACEFUL, workers.get(0).stopRequested.get(WAIT.toSeconds(), TimeUnit.SECONDS));
    }

    @Test
    void immediateStopSendsImmediate() throws Exception {
        start();
        String job = submit("job_immediate", plan(1, "impulse"));
        List<TestWorker> workers = awaitRunning(job);

        store.setStop("pl_" + job, org.wadi.spi.job.StopMode.IMMEDIATE);

        store.awaitState(job, JobState.Stopped);
        assertEquals(StopMode.STOP_IMMEDIATE, workers.get(0).stopRequested.get(WAIT.toSeconds(), TimeUnit.SECONDS));
    }

    @Test
    void forceStopKillsTheWorkers() throws Exception {
        start();
        String job = submit("job_force", plan(1, "impulse"));
        awaitRunning(job);

        store.setStop("pl_" + job, org.wadi.spi.job.StopMode.FORCE);

        store.awaitState(job, JobState.Stopped);
        assertTrue(scheduler.stops.contains(new FakeScheduler.Stop(job, 1, true)), "stops: " + scheduler.stops);
        assertEquals("workers killed", store.history(job).get(5).reason());
    }

    @Test
    void workersThatIgnoreAStopAreKilledAtTheDeadline() throws Exception {
        scheduler.honourStop = false;
        start(settings("test", WAIT, Duration.ofMillis(300)));
        String job = submit("job_stubborn", plan(1, "impulse"));
        List<TestWorker> workers = awaitRunning(job);

        store.setStop("pl_" + job, org.wadi.spi.job.StopMode.GRACEFUL);

        store.awaitState(job, JobState.Stopped);
        assertEquals(StopMode.STOP_GRACEFUL, workers.get(0).stopRequested.get());
        assertTrue(store.history(job).get(5).reason().startsWith("workers did not stop within 300 ms"),
                store.history(job).toString());
        store.await(job, j -> scheduler.stops.contains(new FakeScheduler.Stop(job, 1, true)), "force-stopped", WAIT);
    }

    @Test
    void aWorkerWhoseStreamBreaksIsRecoveredInANewRunFromScratchWithoutCheckpoints() throws Exception {
        start();
        String job = submit("job_lost", plan(3, "impulse"));
        List<TestWorker> workers = awaitRunning(job);
        TestWorker lost = workers.get(0);
        TestWorker other = workers.get(1);

        lost.crash();

        Job again = store.await(job, j -> j.state() == JobState.Running && j.runId() == 2, "running run 2", WAIT);
        assertNull(again.failureMessage());
        assertEquals(List.of(JobState.Created, JobState.Compiling, JobState.Scheduling, JobState.Running,
                JobState.Recovering, JobState.Compiling, JobState.Scheduling, JobState.Running), states(job));
        String reason = store.history(job).get(4).reason();
        assertTrue(reason.startsWith("worker " + lost.workerId() + " of job " + job + " was lost: its connection broke"), reason);
        assertTrue(reason.endsWith("; restarting from scratch (no checkpoint completed) in 0.01 s (restart 1 of 20)"), reason);
        assertEquals("the workers of run 1 are gone; restarting from scratch", store.history(job).get(5).reason());
        // the rest of the failed run was killed at once
        assertNotNull(other.disconnected.get(WAIT.toSeconds(), TimeUnit.SECONDS));
        assertTrue(scheduler.stops.contains(new FakeScheduler.Stop(job, 1, true)), "stops: " + scheduler.stops);
        List<TestWorker> second = scheduler.workersOf(job, 2);
        assertEquals(2, second.size());
        for (TestWorker w : second) {
            assertTrue(!w.started.get(WAIT.toSeconds(), TimeUnit.SECONDS).hasRestoreEpoch(),
                    "no checkpoint completed: nothing to restore (restore_epoch -1)");
        }
    }

    @Test
    void aFailedTaskRestartsTheJobInANewRun() throws Exception {
        start();
        String job = submit("job_failing", plan(3, "impulse"));
        List<TestWorker> workers = awaitRunning(job);
        TestWorker failing = workers.stream().filter(w -> w.assigned.size() == 2).findFirst().orElseThrow();
        TestWorker other = workers.stream().filter(w -> w != failing).findFirst().orElseThrow();

        failing.fail("sink_2", 2, "cannot write to /out: disk full", "user");

        store.await(job, j -> j.state() == JobState.Running && j.runId() == 2, "running run 2", WAIT);
        assertEquals("task sink_2[2] failed on worker " + failing.workerId() + ": cannot write to /out: disk full"
                + "; restarting from scratch (no checkpoint completed) in 0.01 s (restart 1 of 20)",
                store.history(job).get(4).reason());
        assertEquals(JobState.Recovering, store.history(job).get(4).to());
        assertNotNull(other.disconnected.get(WAIT.toSeconds(), TimeUnit.SECONDS));
        assertEquals(2, scheduler.requests.size());
        assertEquals(2, scheduler.requests.get(1).runId());
    }

    @Test
    void whenRestartsAreExhaustedTheJobFailsWithTheLastErrorAfterGrowingBackoffs() throws Exception {
        start(settings("test", WAIT, WAIT).withRestarts(2, Duration.ofMillis(10), Duration.ofMillis(40),
                Duration.ofMinutes(2)));
        String job = submit("job_exhausted", plan(1, "impulse"));

        for (long run = 1; run <= 3; run++) {
            long r = run;
            store.await(job, j -> j.state() == JobState.Running && j.runId() == r, "running run " + r, WAIT);
            TestWorker w = scheduler.workersOf(job, run).get(0);
            w.started.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            w.fail("source_1", 0, "bad record " + run, "user");
            if (run < 3) {
                store.await(job, j -> j.runId() > r, "run " + (r + 1) + " scheduled", WAIT);
            }
        }

        Job failed = store.awaitState(job, JobState.Failed);
        TestWorker last = scheduler.workersOf(job, 3).get(0);
        String error = "task source_1[0] failed on worker " + last.workerId() + ": bad record 3";
        assertEquals(error + "; giving up after 2 restarts (controller.restart.max)", failed.failureMessage());
        assertEquals("user", failed.failureDomain());
        assertNotNull(failed.finishTime());
        List<JobTransition> history = store.history(job);
        List<String> recoveries = history.stream().filter(t -> t.to() == JobState.Recovering).map(JobTransition::reason).toList();
        assertEquals(2, recoveries.size(), "history: " + history);
        assertTrue(recoveries.get(0).endsWith(" in 0.01 s (restart 1 of 2)"), recoveries.get(0));
        assertTrue(recoveries.get(1).endsWith(" in 0.02 s (restart 2 of 2)"), recoveries.get(1));
        assertEquals(List.of(JobState.Running, JobState.Failing, JobState.Failed),
                states(job).subList(states(job).size() - 3, states(job).size()));
        assertEquals(failed.failureMessage(), history.get(history.size() - 2).reason());
        assertEquals("the workers of run 3 are gone; failed: " + failed.failureMessage(), history.get(history.size() - 1).reason());
    }

    @Test
    void withRestartsDisabledAFailedTaskFailsTheJobAndKillsTheOtherWorkers() throws Exception {
        start(settings("test", WAIT, WAIT).withRestarts(0, Duration.ofMillis(10), Duration.ofMillis(40),
                Duration.ofMinutes(2)));
        String job = submit("job_norestart", plan(3, "impulse"));
        List<TestWorker> workers = awaitRunning(job);
        TestWorker failing = workers.stream().filter(w -> w.assigned.size() == 2).findFirst().orElseThrow();
        TestWorker other = workers.stream().filter(w -> w != failing).findFirst().orElseThrow();

        failing.fail("sink_2", 2, "cannot write to /out: disk full", "user");

        Job failed = store.awaitState(job, JobState.Failed);
        assertEquals("task sink_2[2] failed on worker " + failing.workerId() + ": cannot write to /out: disk full"
                + "; not restarting (controller.restart.max is 0)", failed.failureMessage());
        assertEquals("user", failed.failureDomain());
        assertEquals(List.of(JobState.Created, JobState.Compiling, JobState.Scheduling, JobState.Running,
                JobState.Failing, JobState.Failed), states(job));
        assertNotNull(other.disconnected.get(WAIT.toSeconds(), TimeUnit.SECONDS));
        store.await(job, j -> scheduler.stops.contains(new FakeScheduler.Stop(job, 1, true)), "workers killed", WAIT);
    }

    @Test
    void theRestartCountStartsOverAfterTheJobRanHealthily() throws Exception {
        // reset after 0 ms: every run that reached Running counts as healthy
        start(settings("test", WAIT, WAIT).withRestarts(1, Duration.ofMillis(10), Duration.ofMillis(40), Duration.ZERO));
        String job = submit("job_healthy", plan(1, "impulse"));

        for (long run = 1; run <= 3; run++) {
            long r = run;
            store.await(job, j -> j.state() == JobState.Running && j.runId() == r, "running run " + r, WAIT);
            TestWorker w = scheduler.workersOf(job, run).get(0);
            w.started.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            w.crash();
        }
        store.await(job, j -> j.state() == JobState.Running && j.runId() == 4, "running run 4", WAIT);
        List<String> recoveries = store.history(job).stream().filter(t -> t.to() == JobState.Recovering)
                .map(JobTransition::reason).toList();
        assertEquals(3, recoveries.size());
        assertTrue(recoveries.stream().allMatch(r -> r.endsWith("(restart 1 of 1)")), recoveries.toString());
    }

    @Test
    void aStopWhileRecoveringStopsTheJob() throws Exception {
        // a backoff long enough for the stop to arrive first
        start(settings("test", WAIT, WAIT).withRestarts(20, Duration.ofMinutes(1), Duration.ofMinutes(1),
                Duration.ofMinutes(2)));
        String job = submit("job_stop_recovering", plan(1, "impulse"));
        awaitRunning(job).get(0).crash();
        store.awaitState(job, JobState.Recovering);

        store.setStop("pl_" + job, org.wadi.spi.job.StopMode.GRACEFUL);

        Job stopped = store.awaitState(job, JobState.Stopped);
        assertNotNull(stopped.finishTime());
        assertEquals("stop requested while recovering; the failed run's workers were killed",
                store.history(job).get(5).reason());
        assertEquals(1, scheduler.requests.size(), "no new run");
    }

    @Test
    void aMissingSchedulerFailsTheJobNamingTheAvailableOnes() throws Exception {
        schedulers.add("embedded", new FakeScheduler());
        start(settings("kubernetes", WAIT, WAIT));
        String job = submit("job_nosched", plan(1, "impulse"));

        Job failed = store.awaitState(job, JobState.Failed);
        assertTrue(failed.failureMessage().startsWith("scheduler 'kubernetes' is not available; available schedulers: embedded, test"),
                failed.failureMessage());
        assertEquals(List.of(JobState.Created, JobState.Compiling, JobState.Scheduling, JobState.Failed), states(job));
    }

    @Test
    void aMissingConnectorFailsTheJobAsTheUsersError() throws Exception {
        start();
        String job = submit("job_noconn", plan(1, "kafka"));

        Job failed = store.awaitState(job, JobState.Failed);
        assertEquals("connector 'kafka' is not installed; installed connectors: blackhole, impulse", failed.failureMessage());
        assertEquals("user", failed.failureDomain());
        assertEquals(List.of(JobState.Created, JobState.Compiling, JobState.Failed), states(job));
        assertTrue(scheduler.requests.isEmpty());
    }

    @Test
    void anUnreadablePlanFailsTheJobAsTheUsersError() throws Exception {
        start();
        Instant now = Instant.now();
        store.createPipeline(new Pipeline("pl_bad", "bad", "SELECT", 1, 0, "{\"nodes\": 7}",
                        org.wadi.spi.job.StopMode.NONE, now, now),
                new Job("job_bad", "pl_bad", JobState.Created, true, 0, null, null, null, null, null, now, now));

        Job failed = store.awaitState("job_bad", JobState.Failed);
        assertTrue(failed.failureMessage().startsWith("the dataflow plan of pipeline pl_bad cannot be read"),
                failed.failureMessage());
        assertEquals("user", failed.failureDomain());
    }

    @Test
    void workersThatNeverRegisterFailTheJobAtTheSchedulingDeadline() throws Exception {
        scheduler.startWorkers = false;
        start(settings("test", Duration.ofMillis(300), WAIT));
        String job = submit("job_slow", plan(1, "impulse"));

        Job failed = store.awaitState(job, JobState.Failed);
        assertEquals("the workers of job job_slow did not start within 300 ms: 0 of 1 workers registered, no task started",
                failed.failureMessage());
    }

    @Test
    void aWorkerThatExitsBeforeRegisteringFailsTheJobWithoutWaitingForTheDeadline() throws Exception {
        scheduler.startWorkers = false;
        scheduler.dead.add(new org.wadi.spi.scheduler.WorkerHandle("wkr_dead", "job_doa", 1, "pid 42, exited with code 1", false));
        start();
        String job = submit("job_doa", plan(1, "impulse"));

        Job failed = store.awaitState(job, JobState.Failed);
        assertEquals("worker wkr_dead of job job_doa exited before it registered (pid 42, exited with code 1)",
                failed.failureMessage());
    }

    @Test
    void aJobThatDoesNotDrainAfterItsSourcesEndedFailsAtTheFinishingDeadline() throws Exception {
        start(settings("test", WAIT, WAIT, Duration.ofMillis(300)));
        String job = submit("job_hung", plan(1, "impulse"));
        TestWorker worker = awaitRunning(job).get(0);

        worker.report("source_1", 0, org.wadi.rpc.TaskState.TASK_FINISHED, "", "");

        store.awaitState(job, JobState.Finishing);
        Job failed = store.awaitState(job, JobState.Failed);
        assertEquals("job job_hung did not finish within 300 ms after its sources ended: 1 of 2 tasks still running",
                failed.failureMessage());
    }

    @Test
    void aSchedulerErrorFailsTheJob() throws Exception {
        scheduler.failWith = "worker bundle 'wadi-worker' is not installed";
        start();
        String job = submit("job_schederr", plan(1, "impulse"));

        Job failed = store.awaitState(job, JobState.Failed);
        assertEquals("scheduler 'test' could not start the workers of job job_schederr: worker bundle 'wadi-worker' is not installed",
                failed.failureMessage());
    }

    @Test
    void aStopWhileSchedulingStopsWithoutRunning() throws Exception {
        scheduler.startWorkers = false;
        start();
        String job = submit("job_early", plan(1, "impulse"));
        store.awaitState(job, JobState.Scheduling);
        store.await(job, j -> !scheduler.requests.isEmpty(), "requested", WAIT);

        store.setStop("pl_" + job, org.wadi.spi.job.StopMode.GRACEFUL);

        store.awaitState(job, JobState.Stopped);
        assertEquals(List.of(JobState.Created, JobState.Compiling, JobState.Scheduling, JobState.Stopping, JobState.Stopped),
                states(job));
    }

    @Test
    void aStoppedJobRunsAgainInANewRunWhenAskedTo() throws Exception {
        start();
        String job = submit("job_again", plan(1, "impulse"));
        awaitRunning(job);
        store.setStop("pl_" + job, org.wadi.spi.job.StopMode.IMMEDIATE);
        store.awaitState(job, JobState.Stopped);

        store.setStop("pl_" + job, org.wadi.spi.job.StopMode.NONE);

        Job again = store.await(job, j -> j.state() == JobState.Running && j.runId() == 2, "running run 2", WAIT);
        assertNull(again.finishTime());
        assertEquals(1, scheduler.workersOf(job, 2).size());
    }

    @Test
    void jobsLeftMidwayByAPreviousControllerAreTakenUp() throws Exception {
        Instant now = Instant.now();
        String planJson = PlanCodec.toJson(plan(1, "impulse"));
        Pipeline p1 = new Pipeline("pl_r", "r", "q", 1, 0, planJson, org.wadi.spi.job.StopMode.NONE, now, now);
        Pipeline p2 = new Pipeline("pl_s", "s", "q", 1, 0, planJson, org.wadi.spi.job.StopMode.NONE, now, now);
        Pipeline p3 = new Pipeline("pl_t", "t", "q", 1, 0, planJson, org.wadi.spi.job.StopMode.GRACEFUL, now, now);
        store.putJob(p1, new Job("job_r", "pl_r", JobState.Running, true, 4, now, null, 2, null, null, now, now));
        store.putJob(p2, new Job("job_s", "pl_s", JobState.Scheduling, true, 4, null, null, null, null, null, now, now));
        store.putJob(p3, new Job("job_t", "pl_t", JobState.Stopping, false, 4, now, null, 2, null, null, now, now));

        start();

        Job recovered = store.await("job_r", j -> j.state() == JobState.Running && j.runId() == 5, "job_r running run 5", WAIT);
        assertNull(recovered.failureMessage());
        assertEquals(List.of(JobState.Recovering, JobState.Compiling, JobState.Scheduling, JobState.Running), states("job_r"));
        assertEquals("the controller restarted and lost the workers of job job_r (it was Running); restarting from scratch"
                + " (no checkpoint completed) in 0.01 s (restart 1 of 20)", store.history("job_r").get(0).reason());
        Job rescheduled = store.awaitState("job_s", JobState.Running);
        assertEquals(5, rescheduled.runId());
        store.awaitState("job_t", JobState.Stopped);
        store.await("job_r", j -> scheduler.stops.contains(new FakeScheduler.Stop("job_r", 4, true)), "leftovers killed", WAIT);
    }

    @Test
    void thePipelinesSchedulerConfigGoesWithTheWorkerRequestAndThePushgatewayWithTheStart() throws Exception {
        start(settings("test", WAIT, WAIT).withPushgatewayUrl("http://pushgateway.example:9091"));
        Instant now = Instant.now();
        store.createPipeline(new Pipeline("pl_k8s", "test", "q", 1, 10_000_000, PlanCodec.toJson(plan(1, "impulse")),
                        org.wadi.spi.job.StopMode.NONE, now, now)
                        .withSchedulerConfig("{\"image\": \"registry.example/wadi:1.2\", \"labels\": {\"team\": \"ads\"},"
                                + " \"tolerations\": [{\"key\": \"dedicated\"}], \"replicas\": 2, \"spot\": null}"),
                new Job("job_k8s", "pl_k8s", JobState.Created, true, 0, null, null, null, null, null, now, now));
        submit("job_plain", plan(1, "impulse"));

        List<TestWorker> workers = awaitRunning("job_k8s");
        awaitRunning("job_plain");

        Map<String, Object> expected = new java.util.LinkedHashMap<>();
        expected.put("image", "registry.example/wadi:1.2");
        expected.put("labels", Map.of("team", "ads"));
        expected.put("tolerations", List.of(Map.of("key", "dedicated")));
        expected.put("replicas", 2);
        expected.put("spot", null);
        WorkerRequest request = scheduler.requests.stream().filter(r -> r.jobId().equals("job_k8s")).findFirst().orElseThrow();
        assertEquals(expected, request.schedulerConfig());
        assertEquals(Map.of(), scheduler.requests.stream().filter(r -> r.jobId().equals("job_plain")).findFirst()
                .orElseThrow().schedulerConfig());
        assertEquals(Map.of(), request.env(), "the scheduler_config no longer travels in the environment");
        assertEquals("http://pushgateway.example:9091", workers.get(0).started.get().getPushgatewayUrl());
    }

    @Test
    void withoutAPushgatewayTheStartNamesNone() throws Exception {
        start();
        String job = submit("job_nopush", plan(1, "impulse"));
        assertEquals("", awaitRunning(job).get(0).started.get().getPushgatewayUrl());
    }

    @Test
    void anOutputSubscriptionGetsTheRowsStillQueuedThenItsEndWhenTheJobEnds() throws Exception {
        start();
        String job = submit("job_out_end", plan(1, "impulse"));
        List<TestWorker> workers = awaitRunning(job);
        LinkedBlockingQueue<String> events = new LinkedBlockingQueue<>();

        try (AutoCloseable sub = controller.outputs().subscribe(job, r -> events.add(r.json()), () -> events.add("end"))) {
            workers.get(0).sendRows("sink_2", 0, "{\"n\":1}", "{\"n\":2}");
            assertEquals("{\"n\":1}", events.poll(WAIT.toSeconds(), TimeUnit.SECONDS));
            assertEquals("{\"n\":2}", events.poll(WAIT.toSeconds(), TimeUnit.SECONDS));
            assertNull(events.poll(200, TimeUnit.MILLISECONDS), "a running job's stream does not end");

            workers.get(0).finishAll();
            store.awaitState(job, JobState.Finished);
            assertEquals("end", events.poll(WAIT.toSeconds(), TimeUnit.SECONDS));
        }
        // a subscriber of the ended job is told at once
        LinkedBlockingQueue<String> late = new LinkedBlockingQueue<>();
        try (AutoCloseable sub = controller.outputs().subscribe(job, r -> late.add(r.json()), () -> late.add("end"))) {
            assertEquals("end", late.poll(WAIT.toSeconds(), TimeUnit.SECONDS));
        }
    }

    @Test
    void aStoppedJobsOutputEndsAndStreamsAgainOnceItIsResumed() throws Exception {
        start();
        String job = submit("job_out_stop", plan(1, "impulse"));
        awaitRunning(job);
        LinkedBlockingQueue<String> events = new LinkedBlockingQueue<>();
        controller.outputs().subscribe(job, r -> events.add(r.json()), () -> events.add("end"));
        store.setStop("pl_" + job, org.wadi.spi.job.StopMode.IMMEDIATE);
        store.awaitState(job, JobState.Stopped);
        assertEquals("end", events.poll(WAIT.toSeconds(), TimeUnit.SECONDS));

        store.setStop("pl_" + job, org.wadi.spi.job.StopMode.NONE);
        store.await(job, j -> j.state() == JobState.Running && j.runId() == 2, "running run 2", WAIT);
        TestWorker again = scheduler.workersOf(job, 2).get(0);
        again.started.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        LinkedBlockingQueue<String> resumed = new LinkedBlockingQueue<>();
        try (AutoCloseable sub = controller.outputs().subscribe(job, r -> resumed.add(r.json()), () -> resumed.add("end"))) {
            again.sendRows("sink_2", 0, "{\"n\":3}");
            assertEquals("{\"n\":3}", resumed.poll(WAIT.toSeconds(), TimeUnit.SECONDS));
            assertNull(resumed.poll(200, TimeUnit.MILLISECONDS), "the resumed job's stream is open");
        }
    }

    @Test
    void previewRowsReachSubscribers() throws Exception {
        start();
        String job = submit("job_preview", plan(1, "impulse"));
        List<TestWorker> workers = awaitRunning(job);
        LinkedBlockingQueue<JobOutputs.OutputRow> rows = new LinkedBlockingQueue<>();

        try (AutoCloseable sub = controller.outputs().subscribe(job, rows::add)) {
            workers.get(0).sendRows("sink_2", 0, "{\"n\":1}", "{\"n\":2}");

            assertEquals(new JobOutputs.OutputRow("sink_2", 0, "{\"n\":1}"), rows.poll(WAIT.toSeconds(), TimeUnit.SECONDS));
            assertEquals(new JobOutputs.OutputRow("sink_2", 0, "{\"n\":2}"), rows.poll(WAIT.toSeconds(), TimeUnit.SECONDS));
        }
    }

    @Test
    void taskFailuresRestartsAndTheJobsFailureAreInItsErrorsListAndMetrics() throws Exception {
        start(settings("test", WAIT, WAIT).withRestarts(1, Duration.ofMillis(10), Duration.ofMillis(40),
                Duration.ofMinutes(2)));
        String job = submit("job_errors", plan(1, "impulse"));
        TestWorker first = awaitRunning(job).get(0);
        first.fail("source_1", 0, "division by zero", "user", "java.lang.ArithmeticException: division by zero");
        // a second report of the same failure changes nothing
        first.fail("source_1", 0, "division by zero", "user");
        store.await(job, j -> j.state() == JobState.Running && j.runId() == 2, "running run 2", WAIT);
        TestWorker second = scheduler.workersOf(job, 2).get(0);
        second.started.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        second.fail("sink_2", 0, "disk full", "internal");
        Job failed = store.awaitState(job, JobState.Failed);

        JobLogMessage last = jobLogs.await(job, m -> m.message().startsWith("job failed: "), "the job's failure");
        assertEquals("job failed: " + failed.failureMessage(), last.message());
        List<JobLogMessage> all = jobLogs.of(job);
        assertEquals(4, all.size(), "two task failures, one restart, the failure: " + all);

        JobLogMessage task = all.get(0);
        assertEquals(JobLogLevel.ERROR, task.level());
        assertEquals("source_1", task.operatorId());
        assertEquals(0, task.taskIndex());
        assertEquals(1, task.runId());
        assertEquals("division by zero", task.message());
        assertEquals("Reported by worker " + first.workerId() + " (run 1) as an error of the pipeline.\n\n"
                + "java.lang.ArithmeticException: division by zero", task.details());

        JobLogMessage restart = all.get(1);
        assertEquals(JobLogLevel.WARN, restart.level());
        assertNull(restart.operatorId());
        assertEquals("job restarting: " + store.history(job).get(4).reason(), restart.message());

        JobLogMessage internal = all.get(2);
        assertEquals("sink_2", internal.operatorId());
        assertEquals(2, internal.runId());
        assertEquals("Reported by worker " + second.workerId() + " (run 2) as an internal error.", internal.details());
        assertEquals(JobLogLevel.ERROR, last.level());
        assertNull(last.taskIndex());

        String text = ControllerMetricsTest.scrape(controller.metrics());
        assertEquals(java.util.Optional.of(1.0), ControllerMetricsTest.sample(text, "wadi_job_restarts_total"));
        assertEquals(java.util.Optional.of(1.0), ControllerMetricsTest.sample(text,
                "wadi_job_transitions_total{from=\"Failing\",to=\"Failed\"}"));
        assertEquals(java.util.Optional.of(1.0), ControllerMetricsTest.sample(text, "wadi_jobs{state=\"Failed\"}"));
    }

    @Test
    void whatWorkersReportIsRecordedForTheirOwnTasksOnly() throws Exception {
        start();
        String job = submit("job_reports", plan(3, "impulse"));
        List<TestWorker> workers = awaitRunning(job);
        TestWorker w = workers.stream().filter(x -> x.assignedTasks().contains("source_1[0]")).findFirst().orElseThrow();
        long micros = 1_700_000_000_123_456L;

        w.log(WorkerLog.newBuilder().setLevel(LogLevel.LOG_WARN).setOperatorId("source_1").setSubtask(0)
                .setMessage("skipped a malformed row").setDetails("row: {\"n\": x}").setTimeMicros(micros).build());
        w.log(WorkerLog.newBuilder().setOperatorId("source_1").setSubtask(1).setDroppedRecords(12).build());
        w.log(WorkerLog.newBuilder().setLevel(LogLevel.LOG_ERROR).setOperatorId("source_1").setSubtask(2)
                .setMessage("not this worker's task").build());
        w.log(WorkerLog.newBuilder().setLevel(LogLevel.LOG_ERROR).setMessage("the worker is low on memory").build());

        jobLogs.await(job, m -> m.message().equals("the worker is low on memory"), "the last report");
        List<JobLogMessage> all = jobLogs.of(job);
        assertEquals(List.of("skipped a malformed row", "dropped 12 bad records", "the worker is low on memory"),
                all.stream().map(JobLogMessage::message).toList(), "the report on another worker's task is ignored");
        assertEquals(new JobLogMessage(all.get(0).id(), job, 1, Instant.ofEpochSecond(1_700_000_000L, 123_456_000L),
                "source_1", 0, JobLogLevel.WARN, "skipped a malformed row", "row: {\"n\": x}"), all.get(0));
        assertEquals(JobLogLevel.WARN, all.get(1).level(), "a report without a level is a warning");
        assertEquals(1, all.get(1).taskIndex());
        assertNull(all.get(2).operatorId());
        assertNull(all.get(2).taskIndex());
        assertEquals(JobLogLevel.ERROR, all.get(2).level());
        assertEquals(java.util.Optional.of(12.0), ControllerMetricsTest.sample(
                ControllerMetricsTest.scrape(controller.metrics()), "wadi_bad_records_dropped_total"));
    }
}
