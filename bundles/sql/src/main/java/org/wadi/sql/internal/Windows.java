package org.wadi.sql.internal;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlAggFunction;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlIntervalLiteral;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlNumericLiteral;
import org.apache.calcite.sql.SqlOperatorTable;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.fun.SqlMinMaxAggFunction;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.SqlReturnTypeInference;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.util.SqlOperatorTables;
import org.apache.calcite.sql.util.SqlShuttle;
import org.apache.calcite.sql.util.SqlBasicVisitor;
import org.wadi.spi.plan.WindowSpec;
import org.wadi.spi.types.Schema;

/**
 * Arroyo's window functions in GROUP BY — {@code tumble(width)}, {@code hop(slide, width)},
 * {@code session(gap)} — and the {@code window} column they make.
 *
 * <p>How: Calcite's parser reads {@code tumble(…)} as its own (old, two-argument) group window
 * function. Before validation each select is rewritten: such a call becomes
 * {@code $tumble(_timestamp, width)} (and {@code $hop}, {@code $session}), ordinary functions of
 * the row's event time whose value is the STRUCT {@code {start, end}} — so it can be grouped by,
 * selected (Arroyo's {@code AS window}, WINDOW being a non-reserved word in Wadi's grammar), and
 * read as {@code window.start}, {@code window.end}. The select gets the hidden event time
 * {@code $window_ts(<the window>) AS _timestamp} (its end minus 1 ns, as Arroyo). The translation
 * recognises the window column under an Aggregate and turns the Aggregate into a window aggregate.
 */
final class Windows {

    private static final SqlReturnTypeInference WINDOW_TYPE = binding -> windowType(binding.getTypeFactory());

    static final SqlFunction TUMBLE = function("$tumble");
    static final SqlFunction HOP = function("$hop");
    static final SqlFunction SESSION = function("$session");
    /** The event time of a window's results: its end minus one nanosecond. */
    static final SqlFunction WINDOW_TIMESTAMP = new SqlFunction("$window_ts", SqlKind.OTHER_FUNCTION,
            binding -> binding.getTypeFactory().createSqlType(SqlTypeName.TIMESTAMP, 9), null, OperandTypes.ANY,
            SqlFunctionCategory.SYSTEM);

    /**
     * The event time of a join's rows, {@code $join_ts(a._timestamp, b._timestamp, …)}: the largest
     * of its sides' (the join operator computes it; the translation reads it from the join's output).
     */
    static final SqlFunction JOIN_TIMESTAMP = new SqlFunction("$join_ts", SqlKind.OTHER_FUNCTION,
            binding -> binding.getTypeFactory().createSqlType(SqlTypeName.TIMESTAMP, 9), null, OperandTypes.VARIADIC,
            SqlFunctionCategory.SYSTEM);

    /**
     * The event time of an aggregate's results when it has no window of its own (an updating
     * aggregate, or one grouping by the window column of a windowed input): the largest event time
     * of the group's rows, {@code $max_ts(_timestamp)}. The aggregate operator computes it.
     */
    static final SqlAggFunction MAX_EVENT_TIME = new SqlMinMaxAggFunction("$max_ts", SqlKind.MAX, OperandTypes.ANY);

    static final SqlOperatorTable OPERATORS = SqlOperatorTables.of(TUMBLE, HOP, SESSION, WINDOW_TIMESTAMP,
            JOIN_TIMESTAMP, MAX_EVENT_TIME);

    private Windows() {
    }

    private static SqlFunction function(String name) {
        return new SqlFunction(name, SqlKind.OTHER_FUNCTION, WINDOW_TYPE, null, OperandTypes.VARIADIC,
                SqlFunctionCategory.SYSTEM);
    }

    static RelDataType windowType(RelDataTypeFactory f) {
        RelDataType ts = f.createSqlType(SqlTypeName.TIMESTAMP, 9);
        return f.createStructType(List.of(ts, ts), List.of("start", "end"));
    }

    static boolean isWindow(org.apache.calcite.sql.SqlOperator op) {
        return op == TUMBLE || op == HOP || op == SESSION;
    }

