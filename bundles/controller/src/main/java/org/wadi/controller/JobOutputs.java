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
     * Delivers rows as {@link #subscribe(String, Consumer)} does and, once the job has reached a
     * final state (Stopped, Finished, Failed), delivers the rows still queued for this consumer,
     * calls {@code onEnd} once, on a controller thread, and ends the subscription. When the
     * controller knows the job to be in a final state already, {@code onEnd} follows at once. A
     * server whose controller is not the active one never calls it (since 1.3).
     *
     * @param jobId the job
     * @param consumer gets each row as an {@link OutputRow}
     * @param onEnd called after the last row, when the job has ended
     * @return a handle that ends the subscription
     */
    AutoCloseable subscribe(String jobId, Consumer<OutputRow> consumer, Runnable onEnd);

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
