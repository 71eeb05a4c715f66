package org.wadi.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.wadi.spi.job.JobState;
import org.wadi.spi.job.StopMode;
import org.wadi.store.Checkpoint;
import org.wadi.store.CheckpointOperator;
import org.wadi.store.CheckpointState;
import org.wadi.store.ControllerLock;
import org.wadi.store.Job;
import org.wadi.store.JobControl;
import org.wadi.store.JobLogLevel;
import org.wadi.store.JobLogMessage;
import org.wadi.store.JobTransition;
import org.wadi.store.Page;
import org.wadi.store.Pipeline;

/** What every {@link MyBatisPipelineStore} must do, whatever PostgreSQL it runs on. */
abstract class PipelineStoreContract {

    /** The store under test, open for the whole class. */
    abstract MyBatisPipelineStore store();

    /** JDBC URL of the store's database, for a second store sharing it. */
    abstract String jdbcUrl();

    static final Instant T0 = Instant.parse("2024-05-01T10:00:00.123456Z");
    static final String URL = "file:///var/lib/wadi/checkpoints";

    static Pipeline pipeline(String id, Instant created) {
        return new Pipeline(id, "name of " + id, "INSERT INTO sink SELECT * FROM source", 2, 10_000_000L,
                "{\"nodes\":[],\"edges\":[]}", StopMode.NONE, created, created);
    }

    static Job newJob(String id, String pipelineId) {
        return new Job(id, pipelineId, JobState.Created, true, 0, null, null, null, null, null, null, null);
    }

    @BeforeEach
    void emptyTables() throws SQLException {
        try (Connection c = store().dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("TRUNCATE pipelines CASCADE");
        }
    }

    @Test
    void createsPipelineWithItsJobAndFirstHistoryEntry() {
        store().createPipeline(pipeline("pl_1", T0), newJob("job_1", "pl_1"));

        Pipeline p = store().getPipeline("pl_1").orElseThrow();
        assertEquals(pipeline("pl_1", T0), p);

        Job j = store().getJob("job_1").orElseThrow();
        assertEquals("pl_1", j.pipelineId());
        assertEquals(JobState.Created, j.state());
        assertTrue(j.runningDesired());
        assertEquals(0, j.runId());
        assertNull(j.startTime());
        assertNull(j.tasks());
        assertNotNull(j.createdAt(), "created_at defaults to now()");
        assertEquals(List.of(j), store().jobsForPipeline("pl_1"));

        List<JobTransition> history = store().history("job_1");
        assertEquals(1, history.size());
        assertNull(history.get(0).from());
        assertEquals(JobState.Created, history.get(0).to());
        assertEquals("created", history.get(0).reason());
        assertNotNull(history.get(0).at());
    }

    @Test
    void keepsAPreviewsTimeToLiveAndTheCheckpointItStartsFrom() {
        org.wadi.store.CheckpointRef from = new org.wadi.store.CheckpointRef(URL, "job_old", 7);
        Pipeline p = pipeline("pl_1", T0).with(60_000_000L, from);
        store().createPipeline(p, newJob("job_1", "pl_1"));

        Pipeline read = store().getPipeline("pl_1").orElseThrow();
        assertEquals(p, read);
        assertTrue(read.preview());
        assertEquals(java.util.Optional.of(from), read.initialState());
        store().createPipeline(pipeline("pl_2", T0.plusSeconds(1)), newJob("job_2", "pl_2"));
        Pipeline second = store().getPipeline("pl_2").orElseThrow();
        assertTrue(!second.preview() && second.initialState().isEmpty(), second.toString());
    }

