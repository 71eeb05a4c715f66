package org.wadi.sql.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.wadi.spi.connector.TableRole;
import org.wadi.spi.plan.CalcOperator;
import org.wadi.spi.plan.DataflowPlan;
import org.wadi.spi.plan.EdgeKind;
import org.wadi.spi.plan.Expr;
import org.wadi.spi.plan.PlanCodec;
import org.wadi.spi.plan.PlanEdge;
import org.wadi.spi.plan.PlanNode;
import org.wadi.spi.plan.SinkOperator;
import org.wadi.spi.plan.SourceOperator;
import org.wadi.spi.types.DataType;
import org.wadi.spi.types.Field;
import org.wadi.spi.types.Schema;
import org.wadi.spi.types.TypeId;
import org.wadi.sql.Diagnostic;
import org.wadi.sql.PlanResult;
import org.wadi.sql.SqlPlanner;

class SqlPlannerTest {

    private static final String IMPULSE = "CREATE TABLE impulse WITH (connector = 'impulse', event_rate = '10');\n";

    private final SqlPlanner planner = new CalciteSqlPlanner(TestConnectors.lookup(), TestConnectors.FILES);

    private DataflowPlan plan(String sql) {
        PlanResult result = planner.plan(sql, 2);
        assertTrue(result.ok(), () -> "expected a plan, got " + result.errors());
        DataflowPlan plan = result.plan();
        // every plan survives the trip to the database and the workers
        assertEquals(plan, PlanCodec.fromJson(PlanCodec.toJson(plan)));
        checkInvariants(plan);
        return plan;
    }

    private Diagnostic error(String sql) {
        PlanResult result = planner.plan(sql, 1);
        assertFalse(result.ok(), () -> "expected an error, got " + PlanCodec.toJson(result.plan()));
        assertNull(result.plan());
        return result.errors().get(0);
    }

    /** The contract with the engine: topological order, edge schemas and calc schemas end with _timestamp. */
    private static void checkInvariants(DataflowPlan plan) {
        Map<String, Integer> position = new HashMap<>();
        for (int i = 0; i < plan.nodes().size(); i++) {
            position.put(plan.nodes().get(i).id(), i);
        }
        for (PlanEdge e : plan.edges()) {
            assertTrue(position.get(e.source()) < position.get(e.target()), "edge " + e + " goes backwards");
            assertEquals(EdgeKind.FORWARD, e.kind());
            assertTimestampLast(e.schema());
        }
        for (PlanNode n : plan.nodes()) {
            if (n.operator() instanceof CalcOperator calc) {
                assertTimestampLast(calc.input());
                assertTimestampLast(calc.output());
                assertEquals(calc.output().size(), calc.projections().size());
                assertEquals(calc.input(), plan.inputs(n.id()).get(0).schema());
            }
        }
    }

    private static void assertTimestampLast(Schema schema) {
        Field last = schema.field(schema.size() - 1);
        assertEquals(new Field(Schema.TIMESTAMP_FIELD, DataType.TIMESTAMP, false), last);
        assertEquals(schema.size() - 1, schema.indexOf(Schema.TIMESTAMP_FIELD), "only one _timestamp: " + schema);
    }

    private static void assertSpan(Diagnostic d, int line, int column, int endLine, int endColumn) {
        assertEquals(new Diagnostic.Span(new Diagnostic.Position(line, column),
                new Diagnostic.Position(endLine, endColumn)), d.span(), d.message());
    }

    private static Expr.InputRef ref(int index, DataType type) {
        return new Expr.InputRef(index, type);
    }

    private static Expr.Literal lit(String value, DataType type) {
        return new Expr.Literal(value, type);
    }

    private static Expr.Call call(String op, DataType type, Expr... operands) {
        return new Expr.Call(op, List.of(operands), type);
    }

    private static CalcOperator calc(DataflowPlan plan, String id) {
        return assertInstanceOf(CalcOperator.class, plan.node(id).orElseThrow().operator());
    }

