package org.wadi.shell.command;

import java.util.List;
import org.wadi.api.service.ApiException;
import org.wadi.api.service.Job;
import org.wadi.api.service.PipelineService;

/** Which job a command about jobs means. */
final class Jobs {

    private Jobs() {
    }

    /** The job given, or the pipeline's newest one when none is given. */
    static String jobOf(PipelineService pipelines, String pipelineId, String jobId) {
        if (jobId != null && !jobId.isBlank()) {
            return pipelines.job(pipelineId, jobId).id();
        }
        List<Job> jobs = pipelines.jobs(pipelineId);
        if (jobs.isEmpty()) {
            throw ApiException.notFound("pipeline '" + pipelineId + "' has no job");
        }
        return jobs.get(0).id();
    }
}
