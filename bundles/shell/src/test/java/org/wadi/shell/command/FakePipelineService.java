package org.wadi.shell.command;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.wadi.api.service.ApiException;
import org.wadi.api.service.Job;
import org.wadi.api.service.JobTransition;
import org.wadi.api.service.Pipeline;
import org.wadi.api.service.PipelineCollection;
import org.wadi.api.service.PipelineGraph;
import org.wadi.api.service.PipelineNode;
import org.wadi.api.service.PipelinePatch;
import org.wadi.api.service.PipelinePost;
import org.wadi.api.service.PipelineService;
import org.wadi.api.service.QueryValidationResult;
import org.wadi.api.service.ValidateQueryPost;
import org.wadi.spi.job.StopMode;

/** A pipeline service in memory, paging two at a time so that the commands' paging is exercised. */
final class FakePipelineService implements PipelineService {

    static final long T0 = 1_772_360_130_000_000L; // 2026-03-01 10:15:30Z

    final Map<String, Pipeline> pipelines = new LinkedHashMap<>();
    final Map<String, List<Job>> jobs = new LinkedHashMap<>();
    final List<PipelinePost> created = new ArrayList<>();
    final List<String> patches = new ArrayList<>();
    final List<String> restarts = new ArrayList<>();
    final List<String> deleted = new ArrayList<>();

    Pipeline add(String id, String name, int parallelism, String jobId, String state) {
        PipelineGraph graph = new PipelineGraph(
                List.of(new PipelineNode("source_1", "source", "read", parallelism),
                        new PipelineNode("sink_2", "sink", "write", parallelism)),
                List.of());
        Pipeline p = new Pipeline(id, name, "SELECT 1", List.of(), 10_000_000L, StopMode.NONE, T0 + pipelines.size(),
                StopMode.CHECKPOINT, "Stop", false, graph, false);
        pipelines.put(id, p);
        jobs.put(id, new ArrayList<>(List.of(new Job(jobId, id, true, state, 1, T0, null, (long) parallelism * 2,
                null, T0))));
        return p;
    }

    @Override
    public Pipeline create(PipelinePost post) {
        if (post.query().contains("BROKEN")) {
            throw ApiException.badRequest("invalid query: Object 'broken' not found at line 1, column 15");
        }
        created.add(post);
        return add("pl_new" + created.size(), post.name(), post.parallelism().intValue(), "job_new" + created.size(), "Created");
    }

    @Override
    public PipelineCollection list(String startingAfter, Integer limit) {
        List<Pipeline> newestFirst = new ArrayList<>(pipelines.values());
        java.util.Collections.reverse(newestFirst);
        int from = 0;
        if (startingAfter != null) {
            from = newestFirst.indexOf(pipelines.get(startingAfter)) + 1;
        }
        int to = Math.min(newestFirst.size(), from + 2);
        return new PipelineCollection(newestFirst.subList(from, to), to < newestFirst.size());
    }

    @Override
    public Pipeline get(String pipelineId) {
        Pipeline p = pipelines.get(pipelineId);
        if (p == null) {
            throw ApiException.notFound("pipeline '" + pipelineId + "' not found");
        }
        return p;
    }

    @Override
    public Pipeline patch(String pipelineId, PipelinePatch patch) {
        get(pipelineId);
        patches.add(pipelineId + " " + (patch.stop() != null ? patch.stop().wire() : "parallelism " + patch.parallelism()));
        if (patch.parallelism() != null) {
            Pipeline p = get(pipelineId);
            int n = patch.parallelism().intValue();
            pipelines.put(pipelineId, new Pipeline(p.id(), p.name(), p.query(), p.udfs(), p.checkpointIntervalMicros(),
                    p.stop(), p.createdAt(), p.action(), p.actionText(), p.actionInProgress(), new PipelineGraph(
                            p.graph().nodes().stream().map(x -> new PipelineNode(x.nodeId(), x.operator(), x.description(), n))
                                    .toList(), p.graph().edges()), p.preview()));
        }
        return get(pipelineId);
    }

    @Override
    public void delete(String pipelineId) {
        get(pipelineId);
        if (!"Stopped".equals(jobs.get(pipelineId).get(0).state())) {
            throw ApiException.conflict("pipeline '" + pipelineId + "' cannot be deleted while its job is running");
        }
        pipelines.remove(pipelineId);
        deleted.add(pipelineId);
    }

    @Override
    public Pipeline preview(org.wadi.api.service.PreviewPost post) {
        throw new UnsupportedOperationException("the shell creates previews through create");
    }

    @Override
    public Pipeline restart(String pipelineId, org.wadi.api.service.PipelineRestart restart) {
        restarts.add(pipelineId + (Boolean.TRUE.equals(restart.force()) ? " force" : "")
                + (Boolean.TRUE.equals(restart.ignoreState()) ? " ignore_state" : ""));
        return get(pipelineId);
    }

    @Override
    public List<Job> jobs(String pipelineId) {
        get(pipelineId);
        return jobs.get(pipelineId);
    }

    @Override
    public Job job(String pipelineId, String jobId) {
        return jobs(pipelineId).stream().filter(j -> j.id().equals(jobId)).findFirst().orElseThrow();
    }

    @Override
    public List<JobTransition> history(String pipelineId, String jobId) {
        job(pipelineId, jobId);
        return List.of(new JobTransition(null, "Created", "created", T0),
                new JobTransition("Created", "Compiling", "planning the job", T0 + 1_000_000),
                new JobTransition("Compiling", "Running", "all 4 tasks running", T0 + 3_000_000));
    }

    @Override
    public QueryValidationResult validate(ValidateQueryPost post) {
        throw new UnsupportedOperationException();
    }
}