    @Test
    void wordsCalciteReservesButArroyoUsersTakeAsNamesAreNames() {
        // Nexmark's structs have a field named datetime (bid.datetime)
        plan("CREATE TABLE t (datetime TIMESTAMP) WITH (connector = 'single_file', path = '/data/in.json', type = 'source');\n"
                + "CREATE TABLE s (datetime TIMESTAMP) WITH (connector = 'blackhole');\n"
                + "INSERT INTO s SELECT datetime FROM t;");
        DataflowPlan plan = plan(IMPULSE + """
                CREATE TABLE out (value BIGINT UNSIGNED, count BIGINT UNSIGNED, state TEXT)
                    WITH (connector = 'single_file', path = '/data/out.json', type = 'sink');
                INSERT INTO out SELECT counter AS value, counter AS count, 'x' AS state FROM impulse;
                """);
        SinkOperator sink = assertInstanceOf(SinkOperator.class, plan.nodes().get(plan.nodes().size() - 1).operator());
        assertEquals("out", sink.table().name());
        assertEquals(List.of("value", "count", "state"),
                sink.table().schema().fields().stream().map(Field::name).toList());
    }

    @Test
    void aSinkDeclaredWithoutColumnsTakesTheQuerysColumns() {
        DataflowPlan plan = plan(IMPULSE + """
                CREATE TABLE sink WITH (connector = 'blackhole');
                INSERT INTO sink SELECT counter, counter + 1 AS next_counter FROM impulse;
                INSERT INTO sink SELECT counter, counter FROM impulse;
                """);
        SinkOperator sink = plan.nodes().stream().map(PlanNode::operator)
                .filter(SinkOperator.class::isInstance).map(SinkOperator.class::cast).findFirst().orElseThrow();
        assertEquals(List.of("counter", "next_counter"),
                sink.table().schema().fields().stream().map(Field::name).toList());

        Diagnostic d = error(IMPULSE + """
                CREATE TABLE sink WITH (connector = 'blackhole');
                INSERT INTO sink SELECT counter FROM impulse;
                INSERT INTO sink SELECT counter, subtask_index FROM impulse;
                """);
        assertTrue(d.message().contains("has 1 (counter)"), d.message());
    }

    @Test
    void impulseThroughFilterIntoSink() {
        DataflowPlan plan = plan(IMPULSE + """
                CREATE TABLE results (counter BIGINT UNSIGNED NOT NULL, doubled BIGINT UNSIGNED NOT NULL)
                    WITH (connector = 'single_file', path = '/data/out.json');
                INSERT INTO results SELECT counter, counter * 2 FROM impulse WHERE counter % 2 = 0;
                """);

        assertEquals(List.of("source_1", "calc_2", "sink_3"), plan.nodes().stream().map(PlanNode::id).toList());
        assertEquals(List.of("impulse source", "filter + project", "single_file sink"),
                plan.nodes().stream().map(PlanNode::description).toList());
        assertTrue(plan.nodes().stream().allMatch(n -> n.parallelism() == 2));
        assertEquals(List.of("source_1->calc_2", "calc_2->sink_3"),
                plan.edges().stream().map(e -> e.source() + "->" + e.target()).toList());

        SourceOperator source = assertInstanceOf(SourceOperator.class, plan.nodes().get(0).operator());
        assertEquals("impulse", source.table().connector());
        assertEquals("10.0", source.table().option("event_rate"));
        assertEquals(TestConnectors.Impulse.SCHEMA.withTimestamp(), plan.edges().get(0).schema());

        CalcOperator calc = calc(plan, "calc_2");
        DataType ts = DataType.TIMESTAMP;
        assertEquals(call("=", DataType.BOOLEAN,
                        call("%", DataType.INT32, ref(0, DataType.UINT64), lit("2", DataType.INT32)),
                        lit("0", DataType.INT32)),
                calc.filter());
        assertEquals(List.of(
                        ref(0, DataType.UINT64),
                        call("*", DataType.UINT64, ref(0, DataType.UINT64), lit("2", DataType.INT32)),
                        ref(2, ts)),
                calc.projections());
        assertEquals(List.of("counter", "doubled", "_timestamp"),
                calc.output().fields().stream().map(Field::name).toList());

        SinkOperator sink = assertInstanceOf(SinkOperator.class, plan.nodes().get(2).operator());
        assertEquals("single_file", sink.table().connector());
        assertEquals("/data/out.json", sink.table().option("path"));
        assertEquals(calc.output(), plan.edges().get(1).schema());
    }