    @Test
    void keepsThePipelinesSchedulerConfigAndAnEmptyOneWhenItHasNone() throws SQLException {
        // written as PostgreSQL spells jsonb, so that the text read back is the same
        String config = "{\"image\": \"registry.example/wadi:1.2\", \"labels\": {\"team\": \"ads\"}}";
        Pipeline p = pipeline("pl_1", T0).withSchedulerConfig(config);
        store().createPipeline(p, newJob("job_1", "pl_1"));
        store().createPipeline(pipeline("pl_2", T0.plusSeconds(1)), newJob("job_2", "pl_2"));

        assertEquals(p, store().getPipeline("pl_1").orElseThrow());
        assertEquals(config, store().listPipelines(null, 10).data().get(1).schedulerConfig());
        assertEquals("{}", store().getPipeline("pl_2").orElseThrow().schedulerConfig());
        // the same object whatever the spelling: a jsonb column
        assertEquals(1, count("SELECT count(*) FROM pipelines WHERE id = 'pl_1' AND scheduler_config = "
                + "'{\"labels\":{\"team\":\"ads\"},\"image\":\"registry.example/wadi:1.2\"}'::jsonb"));
    }

    @Test
    void refusesASchedulerConfigThatIsNotAJsonObject() {
        for (String bad : List.of("[1, 2]", "not json", "\"text\"")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> store().createPipeline(pipeline("pl_1", T0).withSchedulerConfig(bad), newJob("job_1", "pl_1")),
                    bad);
            assertTrue(e.getMessage().contains("pl_1"), e.getMessage());
            assertTrue(store().getPipeline("pl_1").isEmpty(), bad);
        }
    }

    @Test
    void latestJobsGivesTheNewestJobOfEachPipeline() throws SQLException {
        store().createPipeline(pipeline("pl_1", T0), newJob("job_1b", "pl_1"));
        insertJob("job_1a", "pl_1", T0.minusSeconds(60));
        store().createPipeline(pipeline("pl_2", T0.plusSeconds(1)), newJob("job_2", "pl_2"));
        store().createPipeline(pipeline("pl_3", T0.plusSeconds(2)), newJob("job_3", "pl_3"));
        try (Connection c = store().dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("DELETE FROM jobs WHERE pipeline_id = 'pl_3'");
        }

        Map<String, Job> latest = store().latestJobs(List.of("pl_1", "pl_2", "pl_3", "pl_none", "pl_1"));
        assertEquals(Map.of("pl_1", store().jobsForPipeline("pl_1").get(0), "pl_2", store().getJob("job_2").orElseThrow()),
                latest);
        assertEquals("job_1b", latest.get("pl_1").id());
        assertEquals(Map.of(), store().latestJobs(List.of()));
    }

    @Test
    void unknownIdsAreEmpty() {
        assertTrue(store().getPipeline("pl_none").isEmpty());
        assertTrue(store().getJob("job_none").isEmpty());
        assertTrue(store().jobsForPipeline("pl_none").isEmpty());
        assertTrue(store().history("job_none").isEmpty());
    }

    @Test
    void createIsAtomic() {
        store().createPipeline(pipeline("pl_1", T0), newJob("job_1", "pl_1"));

        // the job id is taken: the second pipeline must not be left without its job
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> store().createPipeline(pipeline("pl_2", T0), newJob("job_1", "pl_2")));
        assertTrue(e.getMessage().contains("pl_2"), e.getMessage());
        assertTrue(store().getPipeline("pl_2").isEmpty());
        assertEquals("pl_1", store().getJob("job_1").orElseThrow().pipelineId());
    }

    @Test
    void createRejectsAJobOfAnotherPipelineOrState() {
        assertThrows(IllegalArgumentException.class, () -> store().createPipeline(pipeline("pl_1", T0), newJob("job_1", "pl_other")));
        Job running = new Job("job_1", "pl_1", JobState.Running, true, 0, null, null, null, null, null, null, null);
        assertThrows(IllegalArgumentException.class, () -> store().createPipeline(pipeline("pl_1", T0), running));
        assertTrue(store().getPipeline("pl_1").isEmpty());
    }

    @Test
    void listsNewestFirstInPages() {
        for (int i = 1; i <= 5; i++) {
            store().createPipeline(pipeline("pl_" + i, T0.plusSeconds(i)), newJob("job_" + i, "pl_" + i));
        }

        Page<Pipeline> first = store().listPipelines(null, 2);
        assertEquals(List.of("pl_5", "pl_4"), ids(first));
        assertTrue(first.hasMore());

        Page<Pipeline> second = store().listPipelines("pl_4", 2);
        assertEquals(List.of("pl_3", "pl_2"), ids(second));
        assertTrue(second.hasMore());

        Page<Pipeline> last = store().listPipelines("pl_2", 2);
        assertEquals(List.of("pl_1"), ids(last));
        assertFalse(last.hasMore());

        Page<Pipeline> exact = store().listPipelines(null, 5);
        assertEquals(5, exact.data().size());
        assertFalse(exact.hasMore());

        assertEquals(List.of(), store().listPipelines("pl_1", 10).data());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> store().listPipelines("pl_gone", 2));
        assertTrue(e.getMessage().contains("pl_gone"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> store().listPipelines(null, 0));
    }

    @Test
    void pagingBreaksTiesOfCreationTimeById() {
        for (String id : List.of("pl_a", "pl_b", "pl_c")) {
            store().createPipeline(pipeline(id, T0), newJob("job_" + id, id));
        }
        assertEquals(List.of("pl_c", "pl_b"), ids(store().listPipelines(null, 2)));
        assertEquals(List.of("pl_a"), ids(store().listPipelines("pl_b", 2)));
    }

    @Test
    void setStopChangesThePipelineAndItsCurrentJob() throws SQLException {
        store().createPipeline(pipeline("pl_1", T0), newJob("job_1", "pl_1"));
        insertJob("job_0", "pl_1", T0.minusSeconds(60)); // an older run

        assertTrue(store().setStop("pl_1", StopMode.CHECKPOINT));
        assertEquals(StopMode.CHECKPOINT, store().getPipeline("pl_1").orElseThrow().stop());
        assertFalse(store().getJob("job_1").orElseThrow().runningDesired());
        assertTrue(store().getJob("job_0").orElseThrow().runningDesired(), "only the current job is asked to stop");

        assertTrue(store().setStop("pl_1", StopMode.NONE));
        assertEquals(StopMode.NONE, store().getPipeline("pl_1").orElseThrow().stop());
        assertTrue(store().getJob("job_1").orElseThrow().runningDesired());

        assertFalse(store().setStop("pl_none", StopMode.FORCE));
    }

    @Test
    void jobsForPipelineAreNewestFirst() throws SQLException {
        store().createPipeline(pipeline("pl_1", T0), newJob("job_2", "pl_1"));
        insertJob("job_1", "pl_1", T0.minusSeconds(60));
        assertEquals(List.of("job_2", "job_1"), store().jobsForPipeline("pl_1").stream().map(Job::id).toList());
    }

    @Test
    void deleteCascadesToJobsAndHistory() throws SQLException {
        store().createPipeline(pipeline("pl_1", T0), newJob("job_1", "pl_1"));
        store().createPipeline(pipeline("pl_2", T0), newJob("job_2", "pl_2"));

        assertTrue(store().deletePipeline("pl_1"));

        assertTrue(store().getPipeline("pl_1").isEmpty());
        assertTrue(store().getJob("job_1").isEmpty());
        assertTrue(store().history("job_1").isEmpty());
        assertEquals(0, count("SELECT count(*) FROM job_status_history WHERE job_id = 'job_1'"));
        assertTrue(store().getJob("job_2").isPresent(), "other pipelines stay");
        assertFalse(store().deletePipeline("pl_1"));
    }

    @Test
    void transitionIsOptimisticAndRecordsHistoryInOrder() {
        store().createPipeline(pipeline("pl_1", T0), newJob("job_1", "pl_1"));
        Job created = store().getJob("job_1").orElseThrow();

        Job compiling = with(created, JobState.Compiling);
        assertTrue(store().transition(compiling, JobState.Created, "compiling the plan"));

        // a second writer still believing the job is Created loses
        assertFalse(store().transition(with(created, JobState.Failed), JobState.Created, "stale"));
        assertEquals(JobState.Compiling, store().getJob("job_1").orElseThrow().state());

        Instant started = T0.plusSeconds(5);
        Job running = new Job("job_1", "pl_1", JobState.Running, true, 1, started, null, 4, null, null, null, null);
        assertTrue(store().transition(with(compiling, JobState.Scheduling), JobState.Compiling, "scheduling workers"));
        assertTrue(store().transition(running, JobState.Scheduling, "all tasks running"));

        Job stored = store().getJob("job_1").orElseThrow();
        assertEquals(JobState.Running, stored.state());
        assertEquals(1, stored.runId());
        assertEquals(started, stored.startTime());
        assertEquals(Integer.valueOf(4), stored.tasks());
        assertTrue(stored.updatedAt().compareTo(stored.createdAt()) >= 0);

        Instant finished = T0.plusSeconds(9);
        Job failed = new Job("job_1", "pl_1", JobState.Failed, true, 1, started, finished, 4, "division by zero", "user", null, null);
        assertTrue(store().transition(failed, JobState.Running, "task failed"));
        Job afterFailure = store().getJob("job_1").orElseThrow();
        assertEquals("division by zero", afterFailure.failureMessage());
        assertEquals("user", afterFailure.failureDomain());
        assertEquals(finished, afterFailure.finishTime());

        List<JobTransition> history = store().history("job_1");
        assertEquals(List.of("created", "compiling the plan", "scheduling workers", "all tasks running", "task failed"),
                history.stream().map(JobTransition::reason).toList());
        assertEquals(JobState.Scheduling, history.get(3).from());
        assertEquals(JobState.Running, history.get(3).to());
    }

    @Test
    void transitionOfAnUnknownJobFails() {
        assertFalse(store().transition(newJob("job_none", "pl_none"), JobState.Created, "nothing"));
    }

    @Test
    void activeJobsAreTheNonFinalOnesAndStoppedOnesAskedToRunAgain() {
        store().createPipeline(pipeline("pl_1", T0), newJob("job_1", "pl_1"));
        store().createPipeline(pipeline("pl_2", T0), newJob("job_2", "pl_2"));
        store().createPipeline(pipeline("pl_3", T0), newJob("job_3", "pl_3"));
        assertTrue(store().setStop("pl_2", StopMode.GRACEFUL));
        Job job2 = store().getJob("job_2").orElseThrow();
        assertTrue(store().transition(with(job2, JobState.Stopped), JobState.Created, "stopped"));
        Job job3 = store().getJob("job_3").orElseThrow();
        assertTrue(store().transition(with(job3, JobState.Stopped), JobState.Created, "stopped"));
        assertTrue(store().setStop("pl_3", StopMode.NONE));

        assertEquals(List.of("job_1", "job_3"), store().activeJobs().stream().map(Job::id).toList());
    }

    @Test
    void aRestartRequestIsCountedRunsTheJobAgainAndBringsBackAFinalJobUntilTaken() {
        store().createPipeline(pipeline("pl_1", T0), newJob("job_1", "pl_1"));
        assertEquals(new JobControl(2, 0, 0, false, false), store().jobControl("job_1").orElseThrow());
        assertTrue(store().setStop("pl_1", StopMode.CHECKPOINT));
        Job job = store().getJob("job_1").orElseThrow();
        assertTrue(store().transition(with(job, JobState.Failed), JobState.Created, "failed"));
        assertEquals(List.of(), store().activeJobs());

        assertTrue(store().requestRestart("pl_1", true, false));
        assertTrue(store().requestRestart("pl_1", false, true));

        JobControl control = store().jobControl("job_1").orElseThrow();
        assertEquals(new JobControl(2, 2, 0, false, true), control, "the newest request's options count");
        assertTrue(control.restartPending());
        assertEquals(StopMode.NONE, store().getPipeline("pl_1").orElseThrow().stop());
        assertTrue(store().getJob("job_1").orElseThrow().runningDesired());
        assertEquals(List.of("job_1"), store().activeJobs().stream().map(Job::id).toList(), "a final job with a restart pending");

        assertTrue(store().restartTaken("job_1", 2));
        assertTrue(store().restartTaken("job_1", 1), "an older nonce leaves the newer one");
        assertFalse(store().jobControl("job_1").orElseThrow().restartPending());
        assertEquals(List.of(), store().activeJobs());

        assertFalse(store().requestRestart("pl_none", false, false));
        assertFalse(store().restartTaken("job_none", 1));
        assertTrue(store().jobControl("job_none").isEmpty());
    }

    @Test
    void rescaleChangesParallelismAndPlan() {
        store().createPipeline(pipeline("pl_1", T0), newJob("job_1", "pl_1"));

        assertTrue(store().rescale("pl_1", 4, "{\"nodes\":[],\"edges\":[],\"p\":4}"));

        Pipeline p = store().getPipeline("pl_1").orElseThrow();
        assertEquals(4, p.parallelism());
        assertEquals("{\"nodes\":[],\"edges\":[],\"p\":4}", p.planJson());
        assertEquals(4, store().jobControl("job_1").orElseThrow().parallelism());
        assertFalse(store().rescale("pl_none", 4, "{}"));
        assertThrows(IllegalArgumentException.class, () -> store().rescale("pl_1", 0, "{}"));
    }

    @Test
    @org.junit.jupiter.api.Timeout(60) // a standby blocked behind the holder would hang here
    void oneControllerLockIsHeldAtATimeAndABrokenSessionLosesIt() throws Exception {
        ControllerLock first = store().controllerLock();
        assertTrue(first.hold());
        // a standby server starting meanwhile migrates (under its own lock) without waiting for the holder
        try (first;
                MyBatisPipelineStore other = new MyBatisPipelineStore(StoreSettings.external(jdbcUrl(), "", ""));
                ControllerLock second = other.controllerLock()) {
            assertTrue(first.hold(), "held on");
            assertFalse(second.hold(), "the other server stands by");

            first.close();
            // PostgreSQL frees a session's locks as the session ends, shortly after the client closed it
            awaitHeld(second, "the lock is free once its holder gave it up");
            assertFalse(first.hold());

            // the holder's session ends (its connection broke, or an administrator ended it)
            long key = AdvisoryLock.CONTROLLER_KEY;
            try (Connection c = java.sql.DriverManager.getConnection(jdbcUrl());
                    Statement s = c.createStatement()) {
                s.execute("SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND granted"
                        + " AND classid = " + (key >>> 32) + " AND objid = " + (key & 0xffffffffL) + " AND objsubid = 1"
                        + " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())");
            }
            assertFalse(second.hold(), "a broken session loses the lock at the next check");
            awaitHeld(first, "and another server takes it");
            assertFalse(second.hold());
        }
    }

    /** Polls the lock until it is held, failing after 10 s. */
    private static void awaitHeld(ControllerLock lock, String what) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!lock.hold()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("not within 10 s: " + what);
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }

    @Test
    void onChangeHearsWritesOfAnotherStoreSharingTheDatabase() throws Exception {
        try (MyBatisPipelineStore other = new MyBatisPipelineStore(StoreSettings.external(jdbcUrl(), "", ""))) {
            AtomicInteger unregistered = new AtomicInteger();
            CountDownLatch heard = new CountDownLatch(1);
            AutoCloseable removed = other.onChange(unregistered::incrementAndGet);
            AutoCloseable handle = other.onChange(heard::countDown);
            removed.close();

            store().createPipeline(pipeline("pl_1", T0), newJob("job_1", "pl_1"));

            assertTrue(heard.await(20, TimeUnit.SECONDS), "the other store heard the change");
            // callbacks run in registration order, so the removed one would have run by now
            assertEquals(0, unregistered.get());
            handle.close();

            // and the other store sees the data, and writes that this store hears
            assertTrue(other.getPipeline("pl_1").isPresent());
            CountDownLatch heardBack = new CountDownLatch(1);
            try (AutoCloseable back = store().onChange(heardBack::countDown)) {
                assertTrue(other.setStop("pl_1", StopMode.IMMEDIATE));
                assertTrue(heardBack.await(20, TimeUnit.SECONDS));
            }
        }
    }

    private static Job with(Job j, JobState state) {
        return new Job(j.id(), j.pipelineId(), state, j.runningDesired(), j.runId(), j.startTime(), j.finishTime(), j.tasks(),
                j.failureMessage(), j.failureDomain(), j.createdAt(), j.updatedAt());
    }

    private static List<String> ids(Page<Pipeline> page) {
        return page.data().stream().map(Pipeline::id).toList();
    }

    private void insertJob(String id, String pipelineId, Instant created) throws SQLException {
        try (Connection c = store().dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("INSERT INTO jobs (id, pipeline_id, state, created_at) VALUES (?, ?, 'Stopped', ?)")) {
            if (!c.getAutoCommit()) {
                c.setAutoCommit(true);
            }
            ps.setString(1, id);
            ps.setString(2, pipelineId);
            ps.setObject(3, OffsetDateTime.ofInstant(created.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC));
            ps.executeUpdate();
        }
    }

    private int count(String sql) throws SQLException {
        try (Connection c = store().dataSource().getConnection(); Statement s = c.createStatement();
                var rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    // ---- checkpoints

    @Test
    void checkpointsAreRecordedCompletedWithTheirOperatorsAndFailed() {
        store().createPipeline(pipeline("pl_c", T0), newJob("job_c", "pl_c"));
        assertEquals(0, store().lastCheckpointEpoch("job_c"));
        assertTrue(store().latestCompletedCheckpoint("job_c").isEmpty());

        Instant t1 = T0.plusSeconds(10);
        store().checkpointStarted("job_c", 1, 1, t1, false, URL);
        assertThrows(IllegalArgumentException.class, () -> store().checkpointStarted("job_c", 1, 1, t1, false, URL),
                "an epoch is used once");
        assertThrows(IllegalArgumentException.class, () -> store().checkpointStarted("job_nope", 1, 1, t1, false, URL));
        assertEquals(new Checkpoint("job_c", 1, 1, CheckpointState.IN_PROGRESS, t1, null, 0, null, false, URL, null),
                store().checkpoint("job_c", 1).orElseThrow());
        List<CheckpointOperator> ops = List.of(
                new CheckpointOperator("job_c", 1, "source_1", 0, 16, t1, t1.plusMillis(5), null),
                new CheckpointOperator("job_c", 1, "window_2", 0, 4096, t1.plusMillis(1), t1.plusMillis(30), t1),
                new CheckpointOperator("job_c", 1, "window_2", 1, 0, t1.plusMillis(1), t1.plusMillis(2), t1));
        assertTrue(store().checkpointCompleted("job_c", 1, t1.plusMillis(40), 4112, ops));
        assertFalse(store().checkpointCompleted("job_c", 1, t1.plusMillis(50), 4112, List.of()),
                "only a checkpoint in progress completes");

        store().checkpointStarted("job_c", 1, 2, t1.plusSeconds(10), false, URL);
        assertTrue(store().checkpointFailed("job_c", 2, t1.plusSeconds(11), "window_2[1] failed: disk full"));
        store().checkpointStarted("job_c", 2, 3, t1.plusSeconds(20), false, URL);
        store().checkpointStarted("job_c", 2, 4, t1.plusSeconds(21), true, URL);
        assertEquals(2, store().failInProgressCheckpoints("job_c", t1.plusSeconds(22), "run 2 ended"));

        List<Checkpoint> all = store().checkpoints("job_c");
        assertEquals(List.of(1L, 2L, 3L, 4L), all.stream().map(Checkpoint::epoch).toList());
        Checkpoint first = all.get(0);
        assertEquals(new Checkpoint("job_c", 1, 1, CheckpointState.COMPLETED, t1, t1.plusMillis(40), 4112, null, false,
                URL, t1.plusMillis(30)), first, "operators_finished_at is the last subtask's finish");
        assertEquals(first, store().checkpoint("job_c", 1).orElseThrow());
        assertTrue(store().checkpoint("job_c", 99).isEmpty());
        assertEquals(CheckpointState.FAILED, all.get(1).state());
        assertNull(all.get(1).operatorsFinishedAt(), "a failed checkpoint has no details");
        assertFalse(all.get(2).stopping());
        assertTrue(all.get(3).stopping(), "the final checkpoint of a stop");
        assertEquals("window_2[1] failed: disk full", all.get(1).failure());
        assertEquals("run 2 ended", all.get(3).failure());
        assertEquals(ops, store().checkpointOperators("job_c", 1));
        assertEquals(4, store().lastCheckpointEpoch("job_c"));
        assertEquals(1, store().latestCompletedCheckpoint("job_c").orElseThrow().epoch());

        assertEquals(2, store().deleteCheckpointsBefore("job_c", 3));
        assertEquals(List.of(3L, 4L), store().checkpoints("job_c").stream().map(Checkpoint::epoch).toList());
        assertEquals(List.of(), store().checkpointOperators("job_c", 1), "details go with their checkpoint");

        assertTrue(store().deletePipeline("pl_c"));
        assertEquals(List.of(), store().checkpoints("job_c"), "checkpoints go with their job");
    }

    // ---- all jobs

    @Test
    void allJobsAreListedNewestFirstAndCountedByState() throws SQLException {
        store().createPipeline(pipeline("pl_1", T0), newJob("job_1", "pl_1"));
        store().createPipeline(pipeline("pl_2", T0), newJob("job_2", "pl_2"));
        insertJob("job_0", "pl_1", T0.minusSeconds(60));
        Job job2 = store().getJob("job_2").orElseThrow();
        assertTrue(store().transition(with(job2, JobState.Compiling), JobState.Created, "compiling"));

        List<String> ids = store().allJobs().stream().map(Job::id).toList();
        assertEquals(3, ids.size());
        assertEquals("job_0", ids.get(2), "the oldest last: " + ids);
        assertEquals(Map.of(JobState.Created, 1L, JobState.Compiling, 1L, JobState.Stopped, 1L),
                store().jobCountsByState());
    }

    // ---- job log messages

    private static JobLogMessage log(String jobId, int n, Instant at) {
        return JobLogMessage.of(jobId, 1, at, n % 2 == 0 ? "window_2" : null, n % 2 == 0 ? n % 3 : null,
                n % 2 == 0 ? JobLogLevel.ERROR : JobLogLevel.WARN, "message " + n, n % 2 == 0 ? "details " + n : "");
    }

    @Test
    void jobLogMessagesArePagedNewestFirst() {
        store().createPipeline(pipeline("pl_l", T0), newJob("job_l", "pl_l"));
        List<JobLogMessage> appended = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            appended.add(log("job_l", i, T0.plusSeconds(i)));
        }
        store().appendJobLogMessages(appended.subList(0, 3), 100);
        store().appendJobLogMessages(appended.subList(3, 5), 100);

        Page<JobLogMessage> first = store().jobLogMessages("job_l", null, 2);
        assertEquals(List.of("message 5", "message 4"), first.data().stream().map(JobLogMessage::message).toList());
        assertTrue(first.hasMore());
        JobLogMessage four = first.data().get(1);
        assertTrue(four.id().matches("jlm_\\d+"), four.id());
        assertEquals(new JobLogMessage(four.id(), "job_l", 1, T0.plusSeconds(4), "window_2", 1, JobLogLevel.ERROR,
                "message 4", "details 4"), four);

        Page<JobLogMessage> second = store().jobLogMessages("job_l", four.id(), 2);
        assertEquals(List.of("message 3", "message 2"), second.data().stream().map(JobLogMessage::message).toList());
        assertTrue(second.hasMore());
        Page<JobLogMessage> last = store().jobLogMessages("job_l", second.data().get(1).id(), 2);
        assertEquals(List.of("message 1"), last.data().stream().map(JobLogMessage::message).toList());
        assertFalse(last.hasMore());
        JobLogMessage one = last.data().get(0);
        assertNull(one.operatorId());
        assertNull(one.taskIndex());
        assertEquals("", one.details());
        assertEquals(JobLogLevel.WARN, one.level());

        assertEquals(5, store().jobLogMessages("job_l", null, 5).data().size());
        assertFalse(store().jobLogMessages("job_l", null, 5).hasMore());
        assertEquals(List.of(), store().jobLogMessages("job_none", null, 5).data());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> store().jobLogMessages("job_l", "pl_1", 2));
        assertTrue(e.getMessage().contains("pl_1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> store().jobLogMessages("job_l", null, 0));
    }

    @Test
    void jobLogMessagesBeyondTheNewestKeptAreDeletedPerJob() {
        store().createPipeline(pipeline("pl_a", T0), newJob("job_a", "pl_a"));
        store().createPipeline(pipeline("pl_b", T0), newJob("job_b", "pl_b"));
        List<JobLogMessage> batch = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            batch.add(log("job_a", i, T0.plusSeconds(i)));
            batch.add(log("job_b", i, T0.plusSeconds(i)));
        }
        store().appendJobLogMessages(batch, 4);

        assertEquals(List.of("message 6", "message 5", "message 4", "message 3"),
                store().jobLogMessages("job_a", null, 10).data().stream().map(JobLogMessage::message).toList());
        assertEquals(4, store().jobLogMessages("job_b", null, 10).data().size());

        // a page cursor whose message was trimmed still works
        String oldest = store().jobLogMessages("job_a", null, 10).data().get(3).id();
        store().appendJobLogMessages(List.of(log("job_a", 7, T0.plusSeconds(7))), 1);
        assertEquals(List.of("message 7"),
                store().jobLogMessages("job_a", null, 10).data().stream().map(JobLogMessage::message).toList());
        assertEquals(List.of(), store().jobLogMessages("job_a", oldest, 10).data());
        assertEquals(4, store().jobLogMessages("job_b", null, 10).data().size(), "other jobs keep theirs");

        assertThrows(IllegalArgumentException.class,
                () -> store().appendJobLogMessages(List.of(log("job_a", 8, T0)), 0));
        store().appendJobLogMessages(List.of(), 10);
    }

    @Test
    void jobLogMessagesNeedTheirJobAndGoWithIt() {
        store().createPipeline(pipeline("pl_d", T0), newJob("job_d", "pl_d"));
        assertThrows(IllegalArgumentException.class,
                () -> store().appendJobLogMessages(List.of(log("job_d", 1, T0), log("job_gone", 2, T0)), 10));
        assertEquals(List.of(), store().jobLogMessages("job_d", null, 10).data(), "the batch is one transaction");
        assertThrows(IllegalArgumentException.class, () -> JobLogMessage.of("job_d", 1, T0, null, 3,
                JobLogLevel.ERROR, "a task without its operator", ""));

        store().appendJobLogMessages(List.of(log("job_d", 1, T0)), 10);
        assertTrue(store().deletePipeline("pl_d"));
        assertEquals(List.of(), store().jobLogMessages("job_d", null, 10).data());
    }
}
