package org.wadi.sql.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlUnresolvedFunction;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;

/**
 * {@code array_agg(x ORDER BY y)}, {@code string_agg(x, ',' ORDER BY y)}, {@code first_value(x ORDER
 * BY y)}, {@code last_value(…)} and {@code nth_value(x, n ORDER BY y)}, as DataFusion writes them:
 * Calcite's grammar (with Wadi's addition for other calls) reads the ORDER BY into a last operand;
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
        if (call instanceof SqlOrderBy orderBy && !orderBy.query.isA(SqlKind.QUERY)) {
            // the grammar reads "f(x ORDER BY y)" as x ORDER BY y; it is taken apart below, as the call's
            // last operand, and anywhere else it is no SQL
            throw new UnsupportedException("ORDER BY follows an expression, not a query: it orders a query's rows, "
                    + "or the values of an aggregate as in array_agg(x ORDER BY y)", orderBy.orderList.getParserPosition());
        }
        List<SqlNode> operands = new ArrayList<>(call.getOperandList());
        if (call.getOperator() instanceof SqlUnresolvedFunction && !operands.isEmpty()
                && operands.get(operands.size() - 1) instanceof SqlOrderBy ordered && !ordered.query.isA(SqlKind.QUERY)
                && ordered.offset == null && ordered.fetch == null) {
            operands.set(operands.size() - 1, ordered.query);
            operands.add(ordered.orderList);
            call = call.getOperator().createCall(call.getFunctionQuantifier(), call.getParserPosition(),
                    operands.toArray(new SqlNode[0]));
            node = call;
        }
        for (int i = 0; i < operands.size(); i++) {
            SqlNode o = operands.get(i);
            SqlNode r = o == null ? null : rewrite(o);
            if (r != o) {
                call.setOperand(i, r);
                operands.set(i, r);
            }
        }
        String name = call.getOperator().getName().toLowerCase(Locale.ROOT);
        boolean orderedLast = !operands.isEmpty() && operands.get(operands.size() - 1) instanceof SqlNodeList;
        if (orderedLast && call.getOperator() instanceof SqlUnresolvedFunction
                && !AggregateFunctions.ORDERED.contains(name)) {
            // first_value(x ORDER BY y) is read for every function name: only the ordered aggregates take it
            throw new UnsupportedException("ORDER BY inside " + name + "(…) is not supported: it orders the values of "
                    + String.join(", ", AggregateFunctions.ORDERED), operands.get(operands.size() - 1).getParserPosition());
        }
        if (AggregateFunctions.ORDERED.contains(name) && orderedLast
                && operands.get(operands.size() - 1) instanceof SqlNodeList order) {
            // array_agg and string_agg are looked up again by name; first_value, last_value and nth_value are
            // bound to Wadi's aggregates here, as Calcite's window functions of those names take no order
            org.apache.calcite.sql.SqlOperator function = name.equals("array_agg") || name.equals("string_agg")
                    ? new SqlUnresolvedFunction(new SqlIdentifier(name, call.getParserPosition()),
                            null, null, null, null, SqlFunctionCategory.USER_DEFINED_FUNCTION)
                    : AggregateFunctions.byName(name);
            SqlCall unordered = function.createCall(call.getFunctionQuantifier(), call.getParserPosition(),
                    operands.subList(0, operands.size() - 1).toArray(new SqlNode[0]));
            return SqlStdOperatorTable.WITHIN_GROUP.createCall(call.getParserPosition(), unordered, order);
        }
        return node;
    }
}