    @Test
    void unquotedIdentifiersFoldToLowerCaseAndQuotedOnesAreKept() {
        DataflowPlan plan = plan("""
                CREATE TABLE Impulse WITH (CONNECTOR = 'impulse');
                SELECT Counter AS "MixedCase", COUNTER AS Loud, counter + 1 AS Nxt FROM IMPULSE
                """);
        SourceOperator source = assertInstanceOf(SourceOperator.class, plan.nodes().get(0).operator());
        assertEquals("impulse", source.table().name());
        SinkOperator sink = assertInstanceOf(SinkOperator.class, plan.nodes().get(2).operator());
        assertEquals(List.of("MixedCase", "loud", "nxt"), sink.table().schema().fields().stream().map(Field::name).toList());
        assertEquals(List.of("MixedCase", "loud", "nxt", "_timestamp"),
                calc(plan, "calc_2").output().fields().stream().map(Field::name).toList());
    }

    @Test
    void optionKeysMayBeQuotedOrNot() {
        for (String with : List.of("connector = 'impulse', event_rate = '5'", "'connector' = 'impulse', 'event_rate' = '5'",
                "connector = 'impulse', event_rate = 5")) {
            DataflowPlan plan = plan("CREATE TABLE impulse WITH (" + with + ");\nSELECT counter FROM impulse;");
            SourceOperator source = assertInstanceOf(SourceOperator.class, plan.nodes().get(0).operator());
            assertEquals("5.0", source.table().option("event_rate"), with);
        }
    }

    @Test
    void severalInsertsShareTheirSourceAndSink() {
        DataflowPlan plan = plan(IMPULSE + """
                CREATE TABLE evens (n BIGINT UNSIGNED) WITH (connector = 'single_file', path = '/data/evens');
                CREATE TABLE odds (n BIGINT UNSIGNED) WITH (connector = 'single_file', path = '/data/odds');
                INSERT INTO evens SELECT counter FROM impulse WHERE counter % 2 = 0;
                INSERT INTO odds SELECT counter FROM impulse WHERE counter % 2 = 1;
                INSERT INTO odds SELECT subtask_index FROM impulse WHERE subtask_index > 100;
                """);
        assertEquals(1, plan.nodes().stream().filter(n -> n.operator() instanceof SourceOperator).count());
        assertEquals(3, plan.nodes().stream().filter(n -> n.operator() instanceof CalcOperator).count());
        assertEquals(2, plan.nodes().stream().filter(n -> n.operator() instanceof SinkOperator).count());
        assertEquals(3, plan.outputs("source_1").size());
        String oddsSink = plan.nodes().stream()
                .filter(n -> n.operator() instanceof SinkOperator s && s.table().name().equals("odds"))
                .findFirst().orElseThrow().id();
        assertEquals(2, plan.inputs(oddsSink).size());
        assertEquals(8, plan.taskCount() / 2 + 2);
    }

    @Test
    void bareSelectGoesToAPreviewSink() {
        DataflowPlan plan = plan(IMPULSE + "SELECT counter, subtask_index + 1 AS nxt FROM impulse;");
        SinkOperator sink = assertInstanceOf(SinkOperator.class, plan.nodes().get(2).operator());
        assertEquals("preview", sink.table().connector());
        assertEquals("preview sink", plan.nodes().get(2).description());
        assertEquals(Schema.of(new Field("counter", DataType.UINT64, false), new Field("nxt", DataType.UINT64, false)),
                sink.table().schema());
        assertTrue(sink.table().roles().contains(TableRole.SINK));
    }

    @Test
    void selectStarLeavesOutTheEventTimeAndNeedsNoCalc() {
        DataflowPlan plan = plan(IMPULSE + "SELECT * FROM impulse");
        assertEquals(List.of("source_1", "sink_2"), plan.nodes().stream().map(PlanNode::id).toList());
        SinkOperator sink = assertInstanceOf(SinkOperator.class, plan.nodes().get(1).operator());
        assertEquals(TestConnectors.Impulse.SCHEMA, sink.table().schema());
    }

    @Test
    void theEventTimeCanBeFilteredOnAndTimestampLiteralsAreNanoseconds() {
        DataflowPlan plan = plan(IMPULSE
                + "SELECT counter, _timestamp AS ts FROM impulse WHERE _timestamp > TIMESTAMP '2020-01-01 00:00:00.5'");
        CalcOperator calc = calc(plan, "calc_2");
        Expr.Call filter = assertInstanceOf(Expr.Call.class, calc.filter());
        assertEquals(">", filter.op());
        assertEquals(ref(2, DataType.TIMESTAMP), filter.operands().get(0));
        Expr literal = filter.operands().get(1);
        if (literal instanceof Expr.Call cast) {
            literal = cast.operands().get(0);
        }
        assertEquals("1577836800500000000", ((Expr.Literal) literal).value());
        assertEquals(List.of("counter", "ts", "_timestamp"), calc.output().fields().stream().map(Field::name).toList());
    }

