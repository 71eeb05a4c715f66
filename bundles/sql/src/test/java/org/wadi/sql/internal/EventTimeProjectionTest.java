package org.wadi.sql.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.wadi.spi.plan.CalcOperator;
import org.wadi.spi.plan.DataflowPlan;
import org.wadi.spi.plan.Expr;
import org.wadi.spi.plan.PlanNode;
import org.wadi.spi.plan.SinkOperator;
import org.wadi.spi.plan.WindowAggregateOperator;
import org.wadi.spi.types.DataType;
import org.wadi.spi.types.Field;
import org.wadi.sql.Diagnostic;
import org.wadi.sql.PlanResult;
import org.wadi.sql.SqlPlanner;

/**
 * {@code SELECT … AS _timestamp}, as Arroyo: the item is no output column but the rows' new event
 * time, which windows, joins and aggregates after the select follow (in subqueries, {@code WITH}
 * items and views too), while the watermarks stay those of the input. What makes no sense is
 * refused with its place: a {@code _timestamp} that is no TIMESTAMP, one set by an aggregating
 * select, twice, or as the only column.
 */
class EventTimeProjectionTest {

    private static final String EVENTS = "CREATE TABLE events (id BIGINT, ts TIMESTAMP NOT NULL, happened TIMESTAMP) "
            + "WITH (connector = 'single_file', path = '/data/events.json', format = 'json', type = 'source', "
            + "event_time_field = 'ts');\n";

    private final SqlPlanner planner = new CalciteSqlPlanner(TestConnectors.lookup(), TestConnectors.FILES);

    private DataflowPlan plan(String sql) {
        PlanResult result = planner.plan(sql, 1);
        assertTrue(result.ok(), () -> result.errors().toString());
        return result.plan();
    }

    private Diagnostic error(String sql) {
        PlanResult result = planner.plan(sql, 1);
        assertFalse(result.ok(), "expected an error");
        assertEquals(null, SqlFuzzTest.check(result), () -> SqlFuzzTest.check(result));
        return result.errors().get(0);
    }

    /** The event time the last calc of the plan computes for its rows (its last projection). */
    private static Expr lastEventTime(DataflowPlan plan) {
        CalcOperator calc = null;
        for (PlanNode n : plan.nodes()) {
            if (n.operator() instanceof CalcOperator c) {
                calc = c;
            }
        }
        assertTrue(calc != null, "no calc in " + plan.nodes());
        return calc.projections().get(calc.projections().size() - 1);
    }

    private static <T> T only(DataflowPlan plan, Class<T> type) {
        List<T> found = plan.nodes().stream().map(PlanNode::operator).filter(type::isInstance).map(type::cast).toList();
        assertEquals(1, found.size(), () -> type.getSimpleName() + " in " + plan.nodes());
        return found.get(0);
    }

    @Test
    void aProjectionNamedTimestampIsTheRowsNewEventTimeNotAColumn() {
        DataflowPlan plan = plan(EVENTS + "SELECT id, ts + INTERVAL '1' HOUR AS _timestamp FROM events");
        SinkOperator sink = only(plan, SinkOperator.class);
        assertEquals(List.of("id"), sink.table().schema().fields().stream().map(Field::name).toList());
        Expr.Call time = assertInstanceOf(Expr.Call.class, lastEventTime(plan));
        assertEquals("+", time.op());
        assertEquals(new Expr.InputRef(1, DataType.TIMESTAMP), time.operands().get(0));
    }

    @Test
    void aNullableNewEventTimeKeepsTheRowsTimeWhereItIsNull() {
        DataflowPlan plan = plan(EVENTS + "SELECT id, happened AS _timestamp FROM events");
        // CASE WHEN happened IS NOT NULL THEN happened ELSE the row's event time END: no row loses its time
        Expr.Call time = assertInstanceOf(Expr.Call.class, lastEventTime(plan));
        assertEquals("CASE", time.op());
        assertEquals(new Expr.Call("IS NOT NULL", List.of(new Expr.InputRef(2, DataType.TIMESTAMP)), DataType.BOOLEAN),
                time.operands().get(0));
        assertEquals(new Expr.InputRef(2, DataType.TIMESTAMP), time.operands().get(1));
        assertEquals(new Expr.InputRef(3, DataType.TIMESTAMP), time.operands().get(2));
    }

    @Test
    void theEventTimeColumnItselfSelectedIsNoOutputColumn() {
        DataflowPlan plan = plan(EVENTS + "SELECT id, _timestamp FROM events");
        assertEquals(List.of("id"), only(plan, SinkOperator.class).table().schema().fields().stream()
                .map(Field::name).toList());
    }

