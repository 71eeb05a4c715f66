package org.wadi.sql.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.util.SqlBasicVisitor;

/**
 * Windows as table functions in FROM, as Arroyo's planner takes them:
 * {@code SELECT count(*) FROM HOP(TABLE logs, DESCRIPTOR(ts), slide, width)} (also
 * {@code HOP(logs, ts, slide, width)} and {@code TUMBLE(…, size)}) is the aggregate of the table's
 * rows per window: the same as {@code SELECT count(*) FROM logs GROUP BY hop(slide, width)}, which
 * is what this rewrite makes of it. Windows follow the event time, so the time column must be the
 * table's event time ({@code event_time_field}, {@code WATERMARK FOR}, or {@code _timestamp}).
 */
final class WindowTableFunctions {

    /** Checks that {@code column} is the event time of table {@code table}, or throws saying why not. */
    interface EventTimeCheck {
        void check(String table, String column, SqlParserPos pos);
    }

    private WindowTableFunctions() {
    }

    /** Rewrites every SELECT of {@code query} (and of its subqueries) whose FROM is a window table function. */
    static void rewrite(SqlNode query, EventTimeCheck eventTime) {
        if (query == null) {
            return;
        }
        query.accept(new SqlBasicVisitor<Void>() {
            @Override
            public Void visit(SqlCall call) {
                if (call instanceof SqlSelect select) {
                    rewriteSelect(select, eventTime);
                }
                return super.visit(call);
            }
        });
    }

    private static void rewriteSelect(SqlSelect select, EventTimeCheck eventTime) {
        SqlNode from = select.getFrom();
        if (from == null) {
            return;
        }
        SqlNode inner = from.getKind() == SqlKind.AS ? ((SqlCall) from).operand(0) : from;
        SqlCall window = windowCall(inner);
        if (window == null) {
            if (from instanceof SqlJoin join && (windowCall(side(join.getLeft())) != null
                    || windowCall(side(join.getRight())) != null)) {
                throw new UnsupportedException("a window table function cannot be joined: aggregate it in a subquery "
                        + "and join the results", join.getParserPosition());
            }
            return;
        }
        String name = window.getOperator().getName().toLowerCase(Locale.ROOT);
        List<SqlNode> operands = window.getOperandList();
        int expected = name.equals("tumble") ? 3 : 4;
        if (operands.size() != expected) {
            throw new UnsupportedException(name.toUpperCase(Locale.ROOT) + " in FROM takes (TABLE t, DESCRIPTOR(time)"
                    + (name.equals("tumble") ? ", size)" : ", slide, width)") + ", not " + operands.size()
                    + " arguments", window.getParserPosition());
        }
        SqlIdentifier table = identifier(operands.get(0), SqlKind.EXPLICIT_TABLE, "the table", name);
        SqlIdentifier time = identifier(operands.get(1), SqlKind.DESCRIPTOR, "the time column", name);
        if (!table.isSimple() || !time.isSimple()) {
            throw new UnsupportedException(name.toUpperCase(Locale.ROOT) + " in FROM names a table and one of its "
                    + "columns by simple names", window.getParserPosition());
        }
        eventTime.check(table.getSimple(), time.getSimple(), time.getParserPosition());
        if (!isAggregate(select)) {
            throw new UnsupportedException(name.toUpperCase(Locale.ROOT) + " in FROM is supported for aggregates over "
                    + "its windows (SELECT count(*) FROM " + name.toUpperCase(Locale.ROOT) + "(…)); to see the rows "
                    + "with their window, group by " + name + "(…) AS window and select window.start",
                    window.getParserPosition());
        }
        for (SqlNode item : select.getSelectList()) {
            rejectWindowColumns(item, name);
        }
        SqlNodeList groupBy = select.getGroup() == null ? new SqlNodeList(SqlParserPos.ZERO) : select.getGroup();
        for (SqlNode g : groupBy) {
            rejectWindowColumns(g, name);
        }
        StringBuilder call = new StringBuilder(name).append('(');
        for (int i = 2; i < operands.size(); i++) {
            call.append(i > 2 ? ", " : "").append(operands.get(i).toString());
        }
        call.append(')');
        SqlNode windowExpr;
        try {
            windowExpr = SqlParser.create(call.toString(), Planning.parserConfig()).parseExpression();
        } catch (SqlParseException e) {
            throw new UnsupportedException("the window of " + name.toUpperCase(Locale.ROOT) + " in FROM: "
                    + e.getMessage(), window.getParserPosition());
        }
        List<SqlNode> groups = new ArrayList<>(groupBy.getList());
        groups.add(windowExpr);
        select.setGroupBy(new SqlNodeList(groups, groupBy.getParserPosition()));
        SqlNode replaced = new SqlIdentifier(table.getSimple(), table.getParserPosition());
        if (from.getKind() == SqlKind.AS) {
            ((SqlCall) from).setOperand(0, replaced);
        } else {
            select.setFrom(replaced);
        }
    }