    /**
     * Rewrites the window calls of one select (not its subqueries) and returns the hidden event-time
     * select item to append: the rows' event time for a plain select, {@code $window_ts(window) AS
     * _timestamp} for a windowed aggregate, {@code $max_ts(event time) AS _timestamp} for an
     * aggregate without a window call.
     *
     * @param eventTime the event time of the rows the select reads: {@code _timestamp}, or for a
     *     join {@code $join_ts(…)} of its sides'
     * @throws UnsupportedException for misused window calls
     */
    static SqlNode rewrite(SqlSelect select, SqlNode eventTime) {
        SqlShuttle rewriter = new SqlShuttle() {
            @Override
            public SqlNode visit(SqlCall call) {
                SqlNode rewritten = windowCall(call, eventTime);
                if (rewritten != null) {
                    return rewritten;
                }
                return super.visit(call);
            }
        };
        SqlNodeList selectList = (SqlNodeList) select.getSelectList().accept(rewriter);
        select.setSelectList(selectList);
        SqlNodeList group = select.getGroup();
        if (group != null) {
            group = (SqlNodeList) group.accept(rewriter);
            select.setGroupBy(group);
        }
        SqlCall window = null;
        if (group != null) {
            for (SqlNode item : group) {
                SqlCall w = groupWindow(item, selectList);
                if (w != null) {
                    if (window != null) {
                        throw new UnsupportedException("a GROUP BY can have only one window", item.getParserPosition());
                    }
                    window = w;
                }
            }
        }
        SqlParserPos aggregatePos = firstAggregate(selectList);
        if (aggregatePos == null && select.getHaving() != null) {
            aggregatePos = select.getHaving().getParserPosition();
        }
        boolean grouped = group != null && !group.isEmpty();
        if (window == null) {
            SqlParserPos stray = firstWindow(selectList);
            if (stray != null) {
                throw new UnsupportedException("a window (tumble, hop, session) is used in a GROUP BY: add "
                        + "GROUP BY window", stray);
            }
            SqlNode time = eventTime.clone(SqlParserPos.ZERO);
            if (grouped || aggregatePos != null) {
                return SqlStdOperatorTable.AS.createCall(SqlParserPos.ZERO,
                        MAX_EVENT_TIME.createCall(SqlParserPos.ZERO, time),
                        new SqlIdentifier(Schema.TIMESTAMP_FIELD, SqlParserPos.ZERO));
            }
            return time instanceof SqlIdentifier ? time : SqlStdOperatorTable.AS.createCall(SqlParserPos.ZERO, time,
                    new SqlIdentifier(Schema.TIMESTAMP_FIELD, SqlParserPos.ZERO));
        }
        SqlNode copy = window.getOperator().createCall(SqlParserPos.ZERO,
                window.getOperandList().stream().map(o -> o.clone(SqlParserPos.ZERO)).toList());
        return SqlStdOperatorTable.AS.createCall(SqlParserPos.ZERO,
                WINDOW_TIMESTAMP.createCall(SqlParserPos.ZERO, copy),
                new SqlIdentifier(Schema.TIMESTAMP_FIELD, SqlParserPos.ZERO));
    }

    /**
     * Struct fields written as compound names — {@code window.start}, {@code bid.auction} — read
     * as field accesses of a column when their first name is not a table of the FROM clause
     * (Calcite's validator only resolves them with the table's name in front).
     */
    static void fieldAccess(SqlSelect select) {
        java.util.Set<String> tables = new java.util.HashSet<>();
        fromNames(select.getFrom(), tables);
        SqlShuttle shuttle = new SqlShuttle() {
            @Override
            public SqlNode visit(SqlIdentifier id) {
                if (id.names.size() < 2 || id.isStar() || tables.contains(id.names.get(0))) {
                    return id;
                }
                SqlNode node = new SqlIdentifier(id.names.get(0), id.getComponentParserPosition(0));
                for (int i = 1; i < id.names.size(); i++) {
                    SqlParserPos pos = id.getComponentParserPosition(0).plus(id.getComponentParserPosition(i));
                    node = SqlStdOperatorTable.DOT.createCall(pos, node,
                            new SqlIdentifier(id.names.get(i), id.getComponentParserPosition(i)));
                }
                return node;
            }

            @Override
            public SqlNode visit(SqlCall call) {
                // subqueries are rewritten on their own, with their own FROM
                return call.getKind().belongsTo(SqlKind.QUERY) ? call : super.visit(call);
            }
        };
        select.setSelectList((SqlNodeList) select.getSelectList().accept(shuttle));
        if (select.getWhere() != null) {
            select.setWhere(select.getWhere().accept(shuttle));
        }
        if (select.getGroup() != null) {
            select.setGroupBy((SqlNodeList) select.getGroup().accept(shuttle));
        }
        if (select.getHaving() != null) {
            select.setHaving(select.getHaving().accept(shuttle));
        }
    }

    /** The names the FROM clause gives its tables and subqueries (aliases, or table names). */
    static void fromNames(SqlNode from, java.util.Set<String> names) {
        if (from == null) {
            return;
        }
        if (from instanceof org.apache.calcite.sql.SqlJoin join) {
            fromNames(join.getLeft(), names);
            fromNames(join.getRight(), names);
        } else if (from.getKind() == SqlKind.AS) {
            names.add(((SqlIdentifier) ((SqlCall) from).operand(1)).getSimple());
        } else if (from instanceof SqlIdentifier id) {
            names.add(id.names.get(id.names.size() - 1));
        }
    }

