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

    /**
     * Plans the query and stores the pipeline with its first job (state {@code Created}, running
     * desired). With a {@link PipelinePost#stateUrl() state_url}, the checkpoint is checked (it
     * exists, is complete and readable, and its operators with state are the plan's) and the job
     * restores it until it has a checkpoint of its own.
     */
    Pipeline create(PipelinePost post);

    /**
     * Creates a preview pipeline, as Arroyo's {@code POST /v1/pipelines/preview}: named
     * {@code preview}, parallelism 1, every sink replaced by the preview sink unless {@link
     * PreviewPost#enableSinks()}, and stopped by the controller once its time to live has passed.
     * Its rows arrive through the job's output stream.
     */
    Pipeline preview(PreviewPost post);

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
