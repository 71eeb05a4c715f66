package org.wadi.api.service;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * What users can see of jobs beyond their state, whether through the REST API or the shell: all
 * jobs, a job's checkpoints with the details of each, and a job's errors. An OSGi service;
 * thread-safe; read only.
 *
 * <p>Every method throws {@link ApiException} for what the caller did wrong (bad input, unknown
 * id), with a message for users.
 */
@ProviderType
public interface JobService {

    /** Every job of every pipeline, newest first. */
    List<Job> allJobs();

    /** A job's checkpoints still recorded, oldest first. */
    List<Checkpoint> checkpoints(String pipelineId, String jobId);

    /**
     * What each operator and subtask stored for one checkpoint.
     *
     * @param epoch the checkpoint's epoch as the caller gave it (a whole number)
     */
    List<OperatorCheckpointGroup> operatorCheckpointGroups(String pipelineId, String jobId, String epoch);

    /**
     * One page of a job's errors list, newest first.
     *
     * @param startingAfter the id of the last entry of the previous page, or {@code null}
     * @param limit the page size, or {@code null} for the configured default
     */
    JobLogMessageCollection errors(String pipelineId, String jobId, String startingAfter, Integer limit);

    /**
     * The job's workers that this server's schedulers know of (those of its current run and those
     * that ended lately), running ones first.
     */
    default List<JobWorker> workers(String pipelineId, String jobId) {
        return List.of();
    }

    /**
     * The recent metrics of a job's operators and subtasks, as their workers reported them to this
     * server's controller; empty when the job does not run there.
     *
     * @since 1.4
     */
    default List<OperatorMetricGroup> operatorMetricGroups(String pipelineId, String jobId) {
        return List.of();
    }
}