    /** Arroyo's {@code tumble(w)}, {@code hop(s, w)}, {@code session(g)} as our functions of the event time. */
    private static SqlNode windowCall(SqlCall call, SqlNode eventTime) {
        SqlKind kind = call.getKind();
        if (kind != SqlKind.TUMBLE && kind != SqlKind.HOP && kind != SqlKind.SESSION) {
            return null;
        }
        String name = kind.name().toLowerCase(java.util.Locale.ROOT);
        String usage = switch (kind) {
            case TUMBLE -> "tumble(interval '1 second')";
            case HOP -> "hop(interval '2 seconds', interval '10 seconds') (slide, width)";
            default -> "session(interval '30 seconds')";
        };
        int arity = kind == SqlKind.HOP ? 2 : 1;
        List<SqlNode> args = call.getOperandList();
        if (args.size() != arity) {
            throw new UnsupportedException(name + " takes " + (arity == 1 ? "one interval" : "two intervals")
                    + ", as in " + usage + "; the window follows the rows' event time", call.getParserPosition());
        }
        List<SqlNode> operands = new ArrayList<>();
        operands.add(eventTime.clone(SqlParserPos.ZERO));
        for (SqlNode arg : args) {
            if (!(arg instanceof SqlIntervalLiteral lit)) {
                throw new UnsupportedException("the arguments of " + name + " must be interval literals, as in "
                        + usage, arg.getParserPosition());
            }
            SqlIntervalLiteral.IntervalValue v = lit.getValueAs(SqlIntervalLiteral.IntervalValue.class);
            if (v.getIntervalQualifier().isYearMonth()) {
                throw new UnsupportedException("windows of months or years are not supported: use days, hours, "
                        + "minutes or seconds", arg.getParserPosition());
            }
            if (v.getSign() < 0 || v.getIntervalLiteral().matches("[0.: ]*")) {
                throw new UnsupportedException("the interval of " + name + " must be positive",
                        arg.getParserPosition());
            }
            operands.add(arg);
        }
        SqlFunction op = switch (kind) {
            case TUMBLE -> TUMBLE;
            case HOP -> HOP;
            default -> SESSION;
        };
        return new SqlBasicCall(op, operands, call.getParserPosition());
    }

    /** The window a GROUP BY item stands for (itself, a select alias or an ordinal), or null. */
    private static SqlCall groupWindow(SqlNode item, SqlNodeList selectList) {
        SqlNode target = item;
        if (item instanceof SqlIdentifier id && id.isSimple()) {
            for (SqlNode s : selectList) {
                if (s.getKind() == SqlKind.AS && ((SqlCall) s).operand(1) instanceof SqlIdentifier alias
                        && alias.getSimple().equals(id.getSimple())) {
                    target = ((SqlCall) s).operand(0);
                }
            }
        } else if (item instanceof SqlNumericLiteral n && n.isInteger()) {
            int i = n.intValue(true) - 1;
            if (i >= 0 && i < selectList.size()) {
                target = selectList.get(i);
                if (target.getKind() == SqlKind.AS) {
                    target = ((SqlCall) target).operand(0);
                }
            }
        }
        return target instanceof SqlCall c && isWindow(c.getOperator()) ? c : null;
    }

    /** The place of the first aggregate call in {@code node} (not in its subqueries or OVER), or null. */
    static SqlParserPos firstAggregate(SqlNode node) {
        SqlParserPos[] found = new SqlParserPos[1];
        node.accept(new SqlBasicVisitor<Void>() {
            @Override
            public Void visit(SqlCall call) {
                if (found[0] == null && SupportCheck.isAggregate(call.getOperator())) {
                    found[0] = call.getParserPosition();
                }
                // a window function (OVER) is not an aggregate of the select's rows
                return call.getKind().belongsTo(SqlKind.QUERY) || call.getKind() == SqlKind.OVER ? null
                        : super.visit(call);
            }
        });
        return found[0];
    }

    private static SqlParserPos firstWindow(SqlNode node) {
        SqlParserPos[] found = new SqlParserPos[1];
        node.accept(new SqlBasicVisitor<Void>() {
            @Override
            public Void visit(SqlCall call) {
                if (found[0] == null && isWindow(call.getOperator())) {
                    found[0] = call.getParserPosition();
                }
                return call.getKind().belongsTo(SqlKind.QUERY) ? null : super.visit(call);
            }
        });
        return found[0];
    }

    /** The window of a {@code $tumble}, {@code $hop} or {@code $session} call after conversion. */
    static WindowSpec spec(RexCall call) {
        List<RexNode> ops = call.getOperands();
        if (call.getOperator() == TUMBLE) {
            return WindowSpec.tumble(nanos(ops.get(1)));
        }
        if (call.getOperator() == HOP) {
            return WindowSpec.hop(nanos(ops.get(1)), nanos(ops.get(2)));
        }
        return WindowSpec.session(nanos(ops.get(1)));
    }

    private static long nanos(RexNode interval) {
        if (!(interval instanceof RexLiteral lit)) {
            throw new UnsupportedException("window intervals must be constants");
        }
        // day-time intervals are held as milliseconds
        return lit.getValueAs(BigDecimal.class).multiply(BigDecimal.valueOf(1_000_000L)).longValueExact();
    }
}
