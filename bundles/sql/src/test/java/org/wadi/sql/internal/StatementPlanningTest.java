package org.wadi.sql.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.wadi.spi.plan.CalcOperator;
import org.wadi.spi.plan.DataflowPlan;
import org.wadi.spi.plan.EdgeKind;
import org.wadi.spi.plan.Expr;
import org.wadi.spi.plan.JoinType;
import org.wadi.spi.plan.LookupJoinOperator;
import org.wadi.spi.plan.PlanCodec;
import org.wadi.spi.plan.PlanEdge;
import org.wadi.spi.plan.PlanNode;
import org.wadi.spi.plan.SinkOperator;
import org.wadi.spi.plan.SortKey;
import org.wadi.spi.plan.SourceOperator;
import org.wadi.spi.plan.WatermarkOperator;
import org.wadi.spi.plan.WindowFunctionCall;
import org.wadi.spi.plan.WindowFunctionOperator;
import org.wadi.spi.types.DataType;
import org.wadi.spi.types.Field;
import org.wadi.sql.Diagnostic;
import org.wadi.sql.PlanResult;
import org.wadi.sql.SqlPlanner;

/**
 * CREATE TABLE's WATERMARK FOR, generated and metadata columns and primary keys; memory tables,
 * views and CREATE TABLE … AS; window functions over windows; lookup joins.
 */
class StatementPlanningTest {

    private static final long S = 1_000_000_000L;
    private static final String IMPULSE = "CREATE TABLE impulse WITH (connector = 'impulse', event_rate = '10');\n";
    private static final String ORDERS = """
            CREATE TABLE orders (
              customer_id INT,
              date_string TEXT,
              ts TIMESTAMP GENERATED ALWAYS AS (CAST(date_string AS TIMESTAMP)),
              big BOOLEAN GENERATED ALWAYS AS (customer_id > 100) STORED,
              WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
            ) WITH (connector = 'single_file', path = '/data/orders.json', type = 'source');
            """;
    private static final String CUSTOMERS = """
            CREATE TEMPORARY TABLE customers (
              id TEXT PRIMARY KEY GENERATED ALWAYS AS (metadata('key')) STORED,
              name TEXT,
              plan TEXT
            ) WITH (connector = 'lookup');
            CREATE TABLE events (event_id TEXT, customer_id TEXT, n BIGINT)
              WITH (connector = 'single_file', path = '/data/events.json', type = 'source');
            """;

    private final SqlPlanner planner = new CalciteSqlPlanner(TestConnectors.lookup(), TestConnectors.FILES);

    private DataflowPlan plan(String sql) {
        PlanResult result = planner.plan(sql, 2);
        assertTrue(result.ok(), () -> "expected a plan, got " + result.errors());
        assertEquals(result.plan(), PlanCodec.fromJson(PlanCodec.toJson(result.plan())));
        return result.plan();
    }

    private String error(String sql) {
        PlanResult result = planner.plan(sql, 1);
        assertFalse(result.ok(), () -> "expected an error, got " + PlanCodec.toJson(result.plan()));
        return result.errors().get(0).message();
    }

    private static List<String> kinds(DataflowPlan plan) {
        return plan.nodes().stream().map(n -> n.operator().name()).toList();
    }

    private static <T> T only(DataflowPlan plan, Class<T> type) {
        List<T> found = plan.nodes().stream().map(PlanNode::operator).filter(type::isInstance).map(type::cast).toList();
        assertEquals(1, found.size(), () -> "one " + type.getSimpleName() + " in " + kinds(plan));
        return found.get(0);
    }

    private static List<String> names(org.wadi.spi.types.Schema schema) {
        return schema.fields().stream().map(Field::name).toList();
    }

    // ------------------------------------------------------------ CREATE TABLE

