package org.wadi.worker.internal.join;

import org.wadi.spi.plan.JoinOperator;
import org.wadi.worker.internal.expr.ExprCompiler;
import org.wadi.worker.internal.expr.PlanException;
import org.wadi.worker.internal.runtime.MultiInput;
import org.wadi.worker.internal.runtime.RowOutput;
import org.wadi.worker.internal.runtime.StatefulOperator;
import org.wadi.worker.internal.updating.UpdatingJoin;

/** Creates the runtime operator of a {@link JoinOperator}, by its kind. */
public final class Joins {

    /** A join's runtime operator: two inputs, keyed state in checkpoints. */
    public interface Join extends MultiInput, StatefulOperator {
    }

    private Joins() {
    }

    /** The operator for {@code spec}, emitting into {@code next}; its condition compiled by {@code compiler}. */
    public static Join create(String operatorId, JoinOperator spec, ExprCompiler compiler, RowOutput next)
            throws PlanException {
        JoinCondition condition = JoinCondition.compile(operatorId, spec, compiler);
        return switch (spec.kind()) {
            case WINDOW -> WindowJoin.create(operatorId, spec, condition, next);
            case INTERVAL -> IntervalJoin.create(operatorId, spec, condition, next);
            case UPDATING -> UpdatingJoin.create(operatorId, spec, condition, next);
        };
    }
}
