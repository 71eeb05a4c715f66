package org.wadi.controller;

import java.util.List;
import java.util.Map;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Recent metrics of the operators of the jobs this server's controller runs, as their workers
 * reported them every few seconds (the last five minutes). An OSGi service of the controller; the
 * API serves it as {@code GET …/jobs/{job_id}/operator_metric_groups}. Thread-safe.
 */
@ProviderType
public interface OperatorMetrics {

    /** The series kept, as Arroyo names them. */
    enum Name {
        BYTES_RECV, BYTES_SENT, MESSAGES_RECV, MESSAGES_SENT, BACKPRESSURE, TX_QUEUE_SIZE, TX_QUEUE_REM
    }

    /**
     * One value of a series.
     *
     * @param timeMicros when the worker measured it, microseconds since the epoch
     * @param value rows or bytes per second for counts, the ratio 0..1 for backpressure, batches for
     *     queues
     */
    record Point(long timeMicros, double value) {
    }

    /**
     * The series of one operator's subtask, oldest point first.
     */
    record SubtaskSeries(String operatorId, int subtask, Map<Name, List<Point>> series) {

        public SubtaskSeries {
            series = Map.copyOf(series);
        }
    }

    /** The series of a job, by operator and subtask; empty when it does not run on this server's controller. */
    List<SubtaskSeries> recent(String jobId);
}