    @Test
    void caseCastAndFunctionsAreTranslated() {
        DataflowPlan plan = plan(IMPULSE + """
                SELECT CASE WHEN counter > 5 THEN 'big' ELSE 'small' END AS size,
                       CAST(counter AS TEXT) || '!' AS shout,
                       CAST(subtask_index AS INT) AS sub,
                       lower(upper('Ab')) AS l,
                       abs(-3) AS a,
                       coalesce(CAST(NULL AS BIGINT), 7) AS c,
                       NOT (counter IS NULL) AND counter <> 3 OR counter BETWEEN 1 AND 2 AS b
                FROM impulse
                """);
        CalcOperator calc = calc(plan, "calc_2");
        List<Expr> p = calc.projections();

        Expr.Call size = assertInstanceOf(Expr.Call.class, p.get(0));
        assertEquals("CASE", size.op());
        assertEquals(3, size.operands().size());
        assertEquals(">", ((Expr.Call) size.operands().get(0)).op());
        assertEquals(lit("big", DataType.UTF8), size.operands().get(1));
        assertEquals(lit("small", DataType.UTF8), size.operands().get(2));
        assertEquals(DataType.UTF8, size.type());

        assertEquals(call("||", DataType.UTF8, call("CAST", DataType.UTF8, ref(0, DataType.UINT64)), lit("!", DataType.UTF8)),
                p.get(1));
        assertEquals(call("CAST", DataType.INT32, ref(1, DataType.UINT64)), p.get(2));
        assertEquals(call("lower", DataType.UTF8, call("upper", DataType.UTF8, lit("Ab", DataType.UTF8))), p.get(3));
        assertEquals(call("abs", DataType.INT32, lit("-3", DataType.INT32)), p.get(4));
        assertEquals(DataType.INT64, p.get(5).type());
        Expr.Call b = assertInstanceOf(Expr.Call.class, p.get(6));
        assertEquals("OR", b.op());
        assertEquals(DataType.BOOLEAN, b.type());
        assertEquals(List.of("size", "shout", "sub", "l", "a", "c", "b", "_timestamp"),
                calc.output().fields().stream().map(Field::name).toList());
    }

    @Test
    void columnTypesOfCreateTable() {
        DataflowPlan plan = plan("""
                CREATE TABLE t (a BOOLEAN, b TINYINT, c SMALLINT, d INT, e INTEGER, f BIGINT, g REAL, h FLOAT,
                    i DOUBLE, j DECIMAL(10, 2), k TEXT, l VARCHAR, m STRING, n BYTEA, o TIMESTAMP, p DATE,
                    q BIGINT UNSIGNED NOT NULL, r INT UNSIGNED)
                    WITH (connector = 'single_file', path = '/data/in.json', type = 'source');
                SELECT * FROM t;
                """);
        SourceOperator source = assertInstanceOf(SourceOperator.class, plan.nodes().get(0).operator());
        assertEquals(List.of(TypeId.BOOLEAN, TypeId.INT8, TypeId.INT16, TypeId.INT32, TypeId.INT32, TypeId.INT64,
                        TypeId.FLOAT32, TypeId.FLOAT32, TypeId.FLOAT64, TypeId.DECIMAL, TypeId.UTF8, TypeId.UTF8,
                        TypeId.UTF8, TypeId.BINARY, TypeId.TIMESTAMP, TypeId.DATE, TypeId.UINT64, TypeId.UINT32),
                source.table().schema().fields().stream().map(f -> f.type().id()).toList());
        Schema schema = source.table().schema();
        assertEquals(DataType.decimal(10, 2), schema.field(9).type());
        assertEquals(DataType.TIMESTAMP, schema.field(14).type());
        assertFalse(schema.field(16).nullable());
        assertTrue(schema.field(0).nullable());
    }

    @Test
    void castToArroyoTypeNames() {
        DataflowPlan plan = plan(IMPULSE + "SELECT CAST(counter AS STRING) AS s, CAST('ab' AS BYTEA) AS b FROM impulse");
        List<Expr> p = calc(plan, "calc_2").projections();
        assertEquals(DataType.UTF8, p.get(0).type());
        assertEquals(DataType.BINARY, p.get(1).type());
    }

