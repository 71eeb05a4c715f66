package org.wadi.sql.internal;

import java.util.List;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexExecutor;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;

/**
 * Constant folding that never fails a query: Calcite folds constant expressions by compiling them
 * with Janino, and some that validate (a string cast to an array, say) it cannot compile, failing
 * with an assertion or an exception. Folding is only an optimisation, so such expressions stay as
 * written; the planner's translation of expressions then accepts or refuses them with its own
 * message.
 */
final class SafeRexExecutor implements RexExecutor {

    static final SafeRexExecutor INSTANCE = new SafeRexExecutor();

    private SafeRexExecutor() {
    }

    @Override
    public void reduce(RexBuilder rexBuilder, List<RexNode> constExps, List<RexNode> reducedValues) {
        int before = reducedValues.size();
        try {
            RexUtil.EXECUTOR.reduce(rexBuilder, constExps, reducedValues);
            if (reducedValues.size() - before == constExps.size()) {
                return;
            }
        } catch (RuntimeException | AssertionError e) {
            // not foldable: keep the expressions
        }
        reducedValues.subList(before, reducedValues.size()).clear();
        reducedValues.addAll(constExps);
    }
}
