package org.wadi.sql.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.wadi.spi.plan.CalcOperator;
import org.wadi.spi.plan.PlanNode;
import org.wadi.spi.types.DataType;
import org.wadi.sql.Diagnostic;
import org.wadi.sql.PlanResult;
import org.wadi.sql.SqlPlanner;
import org.wadi.worker.internal.expr.CalcFunction;
import org.wadi.worker.internal.expr.ExprCompiler;
import org.wadi.worker.internal.expr.PlanException;
import org.wadi.worker.internal.expr.Sql;

/**
 * Every example of {@link FunctionCases}, end to end: planned by the SQL planner (name, arity and
 * types validated, translated to the plan's expressions), compiled by the worker's expression
 * compiler and evaluated on one row.
 */
class FunctionsTest {

    static final String IMPULSE = "CREATE TABLE impulse WITH (connector = 'impulse', event_rate = '10');\n";

    private static final SqlPlanner PLANNER = new CalciteSqlPlanner(TestConnectors.lookup(), TestConnectors.FILES);
    private static final ExprCompiler COMPILER = new ExprCompiler();

    static List<FunctionCases.Case> cases() {
        return FunctionCases.CASES;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void example(FunctionCases.Case c) throws PlanException {
        assertEquals(c.expected(), eval(c.sql()), c.sql());
    }

    static List<FunctionCases.Case> aggregateCases() {
        return AggregateCases.CASES;
    }

    /** An aggregate's example, planned and run over the first second of the events (v = 0 … 99). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("aggregateCases")
    void aggregateExample(FunctionCases.Case c) throws Exception {
        assertEquals(c.expected(), aggregate(c.sql()), c.sql());
    }

    /** The value of an aggregate over v = 0 … 99, k = v % 5 (in this order), rendered as the documentation shows it. */
    static String aggregate(String expr) throws Exception {
        List<String> rows = SqlWindowEndToEndTest.run("""
                CREATE TABLE events WITH (connector = 'events');
                CREATE TABLE out WITH (connector = 'collect');
                INSERT INTO out SELECT tumble(interval '1 second') AS window, %s AS v FROM events GROUP BY window;
                """.formatted(expr), 1);
        String first = rows.stream().filter(r -> r.startsWith("[0ms,1000ms) ")).findFirst().orElseThrow();
        return first.substring("[0ms,1000ms) ".length());
    }

    @Test
    void everyAggregateExampleBelongsToAPinnedFunction() {
        Set<String> names = new HashSet<>();
        AggregateCases.PINNED.forEach(p -> names.addAll(p.names()));
        for (FunctionCases.Case c : AggregateCases.CASES) {
            assertTrue(names.contains(c.function()), "not on the pinned list: " + c.function());
        }
    }

    /** The value of a scalar expression, rendered as the documentation shows it. */
    static String eval(String expr) throws PlanException {
        PlanResult result = PLANNER.plan(IMPULSE + "SELECT " + expr + " AS v FROM impulse;", 1);
        assertTrue(result.ok(), () -> expr + ": " + result.errors());
        CalcOperator calc = null;
        for (PlanNode n : result.plan().nodes()) {
            if (n.operator() instanceof CalcOperator op) {
                calc = op;
            }
        }
        assertNotNull(calc, "no calc in the plan of " + expr);
        CalcFunction f = COMPILER.compile("calc_1", calc).newInstance();
        Object[] row = new Object[calc.input().size()];
        java.util.Arrays.fill(row, 0L);
        List<Object[]> out = new ArrayList<>();
        f.process(row, out::add);
        assertEquals(1, out.size());
        int v = calc.output().indexOf("v");
        return render(out.get(0)[v], calc.output().field(v).type());
    }

    private static String render(Object value, DataType type) {
        if (value == null) {
            return "NULL";
        }
        return switch (type.id()) {
            case TIMESTAMP -> Sql.timestampToString((Long) value);
            case DATE -> Sql.dateToString((Integer) value);
            case TIME -> Sql.timeToString((Long) value);
            case BINARY -> Sql.hex((byte[]) value);
            case DECIMAL -> ((BigDecimal) value).toPlainString();
            case LIST -> "[" + ((List<?>) value).stream().map(e -> render(e, type.element()))
                    .collect(Collectors.joining(", ")) + "]";
            case STRUCT -> {
                Object[] fields = (Object[]) value;
                List<String> parts = new ArrayList<>();
                for (int i = 0; i < fields.length; i++) {
                    parts.add(type.fields().get(i).name() + ": " + render(fields[i], type.fields().get(i).type()));
                }
                yield "{" + String.join(", ", parts) + "}";
            }
            default -> String.valueOf(value);
        };
    }

    private static Diagnostic error(String expr) {
        PlanResult result = PLANNER.plan(IMPULSE + "SELECT " + expr + " AS v FROM impulse;", 1);
        assertFalse(result.ok(), () -> "expected an error for " + expr);
        return result.errors().get(0);
    }

    @Test
    void anUnknownFunctionIsNamedWithItsSpan() {
        Diagnostic d = error("no_such_fn(counter)");
        assertEquals("Unknown function 'no_such_fn'", d.message());
        assertNotNull(d.span());
        assertEquals(2, d.span().start().line());
        assertEquals(8, d.span().start().column());
    }

    @Test
    void aWrongArityNamesTheFunctionAndItsSignatures() {
        Diagnostic d = error("lpad('a')");
        assertTrue(d.message().startsWith("Function 'lpad' cannot be applied to (CHAR(1))"), d.message());
        assertTrue(d.message().contains("lpad("), d.message());
        assertNotNull(d.span());
    }

    @Test
    void aWrongOperandTypeNamesTheFunction() {
        Diagnostic d = error("repeat('a', DATE '2020-01-01')");
        assertTrue(d.message().contains("'repeat(<CHAR(1)>, <DATE>)'"), d.message());
        assertTrue(d.message().contains("Supported form(s): 'repeat(<CHARACTER>, <INTEGER>)'"), d.message());
        assertNotNull(d.span());
    }

    @Test
    void aRuntimeErrorSaysWhatIsWrong() {
        RuntimeException e = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class,
                () -> eval("chr(0)"));
        assertEquals("chr: null character not permitted", e.getMessage());
        e = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class,
                () -> eval("get_first_json_object('{}', 'a.b')"));
        assertEquals("Invalid json path 'a.b': must start with '$'", e.getMessage());
    }

    /** The single output row of {@code select} over a source table {@code t} of the given columns and row. */
    private static Object[] evalOn(String columns, Object[] row, String select) throws PlanException {
        PlanResult result = PLANNER.plan("CREATE TABLE t (" + columns + ") WITH (connector = 'single_file', "
                + "path = '/data/in.json', type = 'source');\n" + select + " FROM t;", 1);
        assertTrue(result.ok(), () -> select + ": " + result.errors());
        CalcOperator calc = null;
        for (PlanNode n : result.plan().nodes()) {
            if (n.operator() instanceof CalcOperator op) {
                calc = op;
            }
        }
        assertNotNull(calc, "no calc in the plan of " + select);
        Object[] in = java.util.Arrays.copyOf(row, calc.input().size());
        in[in.length - 1] = 0L;
        List<Object[]> out = new ArrayList<>();
        COMPILER.compile("calc_1", calc).newInstance().process(in, out::add);
        assertEquals(1, out.size());
        return out.get(0);
    }

    @Test
    void theJsonArrowInAFunctionsArgumentsIsNotALambda() throws PlanException {
        // Calcite's grammar reads `f(col -> 'a')` as a lambda; Arroyo's SQL means json_get(col, 'a')
        Object[] out = evalOn("doc TEXT", new Object[] {"{\"a\": [1, 2, 3], \"b\": {\"c\": \"x\"}}"},
                "SELECT json_length(doc -> 'a') AS n, upper(doc -> 'b' ->> 'c') AS c, "
                        + "coalesce(doc -> 'b' ->> 'c' = 'x', false) AS eq, concat((doc) -> 'a' -> 0) AS first");
        assertEquals(3L, out[0]);
        assertEquals("X", out[1]);
        assertEquals(true, out[2]);
        assertEquals("1", out[3]);
    }

    @Test
    void arrayColumnsAndTheirElements() throws PlanException {
        Object[] out = evalOn("xs BIGINT ARRAY, tags TEXT ARRAY",
                new Object[] {List.of(3L, 1L, 2L), java.util.Arrays.asList("a", null)},
                "SELECT xs[1] AS first, array_sort(xs) AS sorted, array_has(xs, 2) AS has2, "
                        + "array_append(tags, 'b') AS more, cardinality(xs) + 1 AS n");
        assertEquals(3L, out[0]);
        assertEquals(List.of(1L, 2L, 3L), out[1]);
        assertEquals(true, out[2]);
        assertEquals(java.util.Arrays.asList("a", null, "b"), out[3]);
        assertEquals(4L, out[4]);
    }

    @Test
    void uuidIsNewForEveryCall() throws PlanException {
        Object[] out = evalOn("doc TEXT", new Object[] {"x"}, "SELECT uuid() AS a, uuid() AS b");
        assertNotNull(out[0]);
        assertFalse(out[0].equals(out[1]), "two calls gave " + out[0]);
    }

    @Test
    void arrayAndStructErrorsSayWhatIsWrong() {
        assertTrue(error("array_append([1, 2], 'x')").message().contains("array_append(<ARRAY>, <ELEMENT>)"),
                () -> error("array_append([1, 2], 'x')").message());
        assertTrue(error("get_field(named_struct('a', 1), 'b')").message()
                .contains("get_field: the struct has no field 'b'; its fields: a"));
        assertTrue(error("arrow_cast(1, 'Float16')").message().startsWith("arrow_cast: 'Float16' is not an Arrow type"),
                () -> error("arrow_cast(1, 'Float16')").message());
        RuntimeException e = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class,
                () -> eval("range(1, 5, 0)"));
        assertEquals("range: the step must not be 0", e.getMessage());
        e = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class,
                () -> eval("array_distance([1, 2], [1])"));
        assertEquals("array_distance: the arrays have different lengths (2 and 1)", e.getMessage());
    }

    @Test
    void everyExampleBelongsToAPinnedFunction() {
        Set<String> names = new HashSet<>();
        FunctionCases.PINNED.forEach(p -> names.addAll(p.names()));
        for (FunctionCases.Case c : FunctionCases.CASES) {
            assertTrue(names.contains(c.function()), "not on the pinned list: " + c.function());
        }
    }

    /**
     * docs/functions.md is generated from the examples: regenerate it with
     * {@code -Dwadi.updateDocs=true} (or {@link FunctionsDoc#main}).
     */
    @Test
    void theFunctionReferenceIsCurrent() throws IOException {
        Path doc = FunctionsDoc.docPath();
        String expected = FunctionsDoc.markdown();
        if (Boolean.getBoolean("wadi.updateDocs")) {
            FunctionsDoc.main(new String[0]);
        }
        String actual = Files.exists(doc) ? Files.readString(doc, StandardCharsets.UTF_8) : "";
        assertEquals(expected, actual, doc + " is out of date: run this test with -Dwadi.updateDocs=true");
    }
}