    private static SqlNode side(SqlNode node) {
        return node.getKind() == SqlKind.AS ? ((SqlCall) node).operand(0) : node;
    }

    /** The TUMBLE or HOP call of a FROM item, or null. */
    private static SqlCall windowCall(SqlNode node) {
        if (node == null || node.getKind() != SqlKind.COLLECTION_TABLE) {
            return null;
        }
        SqlNode call = ((SqlCall) node).operand(0);
        if (!(call instanceof SqlCall c)) {
            return null;
        }
        String name = c.getOperator().getName().toLowerCase(Locale.ROOT);
        if (name.equals("session")) {
            throw new UnsupportedException("SESSION in FROM is not supported: group by session(gap) instead",
                    c.getParserPosition());
        }
        return name.equals("tumble") || name.equals("hop") ? c : null;
    }

    /** {@code TABLE t} / {@code DESCRIPTOR(c)}, or the bare name Arroyo also takes. */
    private static SqlIdentifier identifier(SqlNode node, SqlKind wrapper, String what, String function) {
        // DESCRIPTOR(c) reaches here as a call of an unresolved function of that name
        if (node instanceof SqlCall call && (call.getKind() == wrapper || wrapper == SqlKind.DESCRIPTOR
                && call.getOperator().getName().equalsIgnoreCase("descriptor")) && call.operandCount() == 1) {
            node = call.operand(0);
        }
        if (node instanceof SqlIdentifier id) {
            return id;
        }
        throw new UnsupportedException("the first two arguments of " + function.toUpperCase(Locale.ROOT)
                + " in FROM are a table and its time column; " + what + " is " + node, node.getParserPosition());
    }

    private static boolean isAggregate(SqlSelect select) {
        if (select.getGroup() != null && !select.getGroup().isEmpty()) {
            return true;
        }
        boolean[] found = {false};
        select.getSelectList().accept(new SqlBasicVisitor<Void>() {
            @Override
            public Void visit(SqlCall call) {
                if (call.getKind() == SqlKind.OVER) {
                    return null;
                }
                if (SupportCheck.isAggregate(call.getOperator())) {
                    found[0] = true;
                }
                return super.visit(call);
            }
        });
        return found[0];
    }

    private static void rejectWindowColumns(SqlNode node, String function) {
        node.accept(new SqlBasicVisitor<Void>() {
            @Override
            public Void visit(SqlIdentifier id) {
                String last = id.names.get(id.names.size() - 1).toLowerCase(Locale.ROOT);
                if (last.equals("window_start") || last.equals("window_end")) {
                    throw new UnsupportedException(last + " of " + function.toUpperCase(Locale.ROOT) + " in FROM is "
                            + "not supported: group by " + function + "(…) AS window and select window.start and "
                            + "window.end", id.getParserPosition());
                }
                return null;
            }
        });
    }
}
