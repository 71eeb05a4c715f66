package org.wadi.controller;

import java.util.function.Consumer;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The rows that preview sinks of running jobs send to the controller, for the API's
 * {@code GET /api/v1/pipelines/{id}/jobs/{job_id}/output}. An OSGi service of the controller.
 * Read-only: subscribing never affects the job.
 */
@ProviderType
public interface JobOutputs {

    /**
     * Delivers every row the job's preview sinks send from now on, in order, on a controller
     * thread; a slow consumer loses rows rather than slowing the job or other consumers.
     *
     * @param jobId the job
     * @param consumer gets each row as an {@link OutputRow}
     * @return a handle that ends the subscription
     */
    AutoCloseable subscribe(String jobId, Consumer<OutputRow> consumer);

    /**
     * One row of output.
     *
     * @param operatorId the sink operator that sent it
     * @param subtask its subtask
     * @param json the row as a JSON object
     */
    record OutputRow(String operatorId, int subtask, String json) {
    }
}
