package org.wadi.sql.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.wadi.spi.connector.Connector;
import org.wadi.spi.function.FunctionRef;
import org.wadi.spi.function.FunctionSignature;
import org.wadi.spi.function.ScalarFunction;
import org.wadi.spi.plan.DataflowPlan;
import org.wadi.spi.plan.PlanCodec;
import org.wadi.spi.types.DataType;
import org.wadi.sql.JavaUdfValidation;
import org.wadi.sql.PlanResult;
import org.wadi.worker.internal.ConnectorRegistry;
import org.wadi.worker.internal.expr.ExprCompiler;
import org.wadi.worker.internal.expr.FunctionResolver;
import org.wadi.worker.internal.expr.PlanException;
import org.wadi.worker.internal.runtime.Execution;
import org.wadi.worker.internal.runtime.RuntimeOptions;

/** User-defined functions planned by the SQL planner and run by the runtime: services and Java source. */
class UserFunctionsEndToEndTest {

    private static final String TABLES = """
            CREATE TABLE events WITH (connector = 'events');
            CREATE TABLE out WITH (connector = 'collect');
            """;

    /** {@code label(k, v)}: "k:v", NULL for a NULL k (strict). */
    static final class Label implements ScalarFunction {
        @Override
        public FunctionSignature signature() {
            return FunctionSignature.of("label", DataType.UTF8, DataType.INT32, DataType.INT64);
        }

        @Override
        public Object invoke(Object[] args) {
            return args[0] + ":" + args[1];
        }
    }

    private final SqlWindowEndToEndTest.Events events = new SqlWindowEndToEndTest.Events();
    private final SqlWindowEndToEndTest.CollectTable out = new SqlWindowEndToEndTest.CollectTable();
    private final CalciteSqlPlanner planner = new CalciteSqlPlanner(
            ConnectorLookup.of(new HashMap<>(Map.of("events", events, "collect", out))), TestConnectors.FILES);

    /** Runs a plan as a worker gets it, with {@code functions} as the worker's function services. */
    private List<String> run(PlanResult planned, FunctionResolver functions) throws Exception {
        assertTrue(planned.ok(), () -> planned.errors().toString());
        DataflowPlan plan = PlanCodec.fromJson(PlanCodec.toJson(planned.plan()));
        ConnectorRegistry registry = new ConnectorRegistry();
        registry.add(events);
        registry.add(out);
        SqlWindowEndToEndTest.Reports reports = new SqlWindowEndToEndTest.Reports();
        Execution e = Execution.build("job_udf", plan, "w1", Execution.Placement.all("w1"), registry,
                TestConnectors.FILES, new ExprCompiler(functions), RuntimeOptions.DEFAULTS, reports);
        e.start();
        e.done().get(60, TimeUnit.SECONDS);
        assertTrue(reports.events.isEmpty(), reports.events.toString());
        List<String> rows = new ArrayList<>();
        synchronized (out.rows) {
            for (Object[] r : out.rows) {
                rows.add(r[0] + "|" + r[1]);
            }
        }
        rows.sort(null);
        return rows;
    }

    @Test
    void aRegisteredFunctionIsCalledByTheWorkerFromTheBundleThePlanNames() throws Exception {
        Label label = new Label();
        planner.addFunction(FunctionRef.Kind.SCALAR, label, label.signature(), "org.example.text", "1.2.0");
        PlanResult planned = planner.plan(TABLES + """
                INSERT INTO out SELECT v, LABEL(k, v * 2) AS l FROM events WHERE v < 3;
                """, 1);
        assertTrue(PlanCodec.toJson(planned.plan()).contains("org.example.text"), "the plan names the bundle");
        assertEquals(List.of("0|0:0", "1|1:2", "2|2:4"),
                run(planned, FunctionResolver.of(List.of(label), "org.example.text", "1.2.0")));
    }

    /** {@code weighted_avg(x DOUBLE, w BIGINT)}: sum(x·w) / sum(w), an aggregate of two arguments. */
    static final class WeightedAvg implements org.wadi.spi.function.AggregateFunction<double[]> {
        @Override
        public FunctionSignature signature() {
            return FunctionSignature.of("weighted_avg", DataType.FLOAT64, DataType.FLOAT64, DataType.INT64);
        }

        @Override
        public double[] create() {
            return new double[2];
        }

        @Override
        public double[] add(double[] acc, Object value) {
            Object[] args = (Object[]) value;
            acc[0] += (Double) args[0] * (Long) args[1];
            acc[1] += (Long) args[1];
            return acc;
        }