    @Test
    void watermarkForWithADelayAndGeneratedColumnsAfterTheSource() {
        DataflowPlan plan = plan(ORDERS + "SELECT customer_id, big, count(*) AS n FROM orders "
                + "GROUP BY customer_id, big, tumble(interval '1 minute');");
        SourceOperator source = only(plan, SourceOperator.class);
        assertEquals(List.of("customer_id", "date_string"), names(source.table().schema()),
                "the connector reads only the physical columns");
        assertEquals(List.of("source", "calc", "calc", "watermark", "calc", "window_aggregate", "calc", "sink"),
                kinds(plan));
        CalcOperator generated = (CalcOperator) plan.nodes().get(1).operator();
        assertEquals(List.of("customer_id", "date_string", "ts", "big", "_timestamp"), names(generated.output()));
        assertEquals(DataType.TIMESTAMP, generated.output().field(2).type());
        CalcOperator eventTime = (CalcOperator) plan.nodes().get(2).operator();
        assertEquals(new Expr.Call("coalesce", List.of(new Expr.InputRef(2, DataType.TIMESTAMP),
                new Expr.InputRef(4, DataType.TIMESTAMP)), DataType.TIMESTAMP), eventTime.projections().get(4));
        assertEquals(5 * S, only(plan, WatermarkOperator.class).delayNanos());
        assertEquals("watermark (event time - 5 s)", plan.nodes().get(3).description());
    }

    @Test
    void watermarkForWithoutAsHasNoDelayAndWatermarkFieldMustBeADelay() {
        String users = "CREATE TABLE users (id INT, ts TIMESTAMP NOT NULL, WATERMARK FOR ts) WITH (connector = "
                + "'single_file', path = '/data/u.json', type = 'source');\n";
        DataflowPlan plan = plan(users + "SELECT count(*) FROM users GROUP BY tumble(interval '1 second');");
        assertEquals(0, only(plan, WatermarkOperator.class).delayNanos());
        String field = "CREATE TABLE u (id INT, ts TIMESTAMP, wm TIMESTAMP GENERATED ALWAYS AS (ts - INTERVAL '2' "
                + "SECOND)) WITH (connector = 'single_file', path = '/data/u.json', type = 'source', "
                + "event_time_field = 'ts', watermark_field = 'wm');\n";
        assertEquals(2 * S, only(plan(field + "SELECT count(*) FROM u GROUP BY tumble(interval '1 second');"),
                WatermarkOperator.class).delayNanos());
        assertEquals("Option 'watermark_field' of table 'u' must name the event time column or a column GENERATED "
                + "ALWAYS AS (ts - INTERVAL …): the watermark trails the largest event time seen by a fixed delay",
                error(field.replace("'wm')", "'id')") + "SELECT id FROM u"));
        assertTrue(error(users.replace("WATERMARK FOR ts", "WATERMARK FOR ts AS ts + INTERVAL '1' SECOND")
                + "SELECT id FROM users").startsWith("The watermark of table 'users' must be its event time minus a "
                + "constant interval"));
        assertEquals("WATERMARK FOR of table 'users' must name a TIMESTAMP column; 'id' is INT",
                error(users.replace("FOR ts", "FOR id") + "SELECT id FROM users"));
    }

    @Test
    void metadataColumnsAreRefusedAndPrimaryKeysReachTheConnector() {
        assertEquals("connector single_file has no metadata key 'key'; it has: none (column 'k' of table 't')", error("CREATE TABLE t (k TEXT METADATA FROM 'key', "
                + "v INT) WITH (connector = 'single_file', path = '/data/t.json', type = 'source');\n"
                + "SELECT v FROM t"));
        plan(CUSTOMERS + "SELECT e.n, c.name FROM events e JOIN customers c ON e.customer_id = c.id");
        assertEquals(List.of("id"), TestConnectors.Lookup.last.primaryKey());
        plan("CREATE TEMPORARY TABLE c2 (a TEXT, b TEXT, v TEXT, PRIMARY KEY (a, b)) WITH (connector = 'lookup');\n"
                + CUSTOMERS.substring(CUSTOMERS.indexOf("CREATE TABLE events"))
                + "SELECT v FROM events e JOIN c2 ON e.event_id = c2.a AND e.customer_id = c2.b");
        assertEquals(List.of("a", "b"), TestConnectors.Lookup.last.primaryKey());
    }

