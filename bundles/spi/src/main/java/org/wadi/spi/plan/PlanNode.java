package org.wadi.spi.plan;

import java.util.Objects;

/**
 * One logical operator of a {@link DataflowPlan}.
 *
 * @param id unique within the plan, e.g. {@code source_1}, {@code calc_2}, {@code sink_3}
 * @param description what it does, for users (the graph in the UI and the API)
 * @param parallelism how many subtasks run it (at least 1)
 * @param operator what it computes
 */
public record PlanNode(String id, String description, int parallelism, OperatorSpec operator) {

    public PlanNode {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(operator, "operator");
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism of " + id + " must be at least 1, was " + parallelism);
        }
    }
}
