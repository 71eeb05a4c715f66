package org.wadi.api.service;

import java.util.List;

/**
 * The recent metrics of a job's operators (Arroyo's {@code OperatorMetricGroupCollection}).
 *
 * @param data per operator, in the order of the pipeline's graph; empty when the job does not run
 *     on this server's controller
 */
public record OperatorMetricGroupCollection(List<OperatorMetricGroup> data) {

    public OperatorMetricGroupCollection {
        data = List.copyOf(data);
    }
}
