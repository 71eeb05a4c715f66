package org.wadi.api.internal;

import static org.wadi.api.service.ApiException.badRequest;
import static org.wadi.api.service.ApiException.notFound;

import org.wadi.api.service.ApiException;
import org.wadi.store.Job;
import org.wadi.store.Pipeline;
import org.wadi.store.PipelineStore;

/**
 * Finds a pipeline, or one of its jobs, by the ids a caller gave: 400 for a missing id, 404 for an
 * unknown one or a job of another pipeline. Shared by the pipeline and job services.
 */
final class Lookups {

    private Lookups() {
    }

    static Pipeline pipeline(PipelineStore store, String pipelineId) {
        String id = pipelineId == null ? "" : pipelineId.trim();
        if (id.isEmpty()) {
            throw badRequest("a pipeline id is required");
        }
        return store.getPipeline(id).orElseThrow(() -> pipelineNotFound(id));
    }

    static Job job(PipelineStore store, String pipelineId, String jobId) {
        Pipeline pipeline = pipeline(store, pipelineId);
        String id = jobId == null ? "" : jobId.trim();
        return store.getJob(id)
                .filter(j -> j.pipelineId().equals(pipeline.id()))
                .orElseThrow(() -> notFound("job '" + id + "' not found in pipeline '" + pipeline.id() + "'"));
    }

    static ApiException pipelineNotFound(String id) {
        return notFound("pipeline '" + id + "' not found");
    }
}
