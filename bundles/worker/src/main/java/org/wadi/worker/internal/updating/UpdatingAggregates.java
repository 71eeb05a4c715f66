package org.wadi.worker.internal.updating;

import java.util.function.LongSupplier;
import org.wadi.spi.plan.UpdatingAggregateOperator;
import org.wadi.spi.types.Schema;
import org.wadi.worker.internal.agg.AggColumn;
import org.wadi.worker.internal.agg.Aggregates;
import org.wadi.worker.internal.expr.FunctionResolver;
import org.wadi.worker.internal.expr.PlanException;
import org.wadi.worker.internal.runtime.RowOutput;
import org.wadi.worker.internal.runtime.StatefulOperator;

/** Creates the runtime operator of an {@link UpdatingAggregateOperator}. */
public final class UpdatingAggregates {

    private UpdatingAggregates() {
    }

    /** The operator for {@code spec}, emitting its changes into {@code next}. */
    public static StatefulOperator create(String operatorId, UpdatingAggregateOperator spec, RowOutput next)
            throws PlanException {
        return create(operatorId, spec, System::nanoTime, next, null);
    }

    /**
     * The operator for {@code spec}, emitting its changes into {@code next}, user-defined aggregates
     * found by {@code functions} (the worker framework's services when null).
     */
    public static StatefulOperator create(String operatorId, UpdatingAggregateOperator spec, RowOutput next,
            FunctionResolver functions) throws PlanException {
        return create(operatorId, spec, System::nanoTime, next, functions);
    }

    /** As {@link #create(String, UpdatingAggregateOperator, RowOutput)}, on the processing-time clock {@code clock}. */
    static UpdatingAggregator create(String operatorId, UpdatingAggregateOperator spec, LongSupplier clock,
            RowOutput next) throws PlanException {
        return create(operatorId, spec, clock, next, null);
    }

    private static UpdatingAggregator create(String operatorId, UpdatingAggregateOperator spec, LongSupplier clock,
            RowOutput next, FunctionResolver functions) throws PlanException {
        Schema input = spec.input();
        boolean updating = input.isUpdating();
        int columns = input.size() - (updating ? 2 : 1);
        int[] keys = spec.keys().stream().mapToInt(Integer::intValue).toArray();
        for (int k : keys) {
            if (k < 0 || k >= columns) {
                throw new PlanException("updating aggregate " + operatorId + ": key column " + k
                        + " is not a column of its input, which has " + columns, "internal");
            }
        }
        AggColumn[] aggregates = new AggColumn[spec.aggregates().size()];
        for (int i = 0; i < aggregates.length; i++) {
            aggregates[i] = Aggregates.create(spec.aggregates().get(i), input, updating, functions);
        }
        return new UpdatingAggregator(keys, aggregates, updating ? input.size() - 2 : -1, input.size() - 1,
                spec.ttlNanos(), spec.flushNanos(), clock, next);
    }
}
