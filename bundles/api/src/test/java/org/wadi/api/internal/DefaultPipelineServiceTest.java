package org.wadi.api.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.wadi.api.service.ApiException;
import org.wadi.api.service.Job;
import org.wadi.api.service.JobTransition;
import org.wadi.api.service.Pipeline;
import org.wadi.api.service.PipelineCollection;
import org.wadi.api.service.PipelineEdge;
import org.wadi.api.service.PipelinePatch;
import org.wadi.api.service.PipelinePost;
import org.wadi.api.service.PipelineRestart;
import org.wadi.api.service.QueryValidationResult;
import org.wadi.api.service.Udf;
import org.wadi.api.service.ValidateQueryPost;
import org.wadi.spi.job.JobState;
import org.wadi.spi.job.StopMode;
import org.wadi.spi.plan.PlanCodec;

class DefaultPipelineServiceTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:15:30.123456Z");
    private static final String SQL = "INSERT INTO out SELECT user, n FROM events";

    private final FakeStore store = new FakeStore();
    private final FakePlanner planner = new FakePlanner();
    private final DefaultPipelineService service = new DefaultPipelineService(
            planner, store, ApiSettings.defaults(), Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void createStoresThePipelineAndAJobWithPrefixedIds() {
        Pipeline p = service.create(new PipelinePost("clicks", SQL, 4));

        assertTrue(p.id().matches("pl_[0-9A-Za-z]{10}"), p.id());
        assertEquals("clicks", p.name());
        assertEquals(SQL, p.query());
        assertEquals(StopMode.NONE, p.stop());
        assertEquals(10_000_000L, p.checkpointIntervalMicros());
        assertEquals(1_772_360_130_123_456L, p.createdAt());
        assertEquals(List.of(), p.udfs());
        assertFalse(p.preview());
        // a new job wants to run: the action offered is a stop with a checkpoint, in progress
        assertEquals(StopMode.CHECKPOINT, p.action());
        assertEquals("Stop", p.actionText());
        assertTrue(p.actionInProgress());

        org.wadi.store.Pipeline stored = store.pipelines.get(p.id());
        assertEquals(4, stored.parallelism());
        assertEquals(PlanCodec.toJson(FakePlanner.plan(4)), stored.planJson());
        List<org.wadi.store.Job> jobs = store.jobsForPipeline(p.id());
        assertEquals(1, jobs.size());
        org.wadi.store.Job job = jobs.get(0);
        assertTrue(job.id().matches("job_[0-9A-Za-z]{10}"), job.id());
        assertEquals(JobState.Created, job.state());
        assertTrue(job.runningDesired());
        assertEquals(NOW, job.createdAt());
    }

    @Test
    void createKeepsAGivenCheckpointInterval() {
        Pipeline p = service.create(new PipelinePost("p", SQL, 1L, 5_000_000L, List.of(), false));
        assertEquals(5_000_000L, p.checkpointIntervalMicros());
        assertEquals(5_000_000L, store.pipelines.get(p.id()).checkpointIntervalMicros());
    }

    @Test
    void graphIsDerivedFromThePlan() {
        Pipeline p = service.create(new PipelinePost("p", SQL, 3));

        assertEquals(2, p.graph().nodes().size());
        assertEquals("source_1", p.graph().nodes().get(0).nodeId());
        assertEquals("source", p.graph().nodes().get(0).operator());
        assertEquals("read events", p.graph().nodes().get(0).description());
        assertEquals(3, p.graph().nodes().get(0).parallelism());
        assertEquals("sink", p.graph().nodes().get(1).operator());
        PipelineEdge e = p.graph().edges().get(0);
        assertEquals("source_1", e.srcId());
        assertEquals("sink_2", e.destId());
        assertEquals("Shuffle", e.edgeType());
        assertEquals("(user TEXT)", e.keyType());
        // users do not see the hidden event-time column
        assertEquals("(user TEXT, n BIGINT NOT NULL)", e.valueType());
        // read back from the store, the graph is the same
        assertEquals(p.graph(), service.get(p.id()).graph());
    }

    @Test
    void eachBadInputIsRefusedWithItsMessageBeforePlanning() {
        bad("request body is required", () -> service.create(null));
        bad("name must not be empty", () -> service.create(new PipelinePost(" ", SQL, 1)));
        bad("name must not be empty", () -> service.create(new PipelinePost(null, SQL, 1)));
        bad("name must be at most 255 characters, was 256", () -> service.create(new PipelinePost("x".repeat(256), SQL, 1)));
        bad("query must not be empty", () -> service.create(new PipelinePost("p", "", 1)));
        bad("query must be at most 100000 characters, was 100001",
                () -> service.create(new PipelinePost("p", "x".repeat(100_001), 1)));
        bad("parallelism must be from 1 to 64, was 0", () -> service.create(new PipelinePost("p", SQL, 0)));
        bad("parallelism must be from 1 to 64, was 65", () -> service.create(new PipelinePost("p", SQL, 65)));
        bad("parallelism is required", () -> service.create(new PipelinePost("p", SQL, null, null, null, null)));
        bad("checkpoint_interval_micros must be between 1 second",
                () -> service.create(new PipelinePost("p", SQL, 1L, 999_999L, null, null)));
        bad("udfs[0] is a Rust function (Arroyo's default language: no \"language\" was given), which Wadi cannot run."
                + " Wadi runs functions written in Java",
                () -> service.create(new PipelinePost("p", SQL, 1L, null, List.of(new Udf("fn x() {}")), null)));
        bad("udfs[0] is a Python function, which Wadi cannot run",
                () -> service.create(new PipelinePost("p", SQL, 1L, null, List.of(new Udf("python", "def x(): pass")),
                        null)));
        bad("udfs[0] has language 'cobol'; Wadi takes \"java\"",
                () -> service.create(new PipelinePost("p", SQL, 1L, null, List.of(new Udf("cobol", "x")), null)));
        bad("a preview pipeline starts without state",
                () -> service.create(new PipelinePost("p", SQL, 1L, null, null, true, "file:///c/job_x/checkpoints/1")));

        assertEquals(List.of(), planner.planned);
        assertTrue(store.pipelines.isEmpty());
    }

    @Test
    void configuredLimitsApply() {
        DefaultPipelineService strict = new DefaultPipelineService(planner, store,
                new ApiSettings(10, 2, 1024, 5, 10, 10_000_000L, 15), Clock.systemUTC());
        bad("query must be at most 10 characters, was 11", () -> strict.create(new PipelinePost("p", "x".repeat(11), 1)));
        bad("parallelism must be from 1 to 2, was 3", () -> strict.create(new PipelinePost("p", "q", 3)));
        bad("limit must be from 1 to 10, was 11", () -> strict.list(null, 11));
    }

    @Test
    void theCapOnRunningPipelinesRefusesOneMoreUntilOneEnds() {
        DefaultPipelineService capped = new DefaultPipelineService(planner, store,
                ApiSettings.defaults().withMaxPipelines(2), Clock.systemUTC());
        Pipeline first = capped.create(new PipelinePost("a", SQL, 1));
        capped.create(new PipelinePost("b", SQL, 1));
        int planned = planner.planned.size();

        ApiException e = assertThrows(ApiException.class, () -> capped.create(new PipelinePost("c", SQL, 1)));
        assertEquals(409, e.status());
        assertEquals("pipeline 'c' is refused: 2 pipelines are running or starting, the most this server runs at once"
                + " (api.max.pipelines = 2); stop one, or wait until one ends", e.getMessage());
        assertEquals(409, assertThrows(ApiException.class,
                () -> capped.preview(new org.wadi.api.service.PreviewPost(SQL, null, null))).status());
        assertEquals(planned, planner.planned.size(), "refused before planning");
        assertEquals(2, store.pipelines.size());

        // once a job has ended there is room again; resuming or restarting the ended one takes it
        String job = store.jobsForPipeline(first.id()).get(0).id();
        capped.patch(first.id(), PipelinePatch.stop(StopMode.CHECKPOINT));
        store.move(job, JobState.Stopped, "stopped");
        Pipeline third = capped.create(new PipelinePost("c", SQL, 1));
        assertEquals(409, assertThrows(ApiException.class,
                () -> capped.patch(first.id(), PipelinePatch.stop(StopMode.NONE))).status());
        assertEquals(409, assertThrows(ApiException.class, () -> capped.restart(first.id(), null)).status());
        assertFalse(store.jobs.get(job).runningDesired(), "a refused resume changes nothing");

        // a pipeline whose job still runs may always be stopped and restarted
        capped.patch(third.id(), PipelinePatch.stop(StopMode.CHECKPOINT));
        capped.restart(third.id(), null);
    }

    @Test
    void invalidSqlIsA400WithTheFirstDiagnosticAndItsPosition() {
        ApiException e = assertThrows(ApiException.class,
                () -> service.create(new PipelinePost("p", "SELECT *\nFROM BROKEN", 1)));
        assertEquals(400, e.status());
        assertEquals("invalid query: Object 'broken' not found at line 2, column 8", e.getMessage());
        assertTrue(store.pipelines.isEmpty());
    }

    @Test
    void aPositionAlreadyInTheMessageIsNotRepeated() {
        assertEquals("From line 1, column 3 to line 1, column 5: bad",
                DefaultPipelineService.describe(new org.wadi.sql.Diagnostic("From line 1, column 3 to line 1, column 5: bad",
                        new org.wadi.sql.Diagnostic.Span(new org.wadi.sql.Diagnostic.Position(1, 3),
                                new org.wadi.sql.Diagnostic.Position(1, 5)))));
        assertEquals("bad", DefaultPipelineService.describe(new org.wadi.sql.Diagnostic("bad", null)));
    }

    @Test
    void listPagesNewestFirstWithHasMore() {
        String a = service.create(new PipelinePost("a", SQL, 1)).id();
        String b = service.create(new PipelinePost("b", SQL, 1)).id();
        String c = service.create(new PipelinePost("c", SQL, 1)).id();

        PipelineCollection first = service.list(null, 2);
        assertEquals(List.of(c, b), first.data().stream().map(Pipeline::id).toList());
        assertTrue(first.hasMore());

        PipelineCollection second = service.list(b, 2);
        assertEquals(List.of(a), second.data().stream().map(Pipeline::id).toList());
        assertFalse(second.hasMore());

        assertEquals(3, service.list(null, null).data().size());
        bad("limit must be from 1 to 1000, was 0", () -> service.list(null, 0));
        bad("limit must be from 1 to 1000, was 1001", () -> service.list(null, 1001));
    }

    @Test
    void listShowsEachPipelineAsGetDoesWithOneQueryForThePagesJobs() {
        String a = service.create(new PipelinePost("a", SQL, 1)).id();
        String b = service.create(new PipelinePost("b", SQL, 2)).id();
        String c = service.create(new PipelinePost("c", SQL, 3)).id();
        service.patch(b, new PipelinePatch(StopMode.IMMEDIATE, null, null));
        // a second job of a: the newest one is shown
        org.wadi.store.Job second = new org.wadi.store.Job("job_a2", a, JobState.Running, true, 1, NOW, null, 1, null,
                null, NOW, NOW);
        store.jobs.put(second.id(), second);

        List<Pipeline> each = List.of(service.get(c), service.get(b), service.get(a));
        store.jobQueries.set(0);
        PipelineCollection page = service.list(null, 10);

        assertEquals(each, page.data());
        assertEquals(1, store.jobQueries.get(), "one query for the jobs of the whole page, not one per pipeline");
        assertEquals(StopMode.CHECKPOINT, page.data().get(2).action(), "a's newest job runs");
        store.jobQueries.set(0);
        assertEquals(each.subList(1, 3), service.list(c, 10).data());
        assertEquals(1, store.jobQueries.get());
    }

    @Test
    void theSchedulerConfigIsCheckedStoredAndShown() {
        List<java.util.Map<String, Object>> checked = new java.util.ArrayList<>();
        DefaultPipelineService withCheck = new DefaultPipelineService(planner, store, ApiSettings.defaults(),
                Clock.fixed(NOW, ZoneOffset.UTC), config -> {
                    checked.add(config);
                    if (!config.keySet().stream().allMatch(k -> k.equals("image") || k.equals("labels"))) {
                        throw new IllegalArgumentException("Unsupported keys in scheduler_config for the 'kubernetes'"
                                + " scheduler. Unsupported: imag. Supported: image, labels");
                    }
                });
        java.util.Map<String, Object> config = new java.util.LinkedHashMap<>();
        config.put("image", "registry.example/wadi:1.2");
        config.put("labels", java.util.Map.of("team", "ads"));

        Pipeline p = withCheck.create(new PipelinePost("k", SQL, 1L, null, null, null, null, config));

        assertEquals(List.of(config), checked);
        assertEquals(config, p.schedulerConfig());
        assertEquals(config, withCheck.get(p.id()).schedulerConfig());
        assertEquals(config, withCheck.list(null, 10).data().get(0).schedulerConfig());
        assertEquals("{\"image\":\"registry.example/wadi:1.2\",\"labels\":{\"team\":\"ads\"}}",
                store.pipelines.get(p.id()).schedulerConfig());

        ApiException e = assertThrows(ApiException.class, () -> withCheck.create(new PipelinePost("k", SQL, 1L, null,
                null, null, null, java.util.Map.of("imag", "x"))));
        assertEquals(400, e.status());
        assertEquals("Unsupported keys in scheduler_config for the 'kubernetes' scheduler. Unsupported: imag."
                + " Supported: image, labels", e.getMessage());
        assertEquals(1, store.pipelines.size(), "nothing stored");
    }

    @Test
    void aPipelineWithoutSchedulerConfigShowsAnEmptyOneAndNeedsNoCheck() {
        Pipeline p = service.create(new PipelinePost("p", SQL, 1L, null, null, null, null, java.util.Map.of()));
        assertEquals(java.util.Map.of(), p.schedulerConfig());
        assertEquals("{}", store.pipelines.get(p.id()).schedulerConfig());
        assertEquals(java.util.Map.of(), service.create(new PipelinePost("q", SQL, 1)).schedulerConfig());
    }

    @Test
    void aSchedulerConfigIs503WhenTheSchedulerCannotCheckIt() {
        ApiException e = assertThrows(ApiException.class, () -> service.create(new PipelinePost("k", SQL, 1L, null,
                null, null, null, java.util.Map.of("image", "x"))));
        assertEquals(503, e.status());
        DefaultPipelineService starting = new DefaultPipelineService(planner, store, ApiSettings.defaults(),
                Clock.fixed(NOW, ZoneOffset.UTC), config -> {
                    throw new IllegalStateException("scheduler 'kubernetes' is not available to check scheduler_config");
                });
        e = assertThrows(ApiException.class, () -> starting.create(new PipelinePost("k", SQL, 1L, null,
                null, null, null, java.util.Map.of("image", "x"))));
        assertEquals(503, e.status());
        assertEquals("scheduler 'kubernetes' is not available to check scheduler_config", e.getMessage());
        assertTrue(store.pipelines.isEmpty());
    }

    @Test
    void getOfAnUnknownPipelineIs404() {
        ApiException e = assertThrows(ApiException.class, () -> service.get("pl_nope"));
        assertEquals(404, e.status());
        assertEquals("pipeline 'pl_nope' not found", e.getMessage());
    }

    @Test
    void patchStopSetsDesiredStateAndTheActionFollows() {
        Pipeline p = service.create(new PipelinePost("p", SQL, 1));
        String job = store.jobsForPipeline(p.id()).get(0).id();
        store.move(job, JobState.Running, "running");

        Pipeline stopping = service.patch(p.id(), PipelinePatch.stop(StopMode.GRACEFUL));
        assertEquals(StopMode.GRACEFUL, stopping.stop());
        assertFalse(store.jobs.get(job).runningDesired());
        assertEquals("Stopping", stopping.actionText());
        assertNull(stopping.action());
        assertTrue(stopping.actionInProgress());

        store.move(job, JobState.Stopped, "stopped");
        Pipeline stopped = service.get(p.id());
        assertEquals("Start", stopped.actionText());
        assertEquals(StopMode.NONE, stopped.action());
        assertFalse(stopped.actionInProgress());
    }

    @Test
    void patchRefusesBadChangesAndUnknownPipelines() {
        Pipeline p = service.create(new PipelinePost("p", SQL, 1));
        bad("parallelism must be from 1 to 64, was 0", () -> service.patch(p.id(), new PipelinePatch(null, 0L, null)));
        bad("changing checkpoint_interval_micros is not supported yet",
                () -> service.patch(p.id(), new PipelinePatch(null, null, 2_000_000L)));
        bad("request body is required", () -> service.patch(p.id(), null));
        ApiException e = assertThrows(ApiException.class, () -> service.patch("pl_x", PipelinePatch.stop(StopMode.FORCE)));
        assertEquals(404, e.status());
        // an empty patch changes nothing
        assertEquals(StopMode.NONE, service.patch(p.id(), new PipelinePatch(null, null, null)).stop());
    }

    @Test
    void patchParallelismPlansTheQueryAgainForIt() {
        Pipeline p = service.create(new PipelinePost("p", SQL, 1));
        int plannedBefore = planner.planned.size();

        Pipeline rescaled = service.patch(p.id(), new PipelinePatch(null, 3L, null));

        org.wadi.store.Pipeline stored = store.pipelines.get(p.id());
        assertEquals(3, stored.parallelism());
        assertEquals(3, PlanCodec.fromJson(stored.planJson()).nodes().get(0).parallelism());
        assertEquals(3, rescaled.graph().nodes().get(0).parallelism());
        assertEquals(plannedBefore + 1, planner.planned.size());

        service.patch(p.id(), new PipelinePatch(null, 3L, null));
        assertEquals(plannedBefore + 1, planner.planned.size(), "the same parallelism plans nothing");
    }

    @Test
    void restartAsksTheStoreWithItsOptionsAndRunsTheJobAgain() {
        Pipeline p = service.create(new PipelinePost("p", SQL, 1));
        String job = store.jobsForPipeline(p.id()).get(0).id();
        service.patch(p.id(), PipelinePatch.stop(StopMode.CHECKPOINT));
        store.move(job, JobState.Stopped, "stopped");

        Pipeline restarted = service.restart(p.id(), null);
        service.restart(p.id(), new PipelineRestart(true, null));
        service.restart(p.id(), new PipelineRestart(false, true));

        assertEquals(StopMode.NONE, restarted.stop());
        assertTrue(store.jobs.get(job).runningDesired());
        assertEquals(List.of(p.id(), p.id() + " force", p.id() + " ignore_state"), store.restartRequests);
        ApiException e = assertThrows(ApiException.class, () -> service.restart("pl_x", null));
        assertEquals(404, e.status());
    }

    @Test
    void deleteNeedsTheJobInAFinalState() {
        Pipeline p = service.create(new PipelinePost("p", SQL, 1));
        String job = store.jobsForPipeline(p.id()).get(0).id();
        store.move(job, JobState.Running, "running");

        ApiException running = assertThrows(ApiException.class, () -> service.delete(p.id()));
        assertEquals(409, running.status());
        assertTrue(running.getMessage().startsWith("pipeline '" + p.id() + "' cannot be deleted while its job '"
                + job + "' is Running: stop it first"), running.getMessage());
        assertTrue(store.pipelines.containsKey(p.id()));

        store.move(job, JobState.Stopped, "stopped");
        service.delete(p.id());
        assertFalse(store.pipelines.containsKey(p.id()));
        assertEquals(404, assertThrows(ApiException.class, () -> service.delete(p.id())).status());
    }

    @Test
    void jobsAndHistoryOfAPipeline() {
        Pipeline p = service.create(new PipelinePost("p", SQL, 1));
        List<Job> jobs = service.jobs(p.id());
        assertEquals(1, jobs.size());
        Job j = jobs.get(0);
        assertEquals(p.id(), j.pipelineId());
        assertEquals("Created", j.state());
        assertTrue(j.runningDesired());
        assertEquals(0, j.runId());
        assertNull(j.startTime());
        assertNull(j.failureReason());
        assertEquals(1_772_360_130_123_456L, j.createdAt());
        assertEquals(j, service.job(p.id(), j.id()));

        store.move(j.id(), JobState.Compiling, "planning");
        List<JobTransition> history = service.history(p.id(), j.id());
        assertEquals(2, history.size());
        assertNull(history.get(0).from());
        assertEquals("Created", history.get(0).to());
        assertEquals("Created", history.get(1).from());
        assertEquals("Compiling", history.get(1).to());
        assertEquals("planning", history.get(1).reason());
    }

    @Test
    void aJobOfAnotherPipelineIsNotFound() {
        Pipeline p = service.create(new PipelinePost("p", SQL, 1));
        Pipeline q = service.create(new PipelinePost("q", SQL, 1));
        String jobOfQ = service.jobs(q.id()).get(0).id();

        ApiException e = assertThrows(ApiException.class, () -> service.job(p.id(), jobOfQ));
        assertEquals(404, e.status());
        assertEquals("job '" + jobOfQ + "' not found in pipeline '" + p.id() + "'", e.getMessage());
        assertEquals(404, assertThrows(ApiException.class, () -> service.jobs("pl_none")).status());
        assertEquals(404, assertThrows(ApiException.class, () -> service.history(p.id(), "job_none")).status());
    }

    @Test
    void validateReturnsTheGraphOrTheErrorsWithTheirSpans() {
        QueryValidationResult ok = service.validate(new ValidateQueryPost(SQL));
        assertEquals(List.of(), ok.errors());
        assertEquals(2, ok.graph().nodes().size());
        // validation plans at parallelism 1, as Arroyo's
        assertEquals(1, ok.graph().nodes().get(0).parallelism());

        QueryValidationResult broken = service.validate(new ValidateQueryPost("SELECT *\nFROM BROKEN"));
        assertNull(broken.graph());
        assertEquals("Object 'broken' not found", broken.errors().get(0).message());
        assertEquals(2, broken.errors().get(0).span().start().line());
        assertEquals(13, broken.errors().get(0).span().end().column());

        QueryValidationResult empty = service.validate(new ValidateQueryPost(" "));
        assertEquals("query must not be empty", empty.errors().get(0).message());
        assertNull(empty.graph());

        bad("query must be at most 100000 characters", () -> service.validate(new ValidateQueryPost("x".repeat(100_001))));
        bad("request body is required", () -> service.validate(null));
        assertTrue(store.pipelines.isEmpty());
    }

    private static void bad(String expectedStart, Executable call) {
        ApiException e = assertThrows(ApiException.class, call);
        assertEquals(400, e.status(), e.getMessage());
        assertTrue(e.getMessage().startsWith(expectedStart), "'" + e.getMessage() + "' should start with '" + expectedStart + "'");
    }
}
