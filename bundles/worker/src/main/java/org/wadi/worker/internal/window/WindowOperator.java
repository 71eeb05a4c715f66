package org.wadi.worker.internal.window;

import org.wadi.spi.plan.AggregateCall;
import org.wadi.spi.plan.WindowAggregateOperator;
import org.wadi.spi.plan.WindowKind;
import org.wadi.worker.internal.agg.AggColumn;
import org.wadi.worker.internal.agg.Aggregates;
import org.wadi.worker.internal.expr.FunctionResolver;
import org.wadi.worker.internal.expr.PlanException;
import org.wadi.worker.internal.runtime.RowOutput;
import org.wadi.worker.internal.runtime.StatefulOperator;

/**
 * A window aggregate's runtime operator: a {@link RowOutput} that keeps keyed window state and
 * emits results downstream as watermarks close windows. All of its state lives in the operator
 * (one place per subtask), written compactly into checkpoints.
 */
public interface WindowOperator extends StatefulOperator {

    /** The operator for {@code spec}, emitting into {@code next}. */
    static WindowOperator create(WindowAggregateOperator spec, RowOutput next) throws PlanException {
        return create(spec, next, null);
    }

    /**
     * The operator for {@code spec}, emitting into {@code next}, user-defined aggregates found by
     * {@code functions} (the worker framework's services when null).
     */
    static WindowOperator create(WindowAggregateOperator spec, RowOutput next, FunctionResolver functions)
            throws PlanException {
        AggColumn[] aggs = new AggColumn[spec.aggregates().size()];
        for (int i = 0; i < aggs.length; i++) {
            AggregateCall call = spec.aggregates().get(i);
            aggs[i] = Aggregates.create(call, spec.input(), false, functions);
        }
        int[] keys = spec.keys().stream().mapToInt(Integer::intValue).toArray();
        for (int k : keys) {
            if (k < 0 || k >= spec.input().size() - 1) {
                throw new PlanException("window aggregate key column " + k + " is not a column of its input",
                        "internal");
            }
        }
        int timestampIndex = spec.input().size() - 1;
        if (spec.window().kind() == WindowKind.SESSION) {
            return new SessionWindowOperator(spec.window().gapNanos(), keys, aggs, timestampIndex, next);
        }
        return new PaneWindowOperator(spec.window().widthNanos(), spec.window().slideNanos(), keys, aggs,
                timestampIndex, next);
    }
}
