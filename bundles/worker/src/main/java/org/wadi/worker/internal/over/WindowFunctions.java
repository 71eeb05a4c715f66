package org.wadi.worker.internal.over;

import java.util.List;
import org.wadi.spi.plan.WindowFunctionOperator;
import org.wadi.spi.types.Schema;
import org.wadi.worker.internal.expr.PlanException;
import org.wadi.worker.internal.runtime.RowOutput;
import org.wadi.worker.internal.runtime.StatefulOperator;

/** Creates the runtime operator of a {@link WindowFunctionOperator}. */
public final class WindowFunctions {

    private WindowFunctions() {
    }

    /**
     * The operator for {@code spec}, emitting into {@code next}.
     *
     * @throws PlanException if the input is updating or lacks {@code _timestamp} last, a column is
     *     out of range, a function is unknown or has an invalid argument, or a result type is not one
     *     the function can produce
     */
    public static StatefulOperator create(String operatorId, WindowFunctionOperator spec, RowOutput next)
            throws PlanException {
        String what = "the window function operator " + operatorId;
        Schema input = spec.input();
        if (input.size() == 0 || !input.field(input.size() - 1).name().equals(Schema.TIMESTAMP_FIELD)) {
            throw new PlanException(what + ": its input does not end with " + Schema.TIMESTAMP_FIELD, "internal");
        }
        if (input.isUpdating()) {
            throw new PlanException(what + " cannot take an updating input (with " + Schema.OP_FIELD
                    + "): window functions run over the appended results of a window", "user");
        }
        List<Integer> keys = spec.partitionKeys();
        int[] partitionKeys = new int[keys.size()];
        for (int i = 0; i < partitionKeys.length; i++) {
            int k = keys.get(i);
            if (k < 0 || k >= input.size()) {
                throw new PlanException(what + " partitions by column " + k + ", but its input has " + input.size()
                        + " columns", "internal");
            }
            partitionKeys[i] = k;
        }
        RowOrder order = RowOrder.of(what, input, spec.orderBy());
        FunctionColumns functions = FunctionColumns.of(what, input, spec.functions());
        return new OverOperator(operatorId, input.size(), partitionKeys, order, functions, next);
    }
}
