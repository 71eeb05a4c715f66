package org.wadi.shell.command;

import java.util.ArrayList;
import java.util.List;
import org.wadi.api.service.ApiException;
import org.wadi.api.service.Checkpoint;
import org.wadi.api.service.Job;
import org.wadi.api.service.JobLogMessage;
import org.wadi.api.service.JobLogMessageCollection;
import org.wadi.api.service.JobService;
import org.wadi.api.service.OperatorCheckpointGroup;

/** The job service over a {@link FakePipelineService}'s jobs, with checkpoints and errors tests add. */
final class FakeJobService implements JobService {

    private final FakePipelineService pipelines;
    final List<Checkpoint> checkpoints = new ArrayList<>();
    final List<JobLogMessage> errors = new ArrayList<>();
    final List<String> asked = new ArrayList<>();

    FakeJobService(FakePipelineService pipelines) {
        this.pipelines = pipelines;
    }

    @Override
    public List<Job> allJobs() {
        List<Job> all = new ArrayList<>();
        pipelines.jobs.values().forEach(all::addAll);
        java.util.Collections.reverse(all);
        return all;
    }

    @Override
    public List<Checkpoint> checkpoints(String pipelineId, String jobId) {
        pipelines.job(pipelineId, jobId);
        asked.add("checkpoints " + jobId);
        return checkpoints;
    }

    @Override
    public List<OperatorCheckpointGroup> operatorCheckpointGroups(String pipelineId, String jobId, String epoch) {
        throw new UnsupportedOperationException();
    }

    @Override
    public JobLogMessageCollection errors(String pipelineId, String jobId, String startingAfter, Integer limit) {
        pipelines.job(pipelineId, jobId);
        asked.add("errors " + jobId + " " + limit);
        if (limit != null && limit < 1) {
            throw ApiException.badRequest("limit must be from 1 to 1000, was " + limit);
        }
        int n = limit == null ? errors.size() : Math.min(limit, errors.size());
        return new JobLogMessageCollection(errors.subList(0, n), n < errors.size());
    }
}
