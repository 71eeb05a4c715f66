package org.wadi.sql;

import java.util.List;
import org.wadi.spi.plan.DataflowPlan;

/**
 * The outcome of planning.
 *
 * @param plan the plan, or {@code null} when there are errors
 * @param errors what is wrong, each with where; empty when the plan is valid
 */
public record PlanResult(DataflowPlan plan, List<Diagnostic> errors) {

    public PlanResult {
        errors = List.copyOf(errors);
    }

    public boolean ok() {
        return errors.isEmpty();
    }
}
