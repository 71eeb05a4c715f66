package org.wadi.shell.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.wadi.api.service.ApiException;
import org.wadi.api.service.Checkpoint;
import org.wadi.api.service.JobLogMessage;
import org.wadi.spi.connector.Connector;
import org.wadi.spi.connector.ConnectorMetadata;
import org.wadi.spi.connector.ConnectorTable;
import org.wadi.spi.connector.TableRequest;
import org.wadi.spi.scheduler.Scheduler;
import org.wadi.spi.scheduler.WorkerHandle;
import org.wadi.spi.scheduler.WorkerRequest;
import org.wadi.shell.completers.JobIdCompleter;

/** The commands that mirror the rest of the API: restart, rescale, delete, jobs, checkpoints, errors, connectors, nodes. */
class MoreCommandsTest {

    private final FakePipelineService service = new FakePipelineService();
    private final FakeJobService jobs = new FakeJobService(service);

    @Test
    void pipelineCreatePassesAStateUrlAndPreview() throws Exception {
        PipelineCreate cmd = new PipelineCreate();
        cmd.pipelines = service;
        cmd.name = "next";
        cmd.sql = List.of("INSERT INTO out SELECT * FROM events");
        cmd.stateUrl = "file:///data/checkpoints/job_1/checkpoints/0000000003";
        run(cmd::execute);
        assertEquals("file:///data/checkpoints/job_1/checkpoints/0000000003", service.created.get(0).stateUrl());
        assertEquals(null, service.created.get(0).preview());

        cmd.stateUrl = null;
        cmd.preview = true;
        run(cmd::execute);
        assertEquals(Boolean.TRUE, service.created.get(1).preview());
    }

    @Test
    void pipelineCreatePassesASchedulerConfigAndRefusesOneThatIsNotAnObject() throws Exception {
        PipelineCreate cmd = new PipelineCreate();
        cmd.pipelines = service;
        cmd.name = "k8s";
        cmd.sql = List.of("INSERT INTO out SELECT * FROM events");
        cmd.schedulerConfig = "{\"image\": \"wadi:1\", \"resources\": {\"cpu\": \"2\"}}";
        run(cmd::execute);
        assertEquals(Map.of("image", "wadi:1", "resources", Map.of("cpu", "2")),
                service.created.get(0).schedulerConfig());

        cmd.schedulerConfig = "[1, 2]";
        IllegalArgumentException notObject = assertThrows(IllegalArgumentException.class, cmd::execute);
        assertTrue(notObject.getMessage().contains("must be a JSON object"), notObject.getMessage());
        cmd.schedulerConfig = "{image";
        IllegalArgumentException notJson = assertThrows(IllegalArgumentException.class, cmd::execute);
        assertTrue(notJson.getMessage().startsWith("--scheduler-config is not valid JSON"), notJson.getMessage());
        assertEquals(1, service.created.size());
    }

    @Test
    void pipelineRestartPassesItsOptions() throws Exception {
        service.add("pl_aaaaaaaaaa", "clicks", 1, "job_1", "Running");
        PipelineRestart cmd = new PipelineRestart();
        cmd.pipelines = service;
        cmd.id = "pl_aaaaaaaaaa";
        assertEquals("Restarting pipeline pl_aaaaaaaaaa; job job_1 is Running", run(cmd::execute).strip());
        cmd.force = true;
        cmd.ignoreState = true;
        assertEquals("Restarting pipeline pl_aaaaaaaaaa (force) (ignore state); job job_1 is Running",
                run(cmd::execute).strip());
        assertEquals(List.of("pl_aaaaaaaaaa", "pl_aaaaaaaaaa force ignore_state"), service.restarts);
    }

    @Test
    void pipelineRescalePatchesTheParallelism() throws Exception {
        service.add("pl_aaaaaaaaaa", "clicks", 1, "job_1", "Running");
        PipelineRescale cmd = new PipelineRescale();
        cmd.pipelines = service;
        cmd.id = "pl_aaaaaaaaaa";
        cmd.parallelism = 4;
        assertEquals("Pipeline pl_aaaaaaaaaa now has parallelism 4", run(cmd::execute).strip());
        assertEquals(List.of("pl_aaaaaaaaaa parallelism 4"), service.patches);
    }