    // ------------------------------------------------------------ memory tables, views, CTAS

    @Test
    void memoryTablesWireTheirWriterToTheirReaders() {
        DataflowPlan plan = plan(IMPULSE + """
                CREATE TABLE mem (c BIGINT UNSIGNED, s BIGINT UNSIGNED);
                CREATE TABLE out (c BIGINT UNSIGNED) WITH (connector = 'blackhole');
                INSERT INTO out SELECT c FROM mem WHERE s = 0;
                INSERT INTO mem SELECT counter, subtask_index FROM impulse;
                """);
        // the INSERT INTO mem selects the source's columns as they are: the reader's filter follows the source
        assertEquals(List.of("source", "calc", "sink"), kinds(plan));
        assertTrue(((CalcOperator) plan.nodes().get(1).operator()).filter() != null);
        assertEquals("blackhole", only(plan, SinkOperator.class).table().connector());
        assertEquals("Can only insert into a memory table once: 'mem' is already written by an earlier INSERT",
                error(IMPULSE + """
                CREATE TABLE mem (c BIGINT UNSIGNED);
                INSERT INTO mem SELECT counter FROM impulse;
                INSERT INTO mem SELECT subtask_index FROM impulse;
                SELECT c FROM mem;
                """));
    }

    @Test
    void viewsAreInlinedWhereTheyAreReadAndCreateTableAsMakesASink() {
        DataflowPlan plan = plan(IMPULSE + """
                CREATE VIEW evens AS (SELECT counter AS c FROM impulse WHERE counter % 2 = 0);
                CREATE TABLE out WITH (connector = 'single_file', path = '/data/out.json') AS
                  SELECT e.c, f.c AS d FROM evens e JOIN evens f ON e.c = f.c;
                """);
        SinkOperator sink = only(plan, SinkOperator.class);
        assertEquals(List.of("c", "d"), names(sink.table().schema()));
        assertEquals("single_file", sink.table().connector());
        assertEquals(1, plan.nodes().stream().filter(n -> n.operator() instanceof SourceOperator).count());
        assertEquals("Table 'evens' is already defined", error(IMPULSE
                + "CREATE VIEW evens AS SELECT counter FROM impulse;\nCREATE VIEW evens AS SELECT counter FROM impulse;"
                + "\nSELECT * FROM evens"));
    }

    // ------------------------------------------------------------ window functions

    @Test
    void rowNumberOverAWindowShufflesByThePartitionIntoAWindowFunction() {
        DataflowPlan plan = plan(IMPULSE + """
                SELECT * FROM (
                  SELECT *, row_number() OVER (PARTITION BY window, subtask_index ORDER BY n DESC) AS row_num,
                         lag(n, 2) OVER (PARTITION BY window, subtask_index ORDER BY n DESC) AS before
                  FROM (SELECT count(*) AS n, subtask_index, hop(interval '2 seconds', interval '10 seconds') AS window
                        FROM impulse GROUP BY 2, window)) WHERE row_num <= 5;
                """);
        // row_number and lag differ in frame: two operators, chained, the second shuffled like the first
        List<PlanNode> operators = plan.nodes().stream().filter(n -> n.operator() instanceof WindowFunctionOperator)
                .toList();
        assertEquals(2, operators.size());
        WindowFunctionOperator w = (WindowFunctionOperator) operators.get(0).operator();
        WindowFunctionOperator lag = (WindowFunctionOperator) operators.get(1).operator();
        int key = names(w.input()).indexOf("subtask_index");
        int n = names(w.input()).indexOf("n");
        assertEquals(List.of(new WindowFunctionCall("row_number", -1, 0, null, DataType.INT64)), w.functions());
        assertEquals(List.of(new WindowFunctionCall("lag", n, 2, null, DataType.INT64)), lag.functions());
        assertEquals(w.output(), lag.input());
        assertEquals(List.of(key), w.partitionKeys(), "the window column is not shuffled by");
        assertEquals(List.of(new SortKey(n, true, true)), w.orderBy());
        assertEquals(List.of(key), lag.partitionKeys());
        PlanNode node = operators.get(1);
        for (PlanNode op : operators) {
            PlanEdge in = plan.inputs(op.id()).get(0);
            assertEquals(EdgeKind.SHUFFLE, in.kind());
            assertEquals(List.of(key), in.keys());
        }
        CalcOperator after = (CalcOperator) plan.nodes().get(plan.nodes().indexOf(node) + 1).operator();
        assertTrue(after.filter() != null, "row_num <= 5 after the window function");
        assertEquals(List.of("n", "subtask_index", "window", "row_num", "before"),
                names(only(plan, SinkOperator.class).table().schema()));
    }

