package org.wadi.sql.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.wadi.spi.plan.AggregateCall;
import org.wadi.spi.plan.CalcOperator;
import org.wadi.spi.plan.DataflowPlan;
import org.wadi.spi.plan.EdgeKind;
import org.wadi.spi.plan.Expr;
import org.wadi.spi.plan.PlanCodec;
import org.wadi.spi.plan.PlanEdge;
import org.wadi.spi.plan.PlanNode;
import org.wadi.spi.plan.SinkOperator;
import org.wadi.spi.plan.SourceOperator;
import org.wadi.spi.plan.UpdatingAggregateOperator;
import org.wadi.spi.plan.WatermarkOperator;
import org.wadi.spi.plan.WindowAggregateOperator;
import org.wadi.spi.plan.WindowSpec;
import org.wadi.spi.types.DataType;
import org.wadi.spi.types.Field;
import org.wadi.spi.types.Schema;
import org.wadi.sql.Diagnostic;
import org.wadi.sql.PlanResult;
import org.wadi.sql.SqlPlanner;

/** Arroyo's window syntax: GROUP BY tumble / hop / session, the window column, the plan it makes. */
class WindowPlanningTest {

    private static final String IMPULSE = "CREATE TABLE impulse WITH (connector = 'impulse', event_rate = '10');\n";
    private static final long S = 1_000_000_000L;

    private final SqlPlanner planner = new CalciteSqlPlanner(TestConnectors.lookup(), TestConnectors.FILES);

    private DataflowPlan plan(String sql) {
        PlanResult result = planner.plan(sql, 2);
        if (result.ok() && Boolean.getBoolean("wadi.test.print")) {
            System.out.println(PlanCodec.toJson(result.plan()));
        }
        assertTrue(result.ok(), () -> "expected a plan, got " + result.errors());
        assertEquals(result.plan(), PlanCodec.fromJson(PlanCodec.toJson(result.plan())));
        return result.plan();
    }

    private Diagnostic error(String sql) {
        PlanResult result = planner.plan(sql, 1);
        assertFalse(result.ok(), () -> "expected an error, got " + PlanCodec.toJson(result.plan()));
        return result.errors().get(0);
    }

    private static List<String> kinds(DataflowPlan plan) {
        return plan.nodes().stream().map(n -> n.operator().name()).toList();
    }

    private static <T> T only(DataflowPlan plan, Class<T> type) {
        List<T> found = plan.nodes().stream().map(PlanNode::operator).filter(type::isInstance).map(type::cast).toList();
        assertEquals(1, found.size(), () -> "one " + type.getSimpleName() + " in " + kinds(plan));
        return found.get(0);
    }

    private static void assertSpan(Diagnostic d, int line, int column, int endLine, int endColumn) {
        assertEquals(new Diagnostic.Span(new Diagnostic.Position(line, column),
                new Diagnostic.Position(endLine, endColumn)), d.span(), d.message());
    }

