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
import org.wadi.api.service.Checkpoint;
import org.wadi.api.service.CheckpointEventSpan;
import org.wadi.api.service.Job;
import org.wadi.api.service.JobLogMessage;
import org.wadi.api.service.JobLogMessageCollection;
import org.wadi.api.service.OperatorCheckpointGroup;
import org.wadi.api.service.Pipeline;
import org.wadi.api.service.PipelinePost;
import org.wadi.api.service.SubtaskCheckpointGroup;
import org.wadi.store.CheckpointOperator;
import org.wadi.store.CheckpointState;
import org.wadi.store.JobLogLevel;

/** The job service: all jobs, checkpoints with their details, and errors, with the API's 400s and 404s. */
class DefaultJobServiceTest {

    private static final Instant T = Instant.parse("2026-03-01T10:00:00Z");
    private static final long T_MICROS = 1_772_359_200_000_000L;

    private final FakeStore store = new FakeStore();
    private final DefaultPipelineService pipelines = new DefaultPipelineService(new FakePlanner(), store,
            ApiSettings.defaults(), Clock.fixed(T, ZoneOffset.UTC));
    private final DefaultJobService service = new DefaultJobService(store, store, store,
            new ApiSettings(100_000, 64, 1_048_576L, 2, 3, 10_000_000L, 15));

    private String[] pipelineAndJob() {
        Pipeline p = pipelines.create(new PipelinePost("p", "INSERT INTO out SELECT * FROM events", 2));
        return new String[] {p.id(), pipelines.jobs(p.id()).get(0).id()};
    }

    private static Instant at(long millis) {
        return T.plusMillis(millis);
    }

    private static long micros(long millis) {
        return T_MICROS + millis * 1000;
    }

    @Test
    void allJobsOfAllPipelinesNewestFirst() {
        String[] a = pipelineAndJob();
        String[] b = pipelineAndJob();
        List<Job> all = service.allJobs();
        assertEquals(List.of(b[1], a[1]), all.stream().map(Job::id).toList());
        assertEquals(a[0], all.get(1).pipelineId());
        assertEquals("Created", all.get(1).state());
    }

    @Test
    void checkpointsShowTheirTypeBackendStateAndPhases() {
        String[] pj = pipelineAndJob();
        String job = pj[1];
        store.put(new org.wadi.store.Checkpoint(job, 1, 1, CheckpointState.COMPLETED, at(0), at(40), 4112, null, false,
                "file:///var/wadi/checkpoints", at(30)));
        store.put(new org.wadi.store.Checkpoint(job, 1, 2, CheckpointState.FAILED, at(100), at(110), 0,
                "window_2[1] on worker w1: disk full", false, "s3://bucket/wadi", null));
        store.put(new org.wadi.store.Checkpoint(job, 2, 3, CheckpointState.IN_PROGRESS, at(200), null, 0, null, true,
                "", null));

        List<Checkpoint> cps = service.checkpoints(pj[0], job);

        assertEquals(3, cps.size());
        assertEquals(new Checkpoint(1, "file", "scheduled", micros(0), micros(40), List.of(
                new CheckpointEventSpan(micros(0), micros(40), "Checkpointing",
                        "The whole checkpoint, from its trigger until it was recorded complete or failed"),
                new CheckpointEventSpan(micros(0), micros(30), "CheckpointingOperators",
                        "Every subtask aligning its barriers, taking its snapshot and storing its state")),
                "completed", 4112, null, "file:///var/wadi/checkpoints/" + job + "/checkpoints/0000000001"), cps.get(0));
        assertNull(cps.get(1).stateUrl(), "only completed checkpoints can be started from");
        assertEquals("s3", cps.get(1).backend());
        assertEquals("failed", cps.get(1).state());
        assertEquals("window_2[1] on worker w1: disk full", cps.get(1).failure());
        assertEquals(List.of("Checkpointing"), cps.get(1).events().stream().map(CheckpointEventSpan::event).toList());
        assertEquals("stopping", cps.get(2).checkpointType());
        assertEquals("in_progress", cps.get(2).state());
        assertNull(cps.get(2).finishTime());
        assertEquals(List.of(), cps.get(2).events());
        assertEquals("", cps.get(2).backend());
    }

