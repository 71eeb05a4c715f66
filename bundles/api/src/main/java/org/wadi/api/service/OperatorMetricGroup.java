package org.wadi.api.service;

import java.util.List;

/**
 * Recent metrics of one operator (Arroyo's {@code OperatorMetricGroup}).
 *
 * @param operatorId the operator, as in the pipeline's graph
 * @param metricGroups one group per metric: {@code bytes_recv}, {@code bytes_sent},
 *     {@code messages_recv}, {@code messages_sent}, {@code backpressure}, {@code tx_queue_size},
 *     {@code tx_queue_rem}
 */
public record OperatorMetricGroup(String operatorId, List<MetricGroup> metricGroups) {

    public OperatorMetricGroup {
        metricGroups = List.copyOf(metricGroups);
    }

    /**
     * One metric of an operator over its subtasks (Arroyo's {@code MetricGroup}).
     *
     * @param name the metric's name, as Arroyo's {@code MetricName} in snake case
     */
    public record MetricGroup(String name, List<SubtaskMetrics> subtasks) {

        public MetricGroup {
            subtasks = List.copyOf(subtasks);
        }
    }

    /** One subtask's series of a metric, oldest first (Arroyo's {@code SubtaskMetrics}). */
    public record SubtaskMetrics(int index, List<Metric> metrics) {

        public SubtaskMetrics {
            metrics = List.copyOf(metrics);
        }
    }

    /**
     * One value (Arroyo's {@code Metric}).
     *
     * @param time microseconds since the epoch
     * @param value per second for {@code bytes_*} and {@code messages_*}, the share of time blocked
     *     (0..1) for {@code backpressure}, batches for the queues
     */
    public record Metric(long time, double value) {
    }
}