    @Test
    void tumbleAsWindowCountStar() {
        DataflowPlan plan = plan(IMPULSE + """
                SELECT tumble(interval '1 second') AS window, count(*) AS n FROM impulse GROUP BY window;
                """);
        assertEquals(List.of("source", "watermark", "calc", "window_aggregate", "calc", "sink"), kinds(plan));
        WatermarkOperator wm = only(plan, WatermarkOperator.class);
        assertEquals(S, wm.delayNanos());
        WindowAggregateOperator w = only(plan, WindowAggregateOperator.class);
        assertEquals(WindowSpec.tumble(S), w.window());
        assertEquals(List.of(), w.keys());
        assertEquals(List.of(new AggregateCall("count", -1, false, DataType.INT64)), w.aggregates());
        PlanEdge shuffle = plan.edges().stream().filter(e -> e.kind() == EdgeKind.SHUFFLE).findFirst().orElseThrow();
        assertEquals(plan.inputs(plan.nodes().get(3).id()), List.of(shuffle));
        SinkOperator sink = only(plan, SinkOperator.class);
        assertEquals(List.of("window", "n"), sink.table().schema().fields().stream().map(Field::name).toList());
        assertEquals(WindowAggregateOperator.WINDOW_TYPE, sink.table().schema().field(0).type());
        // the sink's event time is the window aggregate's: end - 1 ns
        CalcOperator last = (CalcOperator) plan.nodes().get(4).operator();
        assertEquals(new Expr.InputRef(2, DataType.TIMESTAMP), last.projections().get(2));
        for (PlanEdge e : plan.edges()) {
            if (e.kind() != EdgeKind.SHUFFLE) {
                assertEquals(EdgeKind.FORWARD, e.kind());
            }
        }
    }
    @Test
    void hopByKeyShufflesByTheKeyAndSelectsWindowFields() {
        DataflowPlan plan = plan(IMPULSE + """
                SELECT window.start AS s, window.end AS e, subtask_index, n FROM (
                  SELECT hop(interval '2 seconds', interval '10 seconds') AS window, subtask_index, count(*) AS n,
                         max(counter) AS m
                  FROM impulse WHERE counter > 3 GROUP BY 1, 2 HAVING count(*) > 1);
                """);
        assertEquals(List.of("source", "watermark", "calc", "window_aggregate", "calc", "sink"), kinds(plan));
        WindowAggregateOperator w = only(plan, WindowAggregateOperator.class);
        assertEquals(WindowSpec.hop(2 * S, 10 * S), w.window());
        assertEquals(List.of(0), w.keys());
        assertEquals(List.of(new AggregateCall("count", -1, false, DataType.INT64),
                new AggregateCall("max", 1, false, DataType.UINT64)), w.aggregates());
        PlanEdge shuffle = plan.edges().stream().filter(e -> e.kind() == EdgeKind.SHUFFLE).findFirst().orElseThrow();
        assertEquals(List.of(0), shuffle.keys());
        CalcOperator pre = (CalcOperator) plan.nodes().get(2).operator();
        assertTrue(pre.filter() != null, "WHERE is applied before the shuffle");
        CalcOperator post = (CalcOperator) plan.nodes().get(4).operator();
        assertTrue(post.filter() != null, "HAVING is applied after the window");
        assertEquals(new Expr.Call("ITEM", List.of(new Expr.InputRef(3, WindowAggregateOperator.WINDOW_TYPE),
                new Expr.Literal("0", DataType.INT32)), DataType.TIMESTAMP), post.projections().get(0));
        assertEquals(List.of("s", "e", "subtask_index", "n"),
                only(plan, SinkOperator.class).table().schema().fields().stream().map(Field::name).toList());
    }

    @Test
    void sessionAndTumbleWithoutSelectingTheWindow() {
        DataflowPlan plan = plan(IMPULSE + """
                SELECT subtask_index, sum(counter) AS total, avg(counter) AS mean FROM impulse
                GROUP BY session(INTERVAL '30' SECOND), subtask_index;
                """);
        WindowAggregateOperator w = only(plan, WindowAggregateOperator.class);
        assertEquals(WindowSpec.session(30 * S), w.window());
        assertEquals(List.of(new AggregateCall("sum", 1, false, DataType.UINT64),
                new AggregateCall("avg", 1, false, DataType.FLOAT64)), w.aggregates());
        DataflowPlan tumble = plan(IMPULSE + """
                SELECT count(counter) FROM impulse GROUP BY tumble(interval '100 minutes');
                """);
        assertEquals(WindowSpec.tumble(6000 * S), only(tumble, WindowAggregateOperator.class).window());
    }

    @Test
    void twoQueriesShareTheSourceAndItsWatermark() {
        DataflowPlan plan = plan(IMPULSE + """
                CREATE TABLE idle WITH (connector = 'impulse', event_rate = '1', idle_micros = '5000000');
                SELECT count(*) FROM impulse GROUP BY tumble(interval '1 second');
                SELECT count(*) FROM impulse GROUP BY tumble(interval '1 minute');
                SELECT counter FROM impulse;
                SELECT count(*) FROM idle GROUP BY tumble(interval '1 second');
                """);
        List<PlanNode> watermarks = plan.nodes().stream().filter(n -> n.operator() instanceof WatermarkOperator).toList();
        assertEquals(2, watermarks.size());
        assertEquals(2, plan.outputs(watermarks.get(0).id()).size());
        assertEquals(5_000_000_000L, ((WatermarkOperator) watermarks.get(1).operator()).idleNanos());
        String source = plan.nodes().get(0).id();
        assertEquals(2, plan.outputs(source).size(), "the watermark and the plain SELECT's calc");
    }