    @Test
    void unknownConnectorListsTheAvailableOnes() {
        Diagnostic d = error("CREATE TABLE k WITH (connector = 'kafka', topic = 'x');\nSELECT * FROM k");
        assertEquals("Unknown connector 'kafka'. Available connectors: blackhole, impulse, lookup, preview, single_file",
                d.message());
        assertSpan(d, 1, 22, 1, 40);
    }

    @Test
    void connectorErrorsArePassedThroughWithTheStatementSpan() {
        PlanResult result = planner.plan("SELECT 1;\nCREATE TABLE impulse WITH (connector = 'impulse', rate = '10');\n"
                + "CREATE TABLE f (a INT) WITH (connector = 'single_file', path = '/etc/passwd');\n"
                + "SELECT * FROM impulse", 1);
        List<String> messages = result.errors().stream().map(Diagnostic::message).toList();
        assertTrue(messages.contains("Unsupported options found for connector 'impulse'. Unsupported: rate. "
                + "Supported: event_rate, message_count"), messages::toString);
        assertTrue(messages.contains("Path '/etc/passwd' is outside the file roots: /data"), messages::toString);
        Diagnostic impulse = result.errors().stream().filter(d -> d.message().contains("rate")).findFirst().orElseThrow();
        assertSpan(impulse, 2, 1, 2, 62);
        // the SELECT on the broken table is skipped rather than reported as "not found"
        assertFalse(messages.stream().anyMatch(m -> m.contains("not found")), messages::toString);
    }

    @Test
    void parseErrorsHaveLineAndColumn() {
        Diagnostic d = error(IMPULSE + "SELECT counter,\n  FROM impulse");
        assertTrue(d.message().startsWith("Syntax error: ") && d.message().contains("'FROM'"), d.message());
        assertSpan(d, 3, 3, 3, 6);
    }

    @Test
    void reservedWordsAsNamesGetAHint() {
        Diagnostic d = error("CREATE TABLE select (a INT) WITH (connector = 'blackhole');");
        assertTrue(d.message().contains("quote it: \"select\""), d.message());
        assertSpan(d, 1, 14, 1, 19);
    }

    @Test
    void unknownColumnHasLineAndColumn() {
        Diagnostic d = error(IMPULSE + "SELECT counter,\n       countr FROM impulse");
        assertEquals("Column 'countr' not found in any table", d.message());
        assertSpan(d, 3, 8, 3, 13);
    }

