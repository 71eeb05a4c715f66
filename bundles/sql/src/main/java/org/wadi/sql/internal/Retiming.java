package org.wadi.sql.internal;

import java.util.List;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlCallBinding;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOperandCountRange;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlOperandCountRanges;
import org.apache.calcite.sql.type.SqlOperandTypeChecker;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql2rel.SqlRexContext;
import org.wadi.spi.types.Schema;

/**
 * Arroyo's re-timing projection: a select item named {@code _timestamp} ({@code expr AS
 * _timestamp}) is no output column but the rows' new event time. Windows, joins and aggregates
 * after the select follow it, while the watermarks stay those of the input, so rows moved behind
 * them are late downstream (windows drop them), as in Arroyo. A subquery, a {@code WITH} item or a
 * view that re-times its rows hands that event time to the query reading it.
 *
 * <p>How: before validation the item leaves the select list, and the select's hidden event time
 * becomes {@code $event_time(expr, <the input's event time>)}. Validation checks that the
 * expression is a TIMESTAMP; conversion makes it {@code CASE WHEN expr IS NOT NULL THEN expr ELSE
 * <the input's event time> END}: a row whose new time is NULL keeps its time (Arroyo leaves such a
 * row's time undefined), as a NULL {@code event_time_field} keeps the connector's. Re-timing the
 * results of an aggregate in the aggregating select itself is refused: it is written as an outer
 * select over the aggregate.
 */
final class Retiming {

    /** {@code $event_time(new time, input's event time)}: a TIMESTAMP(9), never NULL. */
    static final SqlFunction EVENT_TIME = new SqlFunction("$event_time", SqlKind.OTHER_FUNCTION,
            binding -> binding.getTypeFactory().createSqlType(SqlTypeName.TIMESTAMP, 9), null,
            new TimestampOperand(), SqlFunctionCategory.SYSTEM);

    private Retiming() {
    }

    /**
     * Removes the select item that names {@code _timestamp} ({@code expr AS _timestamp}, or the
     * column {@code _timestamp} itself) from the select list and returns it, or null when there is none.
     *
     * @throws UnsupportedException when the select names {@code _timestamp} more than once
     */
    static SqlNode take(SqlSelect select) {
        SqlNodeList items = select.getSelectList();
        SqlNode found = null;
        int at = -1;
        for (int i = 0; i < items.size(); i++) {
            SqlNode item = items.get(i);
            if (namesEventTime(item)) {
                if (found != null) {
                    throw new UnsupportedException("The select sets _timestamp, the rows' event time, more than once",
                            item.getParserPosition());
                }
                found = item;
                at = i;
            }
        }
        if (found != null) {
            items.remove(at);
        }
        return found;
    }

    private static boolean namesEventTime(SqlNode item) {
        if (item.getKind() == SqlKind.AS) {
            SqlNode alias = ((SqlCall) item).operand(1);
            return alias instanceof SqlIdentifier id && id.isSimple() && id.getSimple().equals(Schema.TIMESTAMP_FIELD);
        }
        return item instanceof SqlIdentifier id && !id.isStar()
                && id.names.get(id.names.size() - 1).equals(Schema.TIMESTAMP_FIELD);
    }

    /**
     * The select's hidden event-time item for a re-timing {@code item}: {@code $event_time(expr,
     * rowTime) AS _timestamp}.
     *
     * @param item the select item {@link #take} removed
     * @param rowTime the event time of the rows the select reads
     * @param hidden the hidden event time the select would have had ({@link Windows#rewrite})
     * @throws UnsupportedException when the select aggregates (its results' time is its window's)
     */
    static SqlNode eventTime(SqlNode item, SqlNode rowTime, SqlNode hidden) {
        SqlNode expression = item.getKind() == SqlKind.AS ? ((SqlCall) item).operand(0) : item;
        SqlOperator aggregateTime = hidden.getKind() == SqlKind.AS
                && ((SqlCall) hidden).operand(0) instanceof SqlCall call ? call.getOperator() : null;
        if (aggregateTime == Windows.WINDOW_TIMESTAMP || aggregateTime == Windows.MAX_EVENT_TIME
                || Windows.firstAggregate(expression) != null) {
            throw new UnsupportedException("An aggregating select cannot set _timestamp: its rows' event time is "
                    + "that of their window (or the latest of their group's rows). Set it in a select over the "
                    + "aggregate's results, as in SELECT …, expr AS _timestamp FROM (SELECT … GROUP BY …)",
                    item.getParserPosition());
        }
        return SqlStdOperatorTable.AS.createCall(SqlParserPos.ZERO,
                EVENT_TIME.createCall(item.getParserPosition(), expression, rowTime.clone(SqlParserPos.ZERO)),
                new SqlIdentifier(Schema.TIMESTAMP_FIELD, SqlParserPos.ZERO));
    }

    /** {@code $event_time(value, own)} as {@code CASE WHEN value IS NOT NULL THEN value ELSE own END}. */
    static RexNode convert(SqlRexContext cx, SqlCall call) {
        RexBuilder rex = cx.getRexBuilder();
        RexNode value = cx.convertExpression(call.operand(0));
        RexNode own = cx.convertExpression(call.operand(1));
        RelDataType type = cx.getTypeFactory().createSqlType(SqlTypeName.TIMESTAMP, 9);
        if (!value.getType().isNullable()) {
            return rex.ensureType(type, value, true);
        }
        RelDataType nullable = cx.getTypeFactory().createTypeWithNullability(type, true);
        return rex.makeCall(type, SqlStdOperatorTable.CASE, List.of(
                rex.makeCall(SqlStdOperatorTable.IS_NOT_NULL, value),
                rex.ensureType(nullable, value, false),
                rex.ensureType(type, own, true)));
    }

    /** The new event time must be a TIMESTAMP, as the rows' event time is. */
    private static final class TimestampOperand implements SqlOperandTypeChecker {

        @Override
        public boolean checkOperandTypes(SqlCallBinding binding, boolean throwOnFailure) {
            RelDataType type = binding.getOperandType(0);
            if (type.getSqlTypeName() == SqlTypeName.TIMESTAMP) {
                return true;
            }
            if (throwOnFailure) {
                throw new UnsupportedException("_timestamp, the rows' event time, must be a TIMESTAMP, but this "
                        + "expression is " + type.getSqlTypeName().getName() + "; convert it, e.g. with "
                        + "to_timestamp_millis(…) or CAST(… AS TIMESTAMP), or give the column another name",
                        binding.operand(0).getParserPosition());
            }
            return false;
        }

        @Override
        public SqlOperandCountRange getOperandCountRange() {
            return SqlOperandCountRanges.of(2);
        }

        @Override
        public String getAllowedSignatures(SqlOperator op, String opName) {
            return opName + "(TIMESTAMP, TIMESTAMP)";
        }
    }
}