    @Test
    void aWindowOverARetimedSubqueryCteOrViewFollowsTheNewEventTime() {
        String retimed = "SELECT id, happened AS _timestamp FROM events";
        for (String sql : List.of(
                "SELECT tumble(interval '1 minute') AS w, count(*) AS n FROM (" + retimed + ") GROUP BY w",
                "WITH r AS (" + retimed + ") SELECT tumble(interval '1 minute') AS w, count(*) AS n FROM r GROUP BY w",
                "CREATE VIEW r AS " + retimed + ";\nSELECT tumble(interval '1 minute') AS w, count(*) AS n FROM r "
                        + "GROUP BY w",
                "CREATE VIEW r AS " + retimed + ";\nSELECT id, count(*) AS n FROM "
                        + "TUMBLE(TABLE r, DESCRIPTOR(_timestamp), INTERVAL '1' MINUTE) GROUP BY id")) {
            DataflowPlan plan = plan(EVENTS + sql);
            WindowAggregateOperator window = only(plan, WindowAggregateOperator.class);
            // the window's input: a calc after the source's watermark computing the new event time last
            PlanNode input = plan.nodes().stream().filter(n -> n.operator() instanceof CalcOperator c
                    && c.output().equals(window.input())).reduce((a, b) -> b).orElseThrow(() -> new AssertionError(sql));
            CalcOperator calc = (CalcOperator) input.operator();
            Expr.Call time = assertInstanceOf(Expr.Call.class, calc.projections().get(calc.projections().size() - 1),
                    sql);
            assertEquals("CASE", time.op(), sql);
            assertEquals(new Expr.InputRef(2, DataType.TIMESTAMP), time.operands().get(1), sql);
            assertTrue(plan.edges().stream().anyMatch(e -> e.target().equals(input.id())
                    && e.source().startsWith("watermark")), () -> sql + ": watermarks before the re-timing: "
                    + plan.edges());
        }
    }

    @Test
    void joinsAndUnionsRetimeTheirRows() {
        plan(EVENTS + "SELECT a.id, b.happened AS _timestamp FROM events a JOIN events b ON a.id = b.id");
        plan(EVENTS + "SELECT id, happened AS _timestamp FROM events UNION ALL SELECT id, ts AS _timestamp FROM events");
        plan(EVENTS + "CREATE TABLE out (id BIGINT) WITH (connector = 'blackhole');\n"
                + "INSERT INTO out SELECT id, happened AS _timestamp FROM events");
    }

    @Test
    void anEventTimeThatIsNoTimestampIsRefusedWhereItIs() {
        Diagnostic d = error(EVENTS + "SELECT id, id * 1000 AS _timestamp FROM events");
        assertTrue(d.message().startsWith("_timestamp, the rows' event time, must be a TIMESTAMP, but this expression "
                + "is BIGINT"), d.message());
        assertEquals(new Diagnostic.Position(2, 12), d.span().start());
        Diagnostic nothing = error(EVENTS + "SELECT id, NULL AS _timestamp FROM events");
        assertTrue(nothing.message().startsWith("_timestamp, the rows' event time, must be a TIMESTAMP"),
                nothing.message());
    }

    @Test
    void anAggregatingSelectCannotRetimeItsResults() {
        Diagnostic d = error(EVENTS + "SELECT tumble(interval '1 minute') AS w, count(*) AS n, max(happened) AS _timestamp"
                + " FROM events GROUP BY w");
        assertTrue(d.message().startsWith("An aggregating select cannot set _timestamp"), d.message());
        assertEquals(2, d.span().start().line());
        assertTrue(error(EVENTS + "SELECT id, max(happened) AS _timestamp FROM events GROUP BY id").message()
                .startsWith("An aggregating select cannot set _timestamp"));
        // the way it says: re-time the aggregate's results in a select over them
        plan(EVENTS + "SELECT n, w.start + INTERVAL '1' SECOND AS _timestamp FROM (SELECT tumble(interval '1 minute') "
                + "AS w, count(*) AS n FROM events GROUP BY w)");
    }

    @Test
    void theEventTimeAloneOrTwiceIsRefused() {
        Diagnostic alone = error(EVENTS + "SELECT happened AS _timestamp FROM events");
        assertTrue(alone.message().startsWith("The query selects no column besides _timestamp"), alone.message());
        Diagnostic twice = error(EVENTS + "SELECT id, happened AS _timestamp, ts AS _timestamp FROM events");
        assertTrue(twice.message().startsWith("The select sets _timestamp, the rows' event time, more than once"),
                twice.message());
        assertEquals(new Diagnostic.Position(2, 36), twice.span().start());
    }

    @Test
    void theEventTimeCanBeReadUnderAnotherNameAndDeclaredOnTheSource() {
        assertTrue(planner.plan(EVENTS + "SELECT id, _timestamp AS event_time FROM events", 1).ok());
        String declared = "CREATE TABLE events (id BIGINT, happened TIMESTAMP NOT NULL) WITH (connector = 'single_file', "
                + "path = '/data/events.json', format = 'json', type = 'source', event_time_field = 'happened');\n"
                + "SELECT tumble(interval '1 minute') AS w, count(*) AS n FROM events GROUP BY w";
        PlanResult result = planner.plan(declared, 1);
        assertTrue(result.ok(), () -> result.errors().toString());
    }
}
