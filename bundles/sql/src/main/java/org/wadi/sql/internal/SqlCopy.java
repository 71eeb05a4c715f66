package org.wadi.sql.internal;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.util.SqlShuttle;

/**
 * Deep copies of parse trees. The planner rewrites a query's tree in place (the hidden event time,
 * window calls), so a view's query is copied afresh for every query reading it; Calcite's own
 * {@code clone} copies only the top node.
 */
final class SqlCopy extends SqlShuttle {

    private static final SqlCopy INSTANCE = new SqlCopy();

    private SqlCopy() {
    }

    static SqlNode of(SqlNode node) {
        return node.accept(INSTANCE);
    }

    @Override
    public SqlNode visit(SqlCall call) {
        List<SqlNode> operands = new ArrayList<>();
        for (SqlNode operand : call.getOperandList()) {
            operands.add(operand == null ? null : operand.accept(this));
        }
        return call.getOperator().createCall(call.getFunctionQuantifier(), call.getParserPosition(),
                operands.toArray(new SqlNode[0]));
    }

    @Override
    public SqlNode visit(SqlNodeList list) {
        List<SqlNode> copies = new ArrayList<>();
        for (SqlNode node : list) {
            copies.add(node == null ? null : node.accept(this));
        }
        return new SqlNodeList(copies, list.getParserPosition());
    }

    @Override
    public SqlNode visit(SqlIdentifier id) {
        return id.clone(id.getParserPosition());
    }
}
