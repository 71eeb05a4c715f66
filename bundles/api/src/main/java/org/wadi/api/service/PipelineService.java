package org.wadi.api.service;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * What users can do with pipelines and jobs, whether through the REST API or the shell. An OSGi
 * service; thread-safe. It validates input, plans SQL and changes desired state in the store; it
 * never commands a job (the controller reconciles).
 *
 * <p>Every method throws {@link ApiException} for what the caller did wrong (bad input, unknown id,
 * conflicting state), with a message for users.
 */
@ProviderType
public interface PipelineService {

    /** Plans the query and stores the pipeline with its first job (state {@code Created}, running desired). */
    Pipeline create(PipelinePost post);

    /**
     * One page of pipelines, newest first.
     *
     * @param startingAfter the id of the last pipeline of the previous page, or {@code null}
     * @param limit the page size, or {@code null} for the configured default
     */
    PipelineCollection list(String startingAfter, Integer limit);

    Pipeline get(String pipelineId);

    /**
     * Changes a pipeline's desired state: its stop mode ({@code none} resumes a stopped job from its
     * last checkpoint), its parallelism (the query is planned again for it and a running job
     * rescales).
     */
    Pipeline patch(String pipelineId, PipelinePatch patch);

    /** Asks for the pipeline's job to be restarted, running it again if it was stopped or had ended. */
    Pipeline restart(String pipelineId, PipelineRestart restart);

    /** Deletes a pipeline whose jobs have all reached a final state. */
    void delete(String pipelineId);

    /** A pipeline's jobs, newest first. */
    List<Job> jobs(String pipelineId);

    /** One job of a pipeline. */
    Job job(String pipelineId, String jobId);

    /** A job's state history, oldest first. */
    List<JobTransition> history(String pipelineId, String jobId);

    /** Plans a query without storing anything: its graph, or what is wrong with it. */
    QueryValidationResult validate(ValidateQueryPost post);
}