    @Test
    void unsupportedConstructsSaySoWithTheirSpan() {
        Map<String, String> cases = Map.of(
                "SELECT counter FROM impulse ORDER BY counter", "ORDER BY is not supported in streaming pipelines",
                "SELECT counter FROM impulse LIMIT 5", "LIMIT is not supported in streaming pipelines",
                "SELECT * FROM impulse a CROSS JOIN impulse b", "CROSS JOIN has no condition to match rows on, so its "
                        + "state would grow forever; join ON equal keys",
                "SELECT counter FROM impulse UNION SELECT counter FROM impulse",
                        "UNION without ALL (removing duplicates) is not supported yet; use UNION ALL",
                "SELECT counter FROM impulse WHERE counter IN (SELECT counter FROM impulse)",
                        "subqueries are not supported yet",
                "SELECT sum(counter) OVER (ORDER BY _timestamp) FROM impulse",
                        "Window functions require already windowed input: compute them over the result of a window "
                        + "aggregate (GROUP BY tumble(…), hop(…) or session(…)), and PARTITION BY its window");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            Diagnostic d = error(IMPULSE + c.getKey());
            assertEquals(c.getValue(), d.message(), c.getKey());
            assertTrue(d.span() != null && d.span().start().line() == 2, c.getKey() + ": " + d.span());
        }
    }

    @Test
    void tablesMustBeUsableAsTheyAreUsed() {
        Diagnostic write = error(IMPULSE + "INSERT INTO impulse SELECT * FROM impulse");
        assertEquals("Table 'impulse' (connector 'impulse') cannot be written to: its connector is not a sink",
                write.message());
        assertSpan(write, 2, 13, 2, 19);
        Diagnostic read = error("CREATE TABLE bh (a INT) WITH (connector = 'blackhole');\nSELECT a FROM bh");
        assertEquals("Table 'bh' (connector 'blackhole') cannot be read: its connector is not a source",
                read.message());
        assertSpan(read, 2, 15, 2, 16);
    }

    @Test
    void insertColumnsMustMatchTheSink() {
        String sink = "CREATE TABLE s (n BIGINT, label TEXT) WITH (connector = 'blackhole');\n";
        Diagnostic count = error(IMPULSE + sink + "INSERT INTO s SELECT counter FROM impulse");
        assertEquals("INSERT INTO s: the query produces 1 columns (counter) but table 's' has 2 (n, label)",
                count.message());
        Diagnostic type = error(IMPULSE + sink + "INSERT INTO s SELECT 'x' || 'y' AS word, counter FROM impulse");
        assertEquals("INSERT INTO s: column 'word' of type TEXT cannot be written into column 'n' of type BIGINT",
                type.message());
        assertSpan(type, 3, 22, 3, 39);
        // a compatible number is converted to the sink's type
        DataflowPlan plan = plan(IMPULSE + sink + "INSERT INTO s SELECT counter, 'c' FROM impulse");
        CalcOperator calc = calc(plan, "calc_2");
        assertEquals(call("CAST", DataType.INT64, ref(0, DataType.UINT64)), calc.projections().get(0));
        assertEquals(List.of("n", "label", "_timestamp"), calc.output().fields().stream().map(Field::name).toList());
    }

    @Test
    void previewNeedsThePreviewConnector() {
        PlanResult result = new CalciteSqlPlanner(TestConnectors.withoutPreview(), TestConnectors.FILES)
                .plan(IMPULSE + "SELECT counter FROM impulse", 1);
        assertEquals("A SELECT without INSERT shows its rows through the 'preview' connector, which is not "
                + "installed. Available connectors: impulse, single_file", result.errors().get(0).message());
    }

    @Test
    void connectorServicesComeAndGo() {
        CalciteSqlPlanner dynamic = new CalciteSqlPlanner(TestConnectors.FILES);
        String sql = IMPULSE + "SELECT counter FROM impulse";
        assertEquals("Unknown connector 'impulse'. Available connectors: (none)",
                dynamic.plan(sql, 1).errors().get(0).message());
        TestConnectors.Impulse impulse = new TestConnectors.Impulse();
        TestConnectors.Preview preview = new TestConnectors.Preview();
        dynamic.addConnector(impulse, Map.of(org.wadi.spi.connector.Connector.NAME_PROPERTY, "impulse"));
        dynamic.addConnector(preview, Map.of(org.wadi.spi.connector.Connector.NAME_PROPERTY, "preview"));
        assertTrue(dynamic.plan(sql, 1).ok());
        dynamic.removeConnector(impulse, Map.of(org.wadi.spi.connector.Connector.NAME_PROPERTY, "impulse"));
        assertEquals("Unknown connector 'impulse'. Available connectors: preview",
                dynamic.plan(sql, 1).errors().get(0).message());
    }

    @Test
    void planNeverThrows() {
        assertEquals("The query is empty", planner.plan("", 1).errors().get(0).message());
        assertEquals("The query is empty", planner.plan(null, 1).errors().get(0).message());
        assertTrue(planner.plan(IMPULSE + "SELECT counter FROM impulse", 0).errors().get(0).message()
                .contains("parallelism"));
        assertEquals("The query has no INSERT or SELECT statement: there is nothing to run",
                error(IMPULSE).message());
        assertEquals("DELETE statements are not supported", error(IMPULSE + "DELETE FROM impulse").message());
        assertEquals("Table 'nope' not found. Defined tables: impulse", error(IMPULSE + "SELECT * FROM nope").message());
        assertEquals("Table 'impulse' is already defined", error(IMPULSE + IMPULSE + "SELECT * FROM impulse").message());
        assertEquals("Can't query from memory table 't' without first inserting into it",
                error("CREATE TABLE t (a INT);\nSELECT * FROM t").message());
        assertTrue(error(IMPULSE + "SELECT _timestamp FROM impulse").message()
                .startsWith("The query selects no column besides _timestamp"));
        assertTrue(error("CREATE TABLE t (a FOO) WITH (connector = 'blackhole');").message()
                .startsWith("Unknown type 'foo' of column 'a'"));
    }
}