    @Test
    void pipelineDeleteDeletesOnlyEndedPipelines() throws Exception {
        service.add("pl_aaaaaaaaaa", "clicks", 1, "job_1", "Running");
        service.add("pl_bbbbbbbbbb", "orders", 1, "job_2", "Stopped");
        PipelineDelete cmd = new PipelineDelete();
        cmd.pipelines = service;
        cmd.id = "pl_aaaaaaaaaa";
        assertEquals(ApiException.Kind.CONFLICT, assertThrows(ApiException.class, cmd::execute).kind());
        cmd.id = "pl_bbbbbbbbbb";
        assertEquals("Deleted pipeline pl_bbbbbbbbbb", run(cmd::execute).strip());
        assertEquals(List.of("pl_bbbbbbbbbb"), service.deleted);
    }

    @Test
    void jobListShowsEveryJob() throws Exception {
        service.add("pl_aaaaaaaaaa", "clicks", 2, "job_1", "Running");
        service.add("pl_bbbbbbbbbb", "orders", 1, "job_2", "Stopped");
        JobList cmd = new JobList();
        cmd.jobs = jobs;
        String out = run(cmd::execute);
        assertTrue(out.contains("job_1 | pl_aaaaaaaaaa | Running |   1 |     4 | 2026-03-01 10:15:30Z"), out);
        assertTrue(out.indexOf("job_2") < out.indexOf("job_1"), "newest first: " + out);
    }

    @Test
    void jobCheckpointsShowsStateUrlsOfTheNewestJobByDefault() throws Exception {
        service.add("pl_aaaaaaaaaa", "clicks", 1, "job_1", "Running");
        jobs.checkpoints.add(new Checkpoint(1, "file", "scheduled", FakePipelineService.T0,
                FakePipelineService.T0 + 40_000, List.of(), "completed", 4112, null,
                "file:///d/job_1/checkpoints/0000000001"));
        jobs.checkpoints.add(new Checkpoint(2, "file", "scheduled", FakePipelineService.T0 + 1_000_000,
                FakePipelineService.T0 + 1_040_000, List.of(), "failed", 0, "disk full", null));
        JobCheckpoints cmd = new JobCheckpoints();
        cmd.pipelines = service;
        cmd.jobs = jobs;
        cmd.pipelineId = "pl_aaaaaaaaaa";
        String out = run(cmd::execute);
        assertTrue(out.startsWith("Checkpoints of job job_1:"), out);
        assertTrue(out.contains("1 | scheduled | completed | 2026-03-01 10:15:30Z | 2026-03-01 10:15:30Z |  4112 | "
                + "file:///d/job_1/checkpoints/0000000001"), out);
        assertTrue(out.contains("2 | scheduled | failed"), out);
        assertTrue(out.contains("disk full"), out);

        cmd.jobId = "job_zzz";
        assertThrows(RuntimeException.class, cmd::execute, "an unknown job is refused");
    }

    @Test
    void jobErrorsPagesTheErrorsList() throws Exception {
        service.add("pl_aaaaaaaaaa", "clicks", 1, "job_1", "Running");
        jobs.errors.add(new JobLogMessage("jlm_2", FakePipelineService.T0 + 2_000_000, "sink_2", 1L, "error",
                "task sink_2[1] failed: disk full", "java.io.IOException: disk full"));
        jobs.errors.add(new JobLogMessage("jlm_1", FakePipelineService.T0, null, null, "warn",
                "checkpoint 3 failed: timeout", ""));
        JobErrors cmd = new JobErrors();
        cmd.pipelines = service;
        cmd.jobs = jobs;
        cmd.pipelineId = "pl_aaaaaaaaaa";
        String out = run(cmd::execute);
        assertTrue(out.contains("2026-03-01 10:15:32Z | error | sink_2[1] | task sink_2[1] failed: disk full"), out);
        assertTrue(out.contains("warn  |           | checkpoint 3 failed: timeout"), out);
        assertTrue(!out.contains("IOException"), "details only when asked: " + out);

        cmd.limit = 1;
        cmd.details = true;
        out = run(cmd::execute);
        assertTrue(out.contains("java.io.IOException: disk full"), out);
        assertTrue(!out.contains("checkpoint 3 failed"), out);
        assertTrue(out.contains("(more entries: use --limit)"), out);
        assertEquals(List.of("errors job_1 null", "errors job_1 1"), jobs.asked);
    }