    @Test
    void aggregatesWithoutAWindowAreUpdatingAggregates() {
        DataflowPlan plan = plan(IMPULSE + "SELECT subtask_index, count(*) AS n FROM impulse GROUP BY subtask_index;");
        UpdatingAggregateOperator agg = only(plan, UpdatingAggregateOperator.class);
        assertEquals(List.of(0), agg.keys());
        assertTrue(agg.output().isUpdating());
        assertEquals(Planning.DEFAULT_UPDATING_TTL_NANOS, agg.ttlNanos());
        assertTrue(only(plan, SinkOperator.class).updating());
        DataflowPlan global = plan(IMPULSE + "SELECT count(*) AS n FROM impulse;");
        assertEquals(List.of(), only(global, UpdatingAggregateOperator.class).keys());
    }

    @Test
    void eventTimeFieldMakesAColumnTheEventTime() {
        String table = "CREATE TABLE src (ts TIMESTAMP, x BIGINT) WITH (connector = 'single_file', "
                + "path = '/data/in.json', type = 'source', event_time_field = 'ts');\n";
        DataflowPlan plan = plan(table + "SELECT tumble(interval '1 second') AS window, count(*) AS n FROM src "
                + "GROUP BY window");
        CalcOperator eventTime = plan.nodes().stream().filter(n -> n.description().equals("event time from ts"))
                .map(n -> (CalcOperator) n.operator()).findFirst().orElseThrow();
        // _timestamp = coalesce(ts, the connector's time): a nullable column never loses a row
        Expr last = eventTime.projections().get(eventTime.projections().size() - 1);
        assertEquals(new Expr.Call("coalesce", List.of(new Expr.InputRef(0, DataType.TIMESTAMP),
                new Expr.InputRef(2, DataType.TIMESTAMP)), DataType.TIMESTAMP), last);
        assertEquals("Option 'event_time_field' of table 'src' must name a TIMESTAMP column; 'x' is BIGINT",
                error(table.replace("'ts')", "'x')") + "SELECT x FROM src").message());
        assertEquals("Option 'event_time_field' of table 'src' must name a TIMESTAMP column; there is no column 'y'",
                error(table.replace("'ts')", "'y')") + "SELECT x FROM src").message());
    }

    @Test
    void misusedWindowsAreExplainedWhereTheyAre() {
        Diagnostic d = error(IMPULSE + "SELECT count(*) FROM impulse GROUP BY tumble(_timestamp, interval '1' second);");
        assertTrue(d.message().startsWith("tumble takes one interval"), d.message());
        assertSpan(d, 2, 39, 2, 77);
        Diagnostic h = error(IMPULSE + "SELECT count(*) FROM impulse GROUP BY hop(interval '1' second, counter);");
        assertTrue(h.message().startsWith("the arguments of hop must be interval literals"), h.message());
        assertSpan(h, 2, 64, 2, 70);
        Diagnostic s = error(IMPULSE + "SELECT tumble(interval '1 second') AS window FROM impulse;");
        assertTrue(s.message().contains("GROUP BY"), s.message());
        Diagnostic two = error(IMPULSE + "SELECT count(*) FROM impulse GROUP BY tumble(interval '1 second'), "
                + "tumble(interval '2 second');");
        assertEquals("a GROUP BY can have only one window", two.message());
        Diagnostic distinct = error(IMPULSE + "SELECT corr(DISTINCT counter, subtask_index) FROM impulse GROUP BY "
                .replace("corr", "\"corr\"") + "tumble(interval '1 second');");
        assertEquals("DISTINCT applies to aggregates of one argument, not to corr", distinct.message());
        Diagnostic idle = error("CREATE TABLE t WITH (connector = 'impulse', idle_micros = 'soon');\n"
                + "SELECT counter FROM t;");
        assertTrue(idle.message().startsWith("Invalid value 'soon' for option 'idle_micros'"), idle.message());
    }

    @Test
    void arroyoIntervalLiteralsKeepTheirLengthAndPositions() {
        assertEquals("interval '1' SECOND  , INTERVAL '10' SECOND , interval '2' MINUTE ",
                ArroyoIntervals.normalize("interval '1 second'  , INTERVAL '10 seconds', interval '2 minutes'"));
        String untouched = "SELECT 'interval ''1 second''', INTERVAL '1' SECOND, interval '1 fortnight' -- interval '1 day'";
        assertEquals(untouched, ArroyoIntervals.normalize(untouched));
    }
}
