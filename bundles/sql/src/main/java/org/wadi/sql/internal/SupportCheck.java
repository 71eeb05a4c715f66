package org.wadi.sql.internal;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSyntax;
import org.apache.calcite.sql.SqlUnresolvedFunction;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.validate.SqlNameMatchers;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.util.SqlBasicVisitor;

/**
 * Rejects, with their position, the constructs of valid SQL that Wadi cannot run yet — before
 * Calcite's validator sees them, so users get "not supported yet" instead of a puzzling error.
 * Each construct the planner learns is removed from here.
 */
final class SupportCheck {

    private SupportCheck() {
    }

    /** Checks a query (the body of an INSERT, or a bare SELECT) before validation. */
    static void checkQuery(SqlNode query) {
        switch (query.getKind()) {
            case SELECT -> checkSelect((SqlSelect) query);
            case ORDER_BY -> {
                SqlOrderBy orderBy = (SqlOrderBy) query;
                if (orderBy.orderList != null && !orderBy.orderList.isEmpty()) {
                    throw new UnsupportedException("ORDER BY is not supported in streaming pipelines",
                            orderBy.orderList.getParserPosition());
                }
                if (orderBy.fetch != null) {
                    throw new UnsupportedException("LIMIT is not supported in streaming pipelines",
                            orderBy.fetch.getParserPosition());
                }
                if (orderBy.offset != null) {
                    throw new UnsupportedException("OFFSET is not supported in streaming pipelines",
                            orderBy.offset.getParserPosition());
                }
                checkQuery(orderBy.query);
            }
            case WITH -> throw new UnsupportedException("WITH (common table expressions) is not supported yet",
                    query.getParserPosition());
            case UNION -> {
                SqlCall union = (SqlCall) query;
                if (union.getOperator() != org.apache.calcite.sql.fun.SqlStdOperatorTable.UNION_ALL) {
                    throw new UnsupportedException("UNION without ALL (removing duplicates) is not supported yet; "
                            + "use UNION ALL", query.getParserPosition());
                }
                for (SqlNode branch : union.getOperandList()) {
                    checkQuery(branch);
                }
            }
            case INTERSECT, EXCEPT -> throw new UnsupportedException(
                    query.getKind().sql + " is not supported yet", query.getParserPosition());
            case VALUES -> throw new UnsupportedException("VALUES is not supported yet", query.getParserPosition());
            default -> throw new UnsupportedException("this kind of query (" + query.getKind().sql
                    + ") is not supported yet", query.getParserPosition());
        }
    }

    private static void checkSelect(SqlSelect select) {
        if (select.isDistinct()) {
            throw new UnsupportedException("SELECT DISTINCT is not supported yet", select.getParserPosition());
        }
        if (select.getQualify() != null) {
            throw new UnsupportedException("QUALIFY is not supported yet", select.getQualify().getParserPosition());
        }
        if (select.getOrderList() != null && !select.getOrderList().isEmpty()) {
            throw new UnsupportedException("ORDER BY is not supported in streaming pipelines",
                    select.getOrderList().getParserPosition());
        }
        if (select.getFetch() != null) {
            throw new UnsupportedException("LIMIT is not supported in streaming pipelines",
                    select.getFetch().getParserPosition());
        }
        SqlNode from = select.getFrom();
        if (from != null) {
            checkFrom(from);
        }
        checkExpressions(select.getSelectList());
        if (select.getWhere() != null) {
            checkExpressions(select.getWhere());
        }
        if (select.getGroup() != null) {
            checkExpressions(select.getGroup());
        }
        if (select.getHaving() != null) {
            checkExpressions(select.getHaving());
        }
    }

    private static void checkFrom(SqlNode from) {
        if (from instanceof SqlJoin join) {
            switch (join.getJoinType()) {
                case INNER, LEFT, RIGHT, FULL, COMMA -> {
                }
                case CROSS -> throw new UnsupportedException("CROSS JOIN has no condition to match rows on, so "
                        + "its state would grow forever; join ON equal keys", join.getParserPosition());
                default -> throw new UnsupportedException(join.getJoinType() + " joins are not supported",
                        join.getParserPosition());
            }
            if (join.isNatural()) {
                throw new UnsupportedException("NATURAL joins are not supported: join ON equal keys",
                        join.getParserPosition());
            }
            checkFrom(join.getLeft());
            checkFrom(join.getRight());
            if (join.getCondition() != null) {
                checkExpressions(join.getCondition());
            }
            return;
        }
        switch (from.getKind()) {
            case IDENTIFIER -> {
            }
            case AS -> checkFrom(((SqlCall) from).operand(0));
            case SELECT, ORDER_BY, WITH, UNION, INTERSECT, EXCEPT, VALUES -> checkQuery(from);
            case COLLECTION_TABLE, LATERAL, TABLE_REF -> throw new UnsupportedException(
                    "table functions (such as windows in FROM) are not supported yet", from.getParserPosition());
            case UNNEST -> throw new UnsupportedException("UNNEST is not supported yet", from.getParserPosition());
            default -> throw new UnsupportedException("this FROM clause is not supported yet",
                    from.getParserPosition());
        }
    }