        @Override
        public double[] merge(double[] into, double[] other) {
            into[0] += other[0];
            into[1] += other[1];
            return into;
        }

        @Override
        public Object result(double[] acc) {
            return acc[1] == 0 ? null : acc[0] / acc[1];
        }

        @Override
        public byte[] serialize(double[] acc) {
            return java.nio.ByteBuffer.allocate(16).putDouble(acc[0]).putDouble(acc[1]).array();
        }

        @Override
        public double[] deserialize(byte[] bytes) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(bytes);
            return new double[] {b.getDouble(), b.getDouble()};
        }
    }

    /**
     * An aggregate of two arguments, with and without FILTER: planned, sent through the plan's JSON,
     * then run by the worker's own calc (compiled from the plan) and aggregate columns, which get the
     * function from the worker's resolver. (The window operator itself looks user aggregates up among
     * the OSGi services of its framework, which this test has not.)
     */
    @Test
    void anAggregateOfSeveralArgumentsGetsThemAllAlsoWithFilter() throws Exception {
        WeightedAvg wavg = new WeightedAvg();
        planner.addFunction(FunctionRef.Kind.AGGREGATE, wavg, wavg.signature(), "org.example.stats", "1.0.0");
        PlanResult planned = planner.plan(TABLES + """
                INSERT INTO out
                SELECT k, weighted_avg(v, v) AS all_rows, weighted_avg(v, k + 1) FILTER (WHERE v % 2 = 0) AS even
                FROM events GROUP BY k, tumble(interval '100 seconds');
                """, 1);
        assertTrue(planned.ok(), () -> planned.errors().toString());
        DataflowPlan plan = PlanCodec.fromJson(PlanCodec.toJson(planned.plan()));
        org.wadi.spi.plan.PlanNode windowNode = plan.nodes().stream()
                .filter(n -> n.operator() instanceof org.wadi.spi.plan.WindowAggregateOperator).findFirst().orElseThrow();
        org.wadi.spi.plan.WindowAggregateOperator window =
                (org.wadi.spi.plan.WindowAggregateOperator) windowNode.operator();
        String calcId = plan.edges().stream().filter(e -> e.target().equals(windowNode.id())).findFirst().orElseThrow()
                .source();
        org.wadi.spi.plan.CalcOperator calc = (org.wadi.spi.plan.CalcOperator) plan.nodes().stream()
                .filter(n -> n.id().equals(calcId)).findFirst().orElseThrow().operator();
        assertEquals(List.of("k", "v", "_timestamp"), calc.input().fields().stream()
                .map(org.wadi.spi.types.Field::name).toList(), "the calc reads the events");
        List<org.wadi.spi.plan.AggregateCall> calls = window.aggregates();
        assertEquals(2, calls.size());
        assertEquals(1, calls.get(0).moreArguments().size(), "two arguments: " + calls.get(0));
        assertFalse(calls.get(0).filtered());
        assertTrue(calls.get(1).filtered(), "FILTER: " + calls.get(1));

        FunctionResolver functions = FunctionResolver.of(List.of(wavg), "org.example.stats", "1.0.0");
        org.wadi.worker.internal.expr.CalcFunction f = new ExprCompiler(functions).compile("calc", calc).newInstance();
        org.wadi.worker.internal.agg.AggColumn[] columns = new org.wadi.worker.internal.agg.AggColumn[2];
        for (int i = 0; i < 2; i++) {
            columns[i] = org.wadi.worker.internal.agg.Aggregates.create(calls.get(i), window.input(), false, functions);
            columns[i].grow(5);
        }
        int key = window.keys().get(0);
        for (long n = 0; n < 3000; n++) {
            f.process(new Object[] {n % 5, n, n * 10_000_000L}, row -> {
                int slot = (int) (long) (Long) row[key];
                columns[0].add(slot, row);
                columns[1].add(slot, row);
            });
        }
        // the same sums in plain Java
        for (long k = 0; k < 5; k++) {
            double all = 0;
            double allW = 0;
            double even = 0;
            double evenW = 0;
            for (long n = k; n < 3000; n += 5) {
                all += (double) n * n;
                allW += n;
                if (n % 2 == 0) {
                    even += (double) n * (k + 1);
                    evenW += k + 1;
                }
            }
            assertEquals(all / allW, columns[0].result((int) k), "weighted_avg(v, v) of k = " + k);
            assertEquals(even / evenW, columns[1].result((int) k), "weighted_avg(v, k + 1) FILTER of k = " + k);
        }
    }

    @Test
    void theWorkerRefusesAFunctionOfAnotherBundleVersion() {
        Label label = new Label();
        planner.addFunction(FunctionRef.Kind.SCALAR, label, label.signature(), "org.example.text", "1.2.0");
        PlanResult planned = planner.plan(TABLES + "INSERT INTO out SELECT v, label(k, v) FROM events;", 1);
        ConnectorRegistry registry = new ConnectorRegistry();
        registry.add(events);
        registry.add(out);
        PlanException e = assertThrows(PlanException.class, () -> Execution.build("job_udf", planned.plan(), "w1",
                Execution.Placement.all("w1"), registry, TestConnectors.FILES,
                new ExprCompiler(FunctionResolver.of(List.of(label), "org.example.text", "1.3.0")),
                RuntimeOptions.DEFAULTS, new SqlWindowEndToEndTest.Reports()));
        assertEquals("function 'label' is not available: the bundle that provided it (org.example.text 1.2.0) was"
                + " removed; it is now provided by org.example.text 1.3.0: submit the pipeline again to use it",
                e.getMessage());
    }

    @Test
    void aRemovedFunctionIsAnErrorNamingItsBundle() {
        Label label = new Label();
        planner.addFunction(FunctionRef.Kind.SCALAR, label, label.signature(), "org.example.text", "1.2.0");
        planner.removeFunction(label, "label");
        PlanResult planned = planner.plan(TABLES + "INSERT INTO out SELECT v,\n  label(k, v) FROM events;", 1);
        assertFalse(planned.ok());
        assertEquals("function 'label' is not available: the bundle that provided it (org.example.text 1.2.0) was"
                + " removed", planned.errors().get(0).message());
        assertEquals(4, planned.errors().get(0).span().start().line());
        // never registered: Calcite's own message
        PlanResult unknown = planner.plan(TABLES + "INSERT INTO out SELECT v, nope(k) FROM events;", 1);
        assertTrue(unknown.errors().get(0).message().contains("nope"), unknown.errors().toString());
    }

    @Test
    void aJavaSourceFunctionIsCompiledByThePlannerAndAgainByTheWorker() throws Exception {
        String source = """
                import java.util.Locale;
                public class Shout {
                    public static String shout(Long n, String suffix) {
                        return n == null ? "none" : Long.toString(n).toUpperCase(Locale.ROOT) + suffix;
                    }
                }
                """;
        JavaUdfValidation v = planner.validateJavaFunction(source);
        assertEquals("shout", v.name(), v.errors().toString());
        assertEquals("shout(BIGINT, TEXT) → TEXT", v.signature());
        PlanResult planned = planner.plan(TABLES + "INSERT INTO out SELECT v, shout(v + 1, '!') FROM events WHERE v < 2;",
                1, List.of(source));
        assertEquals(List.of("0|1!", "1|2!"), run(planned, FunctionResolver.none()));
    }

    @Test
    void javaSourceErrorsHaveLinesAndColumns() {
        JavaUdfValidation broken = planner.validateJavaFunction("public class A {\n  public static long f(long x) {"
                + "\n    return x +;\n  }\n}");
        assertEquals(null, broken.name());
        assertTrue(broken.errors().get(0).startsWith("line 3, column "), broken.errors().toString());
        JavaUdfValidation two = planner.validateJavaFunction(
                "public class B { public static long f(long x) { return x; } public static long g(long x) { return x; } }");
        assertTrue(two.errors().get(0).contains("exactly one public static method"), two.errors().toString());
        JavaUdfValidation type = planner.validateJavaFunction(
                "public class C { public static java.util.Date f(long x) { return null; } }");
        assertTrue(type.errors().get(0).contains("has no SQL type"), type.errors().toString());
    }

    /** {@code lookup(k)}: "k" + k, asynchronously. */
    static final class Lookup implements org.wadi.spi.function.AsyncFunction {
        @Override
        public FunctionSignature signature() {
            return FunctionSignature.of("lookup", DataType.UTF8, DataType.INT64);
        }

        @Override
        public org.wadi.spi.function.AsyncOptions options() {
            return new org.wadi.spi.function.AsyncOptions(true, java.time.Duration.ofSeconds(3), 7);
        }

        @Override
        public java.util.concurrent.CompletableFuture<Object> invoke(Object[] arguments) {
            return java.util.concurrent.CompletableFuture.completedFuture("k" + arguments[0]);
        }
    }

    @Test
    void anAsyncCallIsPlannedAsAnOperatorOfItsOwnBetweenTwoCalcs() {
        Lookup lookup = new Lookup();
        planner.addFunction(FunctionRef.Kind.ASYNC, lookup, lookup.signature(), "org.example.geo", "2.0.0");
        PlanResult planned = planner.plan(TABLES + """
                INSERT INTO out SELECT v, upper(lookup(k + 1)) AS name FROM events WHERE v > 10;
                """, 2);
        assertTrue(planned.ok(), () -> planned.errors().toString());
        DataflowPlan plan = PlanCodec.fromJson(PlanCodec.toJson(planned.plan()));
        org.wadi.spi.plan.PlanNode async = plan.nodes().stream()
                .filter(n -> n.operator() instanceof org.wadi.spi.plan.AsyncFunctionOperator).findFirst().orElseThrow();
        org.wadi.spi.plan.AsyncFunctionOperator op = (org.wadi.spi.plan.AsyncFunctionOperator) async.operator();
        assertEquals("lookup", op.function().name());
        assertEquals("org.example.geo", op.function().bundle());
        assertTrue(op.ordered());
        assertEquals(7, op.maxConcurrency());
        assertEquals(3_000_000_000L, op.timeoutNanos());
        // its input: the filtered rows' columns, the call's operand k + 1 as BIGINT, _timestamp
        org.wadi.spi.types.Schema in = op.input();
        assertEquals(DataType.INT64, in.field(op.arguments().get(0)).type());
        assertEquals(DataType.UTF8, op.output().field(op.output().size() - 2).type());
        // the calc before it filters; the one after it projects upper(result)
        org.wadi.spi.plan.PlanEdge before = plan.inputs(async.id()).get(0);
        org.wadi.spi.plan.CalcOperator pre = (org.wadi.spi.plan.CalcOperator) plan.node(before.source()).orElseThrow()
                .operator();
        assertTrue(pre.filter() != null, "the filter runs before the calls");
        org.wadi.spi.plan.PlanEdge after = plan.outputs(async.id()).get(0);
        org.wadi.spi.plan.CalcOperator rest = (org.wadi.spi.plan.CalcOperator) plan.node(after.target()).orElseThrow()
                .operator();
        assertEquals("upper", ((org.wadi.spi.plan.Expr.Call) rest.projections().get(1)).op());

        PlanResult where = planner.plan(TABLES + "INSERT INTO out SELECT v, k FROM events WHERE lookup(v) = 'x';", 1);
        assertTrue(where.errors().get(0).message().startsWith("the async function 'lookup' cannot be called in WHERE"),
                where.errors().toString());
    }

    /** The filter before an async call: one Calcite simplified into nested ORs failed its flatness check. */
    @Test
    void anAsyncCallAfterAConditionThatSimplifiesIntoNestedOrsPlans() {
        Lookup lookup = new Lookup();
        CalciteSqlPlanner withFiles = new CalciteSqlPlanner(TestConnectors.lookup(), TestConnectors.FILES);
        withFiles.addFunction(FunctionRef.Kind.ASYNC, lookup, lookup.signature(), "org.example.geo", "2.0.0");
        PlanResult planned = withFiles.plan("CREATE TABLE src (id BIGINT, price DOUBLE, flag BOOLEAN, ts TIMESTAMP NOT "
                + "NULL) WITH (connector = 'single_file', path = '/data/in.json', format = 'json', type = 'source', "
                + "event_time_field = 'ts');\nSELECT id, lookup(id) AS l FROM src WHERE price <= price OR flag", 1);
        assertTrue(planned.ok(), () -> planned.errors().toString());
    }

    @Test
    void anAsyncFunctionRunsBetweenTwoCalcsKeepingEveryRow() throws Exception {
        Lookup lookup = new Lookup();
        planner.addFunction(FunctionRef.Kind.ASYNC, lookup, lookup.signature(), "org.example.geo", "2.0.0");
        PlanResult planned = planner.plan(TABLES + """
                INSERT INTO out SELECT v, upper(lookup(k + 1)) AS name FROM events WHERE v < 6;
                """, 1);
        assertEquals(List.of("0|K1", "1|K2", "2|K3", "3|K4", "4|K5", "5|K1"),
                run(planned, FunctionResolver.of(List.of(lookup), "org.example.geo", "2.0.0")));
    }
}
