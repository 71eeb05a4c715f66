package org.wadi.store;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;
import org.wadi.spi.job.JobState;
import org.wadi.spi.job.StopMode;

/**
 * Pipelines, jobs and job history in PostgreSQL. An OSGi service; every method is one transaction.
 * The API writes desired state through it; the controller reads desired state and writes actual
 * state.
 */
@ProviderType
public interface PipelineStore {

    /** Stores a new pipeline and its first job (state {@link JobState#Created}) together. */
    void createPipeline(Pipeline pipeline, Job job);

    /** Pipelines ordered by creation, newest first, after the one with id {@code startingAfter} (null: from the start). */
    Page<Pipeline> listPipelines(String startingAfter, int limit);

    Optional<Pipeline> getPipeline(String id);

    /**
     * Sets the desired stop mode of a pipeline and the running_desired flag of its current job.
     *
     * @return false if there is no such pipeline
     */
    boolean setStop(String pipelineId, StopMode stop);

    /**
     * Asks for the pipeline's current job to be restarted (Arroyo's restart): counts a new restart
     * request with its options, and sets the stop mode to {@code none} (a stopped job runs again).
     *
     * @param force skip the final checkpoint: stop the run at once
     * @param ignoreState start the new run without state, not from the last checkpoint
     * @return false if there is no such pipeline
     */
    boolean requestRestart(String pipelineId, boolean force, boolean ignoreState);

    /**
     * Changes the pipeline's parallelism and its plan (made for that parallelism); the controller
     * rescales a running job to it.
     *
     * @return false if there is no such pipeline
     */
    boolean rescale(String pipelineId, int parallelism, String planJson);

    /** The pipeline's parallelism and restart requests as they concern job {@code jobId}; empty if no such job. */
    Optional<JobControl> jobControl(String jobId);

    /**
     * Records that the controller acted on restart request {@code nonce} for the job (never goes back
     * to an older one).
     *
     * @return false if there is no such job
     */
    boolean restartTaken(String jobId, long nonce);

    /** Deletes a pipeline with its jobs and their history; false if there is no such pipeline. */
    boolean deletePipeline(String id);

    /** The pipeline's jobs, newest first. */
    List<Job> jobsForPipeline(String pipelineId);

    /**
     * The newest job of each of the pipelines, in one query: what {@code jobsForPipeline(id).get(0)}
     * is for each id, for a whole page of pipelines at once. Pipelines without a job, and unknown
     * ids, are not in the map.
     *
     * @param pipelineIds the pipelines (at most a page's worth; duplicates are fine)
     * @return the newest job by pipeline id
     */
    Map<String, Job> latestJobs(java.util.Collection<String> pipelineIds);

    Optional<Job> getJob(String id);

    /** Every job of every pipeline, newest first. */
    List<Job> allJobs();

    /** How many jobs are in each state (states without jobs are left out). */
    Map<JobState, Long> jobCountsByState();

    /**
     * Every job not in a final state, whose desired state differs from its state, or with a restart
     * request not acted on: the controller's work list.
     */
    List<Job> activeJobs();

    /**
     * Moves a job from one state to another and appends the history entry, only if it is still in
     * {@code from} (optimistic; returns false if another writer moved it first).
     *
     * @param job the job with its new values (state, run id, times, tasks, failure)
     * @param from the state it must be in now
     * @param reason why, for users
     */
    boolean transition(Job job, JobState from, String reason);

    /** A job's history, oldest first. */
    List<JobTransition> history(String jobId);

    /**
     * A new handle on the lock electing the active controller among the servers sharing this
     * database (nothing is locked until its {@link ControllerLock#hold} is called).
     */
    ControllerLock controllerLock();

    /**
     * Registers a callback run (on a store thread) whenever desired state changes — from this server
     * or another one sharing the database (PostgreSQL LISTEN/NOTIFY) — so the controller reacts at
     * once rather than at its next poll.
     *
     * @return a handle that unregisters it
     */
    AutoCloseable onChange(Runnable callback);
}