    private static void checkExpressions(SqlNode node) {
        node.accept(new SqlBasicVisitor<Void>() {
            @Override
            public Void visit(SqlCall call) {
                if (call.getKind() == SqlKind.EXISTS || call.getKind() == SqlKind.UNIQUE) {
                    // (Calcite's parser also takes EXISTS before an expression that is no query)
                    throw new UnsupportedException(call.getKind() + " (a subquery) is not supported yet",
                            call.getParserPosition());
                }
                if (call.getKind().belongsTo(SqlKind.QUERY)) {
                    throw new UnsupportedException("subqueries are not supported yet", call.getParserPosition());
                }
                return super.visit(call);
            }
        });
    }

    /**
     * Checks the types a query or a column declaration names: a DECIMAL's scale cannot exceed its
     * precision (as DataFusion requires); Calcite's type derivation fails an assertion on one.
     */
    static void checkTypes(SqlNode node) {
        node.accept(new SqlBasicVisitor<Void>() {
            @Override
            public Void visit(org.apache.calcite.sql.SqlDataTypeSpec type) {
                checkType(type);
                return null;
            }
        });
    }

    /** Checks one named type (see {@link #checkTypes}). */
    static void checkType(org.apache.calcite.sql.SqlDataTypeSpec type) {
        if (type.getTypeNameSpec() instanceof org.apache.calcite.sql.SqlBasicTypeNameSpec basic
                && basic.getTypeName().getSimple().equalsIgnoreCase("DECIMAL")) {
            int precision = basic.getPrecision();
            int scale = basic.getScale();
            if (precision >= 0 && scale > precision) {
                throw new UnsupportedException("DECIMAL(" + precision + ", " + scale + "): the scale (" + scale
                        + " digits after the point) cannot exceed the precision (" + precision + " digits in all)",
                        type.getParserPosition());
            }
        }
    }

    /** Whether an operator (resolved or, before validation, only named) is an aggregate function. */
    static boolean isAggregate(SqlOperator operator) {
        if (operator.isAggregator()) {
            return true;
        }
        if (!(operator instanceof SqlUnresolvedFunction)) {
            return false;
        }
        if (AggregateFunctions.names().contains(operator.getName().toLowerCase(java.util.Locale.ROOT))) {
            return true;
        }
        List<SqlOperator> overloads = new ArrayList<>();
        SqlStdOperatorTable.instance().lookupOperatorOverloads(operator.getNameAsId(), null, SqlSyntax.FUNCTION,
                overloads, SqlNameMatchers.withCaseSensitive(false));
        return overloads.stream().anyMatch(SqlOperator::isAggregator);
    }

    /** The aggregates the engine runs: Calcite's five and {@link AggregateFunctions}. */
    static final String SUPPORTED_AGGREGATES = "count, sum, min, max, avg, " + String.join(", ",
            AggregateFunctions.names());

    private static void checkAggregate(SqlCall call) {
        SqlOperator op = call.getOperator();
        switch (op.getKind()) {
            case COUNT, SUM, SUM0, MIN, MAX, AVG -> {
                return;
            }
            case GROUPING, GROUPING_ID, GROUP_ID -> throw new UnsupportedException(op.getName().toLowerCase(
                    java.util.Locale.ROOT) + "() tells the rows of GROUPING SETS, ROLLUP and CUBE apart, which are "
                    + "not supported: every group is a plain GROUP BY group", call.getParserPosition());
            default -> {
            }
        }
        if (!AggregateFunctions.isOne(op) && !(op instanceof UserFunctions.Aggregate)) {
            throw new UnsupportedException("the aggregate " + op.getName() + " is not supported; supported: "
                    + SUPPORTED_AGGREGATES, call.getParserPosition());
        }
    }

    /** Checks a validated SELECT, once function calls are resolved. */
    static void checkValidated(SqlNode query) {
        query.accept(new SqlBasicVisitor<Void>() {
            @Override
            public Void visit(SqlCall call) {
                if (call.getKind() == SqlKind.OVER) {
                    // a window function, which the translation checks; its arguments are ordinary
                    call.getOperandList().subList(1, call.operandCount()).forEach(o -> {
                        if (o != null) {
                            o.accept(this);
                        }
                    });
                    SqlCall function = call.operand(0);
                    function.getOperandList().forEach(o -> {
                        if (o != null) {
                            o.accept(this);
                        }
                    });
                    return null;
                }
                if (call.getOperator().isAggregator()) {
                    checkAggregate(call);
                }
                return super.visit(call);
            }
        });
    }
}