    @Test
    void operatorGroupsSumTheirSubtasksInTheGraphsOrder() {
        String[] pj = pipelineAndJob();
        String job = pj[1];
        // FakePlanner's plan: source_1 then sink_2; the store lists operators by id
        store.put(new org.wadi.store.Checkpoint(job, 1, 7, CheckpointState.COMPLETED, at(0), at(50), 110, null, false,
                "file:///c", at(45)),
                new CheckpointOperator(job, 7, "sink_2", 1, 60, at(20), at(45), at(5)),
                new CheckpointOperator(job, 7, "sink_2", 0, 40, at(10), at(30), at(2)),
                new CheckpointOperator(job, 7, "source_1", 0, 10, at(1), at(3), null));

        List<OperatorCheckpointGroup> groups = service.operatorCheckpointGroups(pj[0], job, "7");

        assertEquals(List.of("source_1", "sink_2"), groups.stream().map(OperatorCheckpointGroup::operatorId).toList());
        OperatorCheckpointGroup source = groups.get(0);
        assertEquals(new OperatorCheckpointGroup("source_1", 10, micros(1), micros(3), List.of(new SubtaskCheckpointGroup(0, 10,
                List.of(new CheckpointEventSpan(micros(1), micros(3), "Snapshot",
                        "Taking the subtask's snapshot and storing its state"))))), source);
        OperatorCheckpointGroup sink = groups.get(1);
        assertEquals(100, sink.bytes());
        assertEquals(micros(2), sink.startTime(), "from the first barrier that reached a subtask");
        assertEquals(micros(45), sink.finishTime());
        assertEquals(List.of(0, 1), sink.subtasks().stream().map(SubtaskCheckpointGroup::index).toList());
        assertEquals(List.of(new CheckpointEventSpan(micros(2), micros(10), "Alignment",
                        "Waiting for the checkpoint's barrier on every input"),
                new CheckpointEventSpan(micros(10), micros(30), "Snapshot",
                        "Taking the subtask's snapshot and storing its state")), sink.subtasks().get(0).eventSpans());
    }

    @Test
    void aCheckpointInProgressHasNoGroupsYet() {
        String[] pj = pipelineAndJob();
        store.put(new org.wadi.store.Checkpoint(pj[1], 1, 1, CheckpointState.IN_PROGRESS, at(0), null, 0, null, false,
                "", null));
        assertEquals(List.of(), service.operatorCheckpointGroups(pj[0], pj[1], "1"));
    }

    @Test
    void unknownIdsAndBadEpochsAreAnsweredPrecisely() {
        String[] pj = pipelineAndJob();
        String[] other = pipelineAndJob();
        assertError(404, "pipeline 'pl_none' not found", () -> service.checkpoints("pl_none", pj[1]));
        assertError(404, "job '" + other[1] + "' not found in pipeline '" + pj[0] + "'",
                () -> service.checkpoints(pj[0], other[1]));
        assertError(404, "job 'job_none' not found in pipeline '" + pj[0] + "'",
                () -> service.errors(pj[0], "job_none", null, null));
        assertError(404, "checkpoint 9 of job '" + pj[1] + "' not found: it was never taken, or retention removed it"
                + " (GET …/jobs/" + pj[1] + "/checkpoints lists those kept)",
                () -> service.operatorCheckpointGroups(pj[0], pj[1], "9"));
        assertError(400, "epoch must be a whole number from 1, was 'latest'",
                () -> service.operatorCheckpointGroups(pj[0], pj[1], "latest"));
        assertError(400, "epoch must be a whole number from 1, was '0'",
                () -> service.operatorCheckpointGroups(pj[0], pj[1], "0"));
    }

    @Test
    void errorsComeNewestFirstInPages() {
        String[] pj = pipelineAndJob();
        String job = pj[1];
        store.appendJobLogMessages(List.of(
                org.wadi.store.JobLogMessage.of(job, 1, at(1), "source_1", 0, JobLogLevel.ERROR, "division by zero",
                        "java.lang.ArithmeticException"),
                org.wadi.store.JobLogMessage.of(job, 1, at(2), null, null, JobLogLevel.WARN, "job restarting", ""),
                org.wadi.store.JobLogMessage.of(job, 2, at(3), null, null, JobLogLevel.ERROR, "job failed", "")), 100);

        JobLogMessageCollection first = service.errors(pj[0], job, null, null);
        assertEquals(List.of("job failed", "job restarting"), first.data().stream().map(JobLogMessage::message).toList(),
                "the default page size (2)");
        assertTrue(first.hasMore());
        JobLogMessageCollection rest = service.errors(pj[0], job, first.data().get(1).id(), 2);
        assertFalse(rest.hasMore());
        assertEquals(new JobLogMessage("jlm_1", micros(1), "source_1", 0L, "error", "division by zero",
                "java.lang.ArithmeticException"), rest.data().get(0));
        assertEquals("warn", first.data().get(1).logLevel());
        assertNull(first.data().get(1).taskIndex());

        assertError(400, "limit must be from 1 to 3, was 4", () -> service.errors(pj[0], job, null, 4));
        assertError(400, "limit must be from 1 to 3, was 0", () -> service.errors(pj[0], job, null, 0));
        assertError(400, "no error 'pl_x' of job " + job + " to list after (starting_after): ids look like jlm_123",
                () -> service.errors(pj[0], job, "pl_x", null));
    }

    private static void assertError(int status, String message, Executable call) {
        ApiException e = assertThrows(ApiException.class, call);
        assertEquals(status, e.status(), e.getMessage());
        assertEquals(message, e.getMessage());
    }
}