    @Test
    void windowFunctionsNeedWindowedInput() {
        String expected = "Window functions require already windowed input: compute them over the result of a window "
                + "aggregate (GROUP BY tumble(…), hop(…) or session(…)), and PARTITION BY its window";
        assertEquals(expected, error(IMPULSE + "SELECT counter, row_number() OVER (PARTITION BY subtask_index "
                + "ORDER BY counter) FROM impulse"));
        assertEquals(expected, error(IMPULSE + "SELECT n, rank() OVER (ORDER BY n) FROM (SELECT subtask_index, "
                + "count(*) AS n FROM impulse GROUP BY subtask_index)"));
    }

    // ------------------------------------------------------------ lookup joins

    @Test
    void lookupJoinsChainALookupAfterTheStream() {
        DataflowPlan plan = plan(CUSTOMERS + "SELECT e.event_id, c.name, c.plan FROM events e "
                + "LEFT JOIN customers c ON e.customer_id = c.id;");
        assertEquals(List.of("source", "lookup_join", "calc", "sink"), kinds(plan));
        LookupJoinOperator join = only(plan, LookupJoinOperator.class);
        assertEquals(JoinType.LEFT, join.type());
        assertEquals(List.of(1), join.keys());
        assertEquals(List.of(0), join.lookupKeys());
        assertEquals(List.of("event_id", "customer_id", "n", "id", "name", "plan", "_timestamp"),
                names(join.output()));
        assertTrue(join.output().field(4).nullable());
        for (PlanEdge e : plan.edges()) {
            assertEquals(EdgeKind.FORWARD, e.kind());
        }
        // Arroyo's example: WHERE on the table's column after a LEFT JOIN (an INNER join then)
        DataflowPlan filtered = plan(CUSTOMERS + "SELECT e.event_id, c.name FROM events e "
                + "LEFT JOIN customers c ON e.customer_id = c.id WHERE c.plan = 'Premium';");
        assertTrue(filtered.nodes().stream().anyMatch(n -> n.operator() instanceof CalcOperator c
                && c.filter() != null), kinds(filtered).toString());
        only(filtered, LookupJoinOperator.class);
    }

    @Test
    void lookupJoinsAreOnThePrimaryKey() {
        assertEquals("the right-side of a look-up join condition must be a PRIMARY KEY column, but 'name' is not",
                error(CUSTOMERS + "SELECT e.n FROM events e JOIN customers c ON e.customer_id = c.name"));
        assertEquals("a lookup join is INNER or LEFT, not FULL",
                error(CUSTOMERS + "SELECT e.n FROM events e FULL JOIN customers c ON e.customer_id = c.id"));
        assertTrue(error(CUSTOMERS + "SELECT name FROM customers").startsWith(
                "Table 'customers' is a lookup table: it can only be the right side of a JOIN"));
        assertEquals("Lookup table 'k' needs a PRIMARY KEY: the column its rows are looked up by, as in key TEXT "
                + "PRIMARY KEY", error("CREATE TEMPORARY TABLE k (a TEXT) WITH (connector = 'lookup');\n"
                + "SELECT 1"));
    }
}