    @Test
    void connectorListShowsVisibleConnectorsByName() throws Exception {
        ConnectorList cmd = new ConnectorList();
        cmd.connectors = List.of(connector("redis", "Redis", false, true, true, false),
                connector("impulse", "Impulse", true, false, false, false),
                connector("preview", "Preview", false, true, false, true));
        String out = run(cmd::execute);
        assertTrue(out.contains("impulse | Impulse      | yes    |      |        | about impulse"), out);
        assertTrue(out.contains("redis   | Redis        |        | yes  | yes"), out);
        assertTrue(out.indexOf("impulse") < out.indexOf("redis"), out);
        assertTrue(!out.contains("preview"), "hidden: " + out);
        cmd.all = true;
        assertTrue(run(cmd::execute).contains("preview"));
        cmd.connectors = null;
        assertTrue(run(cmd::execute).contains("no connectors"));
    }

    @Test
    void nodesListsTheWorkersOfJobsThatHaveNotEnded() throws Exception {
        service.add("pl_aaaaaaaaaa", "clicks", 1, "job_1", "Running");
        service.add("pl_bbbbbbbbbb", "orders", 1, "job_2", "Stopped");
        Nodes cmd = new Nodes();
        cmd.jobs = jobs;
        cmd.schedulers = List.of(new Scheduler() {
            @Override
            public void startWorkers(WorkerRequest request) {
            }

            @Override
            public void stopWorkers(String jobId, long runId, boolean force) {
            }

            @Override
            public List<WorkerHandle> workers(String jobId) {
                return List.of(new WorkerHandle("wkr_" + jobId, jobId, 1, "pid 4242", true),
                        new WorkerHandle("wkr_n_" + jobId, jobId, 1, "node n1: pid 7", true, "n1"));
            }

            @Override
            public List<org.wadi.spi.scheduler.SchedulerNode> nodes() {
                return List.of(new org.wadi.spi.scheduler.SchedulerNode("n1", "host-1", 4, 3, 1));
            }
        });
        String out = run(cmd::execute);
        assertTrue(out.contains("n1   | host-1 |     4 |    3 |       1"), out);
        assertTrue(out.lines().anyMatch(l -> l.startsWith("server |") && l.contains("wkr_job_1   | job_1 |   1 | yes")
                && l.endsWith("pid 4242")), out);
        assertTrue(out.lines().anyMatch(l -> l.startsWith("n1     |") && l.contains("wkr_n_job_1")), out);
        assertTrue(!out.contains("wkr_job_2"), "an ended job has no workers to show: " + out);
    }

    @Test
    void theJobCompleterOffersEveryJobId() {
        service.add("pl_aaaaaaaaaa", "a", 1, "job_1", "Running");
        service.add("pl_bbbbbbbbbb", "b", 1, "job_2", "Running");
        List<String> candidates = new java.util.ArrayList<>();
        JobIdCompleter.completeFrom(jobs, candidates);
        assertEquals(List.of("job_2", "job_1"), candidates);
    }

    private static Connector connector(String id, String name, boolean source, boolean sink, boolean lookup,
            boolean hidden) {
        ConnectorMetadata m = new ConnectorMetadata(id, name, "", "about " + id, source, sink, lookup, false, false,
                hidden, null, null);
        return new Connector() {
            @Override
            public ConnectorMetadata metadata() {
                return m;
            }

            @Override
            public ConnectorTable table(TableRequest request) {
                throw new UnsupportedOperationException();
            }
        };
    }

    private static String run(Callable<Object> command) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            command.call();
        } finally {
            System.setOut(original);
        }
        return buffer.toString(StandardCharsets.UTF_8).replace('\u2502', '|');
    }
}
