package org.wadi.sql.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlUnresolvedFunction;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;

/**
 * {@code array_agg(x ORDER BY y)} and {@code string_agg(x, ',' ORDER BY y)}, as DataFusion writes
 * them: Calcite's grammar reads the ORDER BY into a last operand of its own library functions;
 * this rewrite makes it {@code array_agg(x) WITHIN GROUP (ORDER BY y)} of Wadi's functions (looked
 * up by name again), which the validator orders and the planner turns into the call's sort keys.
 */
final class AggregateOrderBy {

    private AggregateOrderBy() {
    }

    /** Rewrites {@code node} and everything under it, in place where it can; returns the node to use. */
    static SqlNode rewrite(SqlNode node) {
        if (node instanceof SqlNodeList list) {
            for (int i = 0; i < list.size(); i++) {
                SqlNode o = list.get(i);
                SqlNode r = o == null ? null : rewrite(o);
                if (r != o) {
                    list.set(i, r);
                }
            }
            return list;
        }
        if (!(node instanceof SqlCall call)) {
            return node;
        }
        List<SqlNode> operands = new ArrayList<>(call.getOperandList());
        for (int i = 0; i < operands.size(); i++) {
            SqlNode o = operands.get(i);
            SqlNode r = o == null ? null : rewrite(o);
            if (r != o) {
                call.setOperand(i, r);
                operands.set(i, r);
            }
        }
        String name = call.getOperator().getName().toLowerCase(Locale.ROOT);
        if ((name.equals("array_agg") || name.equals("string_agg")) && !operands.isEmpty()
                && operands.get(operands.size() - 1) instanceof SqlNodeList order) {
            SqlUnresolvedFunction function = new SqlUnresolvedFunction(new SqlIdentifier(name, call.getParserPosition()),
                    null, null, null, null, SqlFunctionCategory.USER_DEFINED_FUNCTION);
            SqlCall unordered = function.createCall(call.getFunctionQuantifier(), call.getParserPosition(),
                    operands.subList(0, operands.size() - 1).toArray(new SqlNode[0]));
            return SqlStdOperatorTable.WITHIN_GROUP.createCall(call.getParserPosition(), unordered, order);
        }
        return node;
    }
}
