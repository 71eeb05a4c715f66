package org.wadi.sql.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.wadi.spi.connector.Connector;
import org.wadi.spi.connector.ConnectorMetadata;
import org.wadi.spi.connector.ConnectorTable;
import org.wadi.spi.connector.TableRequest;
import org.wadi.sql.Diagnostic;
import org.wadi.sql.PlanResult;
import org.wadi.sql.SqlPlanner;

/**
 * Queries the fuzzing of the planner ({@link SqlFuzzTest}) found it failing on: each must end with
 * the planner's own error, with its place, or with a plan, never with a throwable or an internal
 * message.
 */
class PlannerRobustnessTest {

    private static final String IMPULSE = "CREATE TABLE impulse WITH (connector = 'impulse', event_rate = '10');\n";

    private final SqlPlanner planner = new CalciteSqlPlanner(TestConnectors.lookup(), TestConnectors.FILES);

    private Diagnostic error(String sql) {
        PlanResult result = planner.plan(sql, 1);
        assertFalse(result.ok(), "expected an error");
        assertNull(result.plan());
        Diagnostic d = result.errors().get(0);
        assertFalse(SqlFuzzTest.check(result) != null, () -> SqlFuzzTest.check(result));
        return d;
    }

    /** Plans on a thread with a small stack, as a busy server's may be: deep recursion overflows it for sure. */
    private PlanResult planOnSmallStack(String sql) throws Exception {
        return planOnStack(sql, 256 * 1024);
    }

    /** Plans on a thread of its own with this stack size (0: the platform's default, as the API's threads have). */
    private PlanResult planOnStack(String sql, long stackSize) throws Exception {
        CompletableFuture<Object> answer = new CompletableFuture<>();
        Thread t = new Thread(null, () -> {
            try {
                answer.complete(planner.plan(sql, 1));
            } catch (Throwable e) {
                answer.complete(e);
            }
        }, "planning", stackSize);
        t.start();
        Object result = answer.get(120, TimeUnit.SECONDS);
        assertTrue(result instanceof PlanResult, () -> "plan threw " + result);
        return (PlanResult) result;
    }

    @Test
    void parenthesesNestedThousandsDeepAreRefusedWhereTheyGoTooDeep() {
        int depth = 3000;
        Diagnostic d = error(IMPULSE + "SELECT " + "(".repeat(depth) + "counter" + ")".repeat(depth) + " FROM impulse");
        assertTrue(d.message().contains("more than " + Nesting.MAX_DEPTH + " levels deep at line 2, column "),
                d.message());
        assertEquals(2, d.span().start().line());
        assertEquals(8 + Nesting.MAX_DEPTH, d.span().start().column());
    }

    @Test
    void nestingWithinTheLimitStillPlans() {
        int depth = 150;
        assertTrue(planner.plan(IMPULSE + "SELECT " + "(".repeat(depth) + "counter" + ")".repeat(depth)
                + " FROM impulse", 1).ok());
    }

    @Test
    void parenthesesInStringsAndCommentsDoNotCount() {
        String sql = IMPULSE + "-- " + "(".repeat(500) + "\nSELECT '" + "(".repeat(500) + "' AS s FROM impulse";
        assertTrue(planner.plan(sql, 1).ok(), () -> planner.plan(sql, 1).errors().toString());
    }

    @Test
    void aChainOfThousandsOfOperatorsIsAnErrorNotAStackOverflow() throws Exception {
        PlanResult result = planOnSmallStack(IMPULSE + "SELECT counter" + " + 1".repeat(5000) + " AS n FROM impulse");
        assertFalse(result.ok());
        Diagnostic d = result.errors().get(0);
        assertTrue(d.message().contains("too deeply"), d.message());
        assertNotNull(d.span(), "where: " + d);
        assertNull(SqlFuzzTest.check(result));
    }

    @Test
    void aConstantCalciteCannotFoldDoesNotFailThePlanner() {
        PlanResult result = planner.plan(IMPULSE
                + "SELECT counter, CASE WHEN FALSE THEN ARRAY['a', 'b'] ELSE 'xxx' END AS tag FROM impulse", 1);
        assertNull(SqlFuzzTest.check(result), () -> SqlFuzzTest.check(result));
    }

    @Test
    void aNumberOutOfRangeIsNamedWithItsPlace() {
        Diagnostic d = error(IMPULSE + "SELECT counter * 1e99999999999 FROM impulse");
        assertTrue(d.message().startsWith("Invalid number '1e99999999999' at line 2, column 18"), d.message());
        assertEquals(new Diagnostic.Position(2, 18), d.span().start());
    }

    @Test
    void aTimestampBeyondTheNanosecondRangeIsAnError() {
        Diagnostic d = error(IMPULSE + "SELECT counter, TIMESTAMP '2999-01-01 00:00:00' AS t FROM impulse");
        assertTrue(d.message().startsWith("Timestamp '2999-01-01 00:00:00' is outside the range of timestamps"),
                d.message());
        assertEquals(2, d.span().start().line());
    }

    @Test
    void ceilOfAnIntervalIsRefusedWithItsPlace() {
        Diagnostic d = error(IMPULSE + "SELECT counter, ceil(ceil(INTERVAL '1' MONTH)) AS c FROM impulse");
        assertTrue(d.message().startsWith("ceil takes a number or a timestamp, not an interval"), d.message());
        assertEquals(new Diagnostic.Position(2, 17), d.span().start());
    }

    @Test
    void anIntervalThatIsNoneIsRefusedWithItsPlace() {
        Diagnostic d = error("CREATE TABLE t (ts TIMESTAMP NOT NULL, WATERMARK FOR ts AS ts - INTERVAL '1''1' SECOND) "
                + "WITH (connector = 'single_file', path = '/data/in.json', type = 'source', format = 'json');\n"
                + "SELECT ts FROM t");
        assertTrue(d.message().startsWith("Invalid interval '1'1' SECOND"), d.message());
        assertEquals(1, d.span().start().line());
        Diagnostic ttl = error(IMPULSE + "SET updating_ttl = interval '1''1' hour;\nSELECT counter FROM impulse");
        assertTrue(ttl.message().startsWith("Invalid interval"), ttl.message());
    }

    @Test
    void likeNullIsNullNotAPlannerFailure() {
        PlanResult result = planner.plan(IMPULSE + "SELECT counter, reverse('text') LIKE NULL AS l FROM impulse "
                + "WHERE CAST(counter AS TEXT) NOT LIKE NULL OR counter > 1", 1);
        assertTrue(result.ok(), () -> result.errors().toString());
    }

    @Test
    void aStructColumnAsWhereConditionIsAnError() {
        Diagnostic d = error("CREATE TABLE t (s STRUCT<a INT, b TEXT>, n BIGINT) WITH (connector = 'single_file', "
                + "path = '/data/in.json', type = 'source', format = 'json');\nSELECT n FROM t WHERE s");
        assertEquals("WHERE clause must be a condition", d.message());
        assertEquals(2, d.span().start().line());
    }

    @Test
    void aConnectorFailingUnexpectedlyIsNamedWithTheTable() {
        Map<String, Connector> connectors = new LinkedHashMap<>();
        connectors.put("broken", new Connector() {
            @Override
            public ConnectorMetadata metadata() {
                return new ConnectorMetadata("broken", "broken", "", "fails", true, true, false, false, false, false,
                        null, null);
            }

            @Override
            public ConnectorTable table(TableRequest request) {
                throw new IllegalArgumentException("no such mode");
            }
        });
        connectors.put("preview", new TestConnectors.Preview());
        PlanResult result = new CalciteSqlPlanner(ConnectorLookup.of(connectors), TestConnectors.FILES)
                .plan("CREATE TABLE b (x BIGINT) WITH (connector = 'broken');\nSELECT x FROM b", 1);
        assertEquals("Connector 'broken' failed to define table 'b': no such mode", result.errors().get(0).message());
        assertNull(SqlFuzzTest.check(result));
    }

    @Test
    void orderByInsideAnAggregateThatDoesNotOrderIsRefusedWithItsPlace() {
        Diagnostic d = error(IMPULSE + "SELECT sum(counter ORDER BY subtask_index) FROM impulse GROUP BY subtask_index");
        assertTrue(d.message().startsWith("ORDER BY inside sum(…) is not supported"), d.message());
        assertEquals(2, d.span().start().line());
    }

    @Test
    void orderByAfterAnExpressionElsewhereIsASyntaxErrorWithItsPlace() {
        Diagnostic d = error(IMPULSE + "SELECT counter FROM impulse WHERE (counter > 1 ORDER BY counter)");
        assertNotNull(d.span());
        assertTrue(d.message().contains("ORDER BY"), d.message());
    }

    @Test
    void orderedFirstAndLastValuePlan() {
        for (String call : List.of("first_value(counter ORDER BY subtask_index DESC)",
                "last_value(counter ORDER BY counter)", "nth_value(counter, 2 ORDER BY counter DESC)")) {
            PlanResult result = planner.plan(IMPULSE + "SELECT tumble(interval '1 second') AS w, " + call
                    + " AS v FROM impulse GROUP BY w", 1);
            assertTrue(result.ok(), () -> call + ": " + result.errors());
        }
    }

    private static final String EVERY_TYPE = "CREATE TABLE src (id SMALLINT, name TEXT, price DOUBLE, flag BOOLEAN, "
            + "ts TIMESTAMP NOT NULL) WITH (connector = 'single_file', path = '/data/in.json', format = 'json', "
            + "type = 'source', event_time_field = 'ts');\n";

    /** Fuzz case 7203349963743374464: a CAST that only drops nullability reached Calcite's filter check. */
    @Test
    void aCastToTheSameTypeInAConditionPlans() {
        for (String where : List.of("CAST(flag AS BOOLEAN) AND TRUE", "CAST(flag AS BOOLEAN)",
                "CAST(price AS DOUBLE) > 1 AND CAST(flag AS BOOLEAN)")) {
            PlanResult result = planner.plan(EVERY_TYPE + "SELECT price AS a, name AS b FROM src WHERE " + where, 1);
            assertTrue(result.ok(), () -> where + ": " + result.errors());
        }
    }

    /** Fuzz case 5777198142885100033: DECIMAL(100, 200) failed an assertion in Calcite's type derivation. */
    @Test
    void aDecimalWhoseScaleExceedsItsPrecisionIsRefusedWithItsPlace() {
        Diagnostic d = error(EVERY_TYPE + "SELECT CAST(price AS DECIMAL(100, 200)) - 1 AS d FROM src");
        assertTrue(d.message().startsWith("DECIMAL(100, 200)"), d.message());
        assertTrue(d.message().contains("scale"), d.message());
        assertEquals(2, d.span().start().line());
        Diagnostic generated = error("CREATE TABLE other (price INT, g INT GENERATED ALWAYS AS "
                + "(CAST(CAST(price AS FLOAT) AS DECIMAL(100, 200)) - price)) WITH (connector = 'single_file', "
                + "path = '/data/in.json', format = 'json', type = 'source');\nSELECT g FROM other");
        assertTrue(generated.message().startsWith("DECIMAL(100, 200)"), generated.message());
        assertEquals(1, generated.span().start().line());
        Diagnostic column = error("CREATE TABLE other (price DECIMAL(5, 9)) WITH (connector = 'single_file', "
                + "path = '/data/in.json', format = 'json', type = 'source');\nSELECT price FROM other");
        assertTrue(column.message().startsWith("DECIMAL(5, 9)"), column.message());
    }

    /** Fuzz case 6580441647726064680: an aggregate's condition simplified into a nested OR failed Calcite's check. */
    @Test
    void anAggregatesConditionThatSimplifiesIntoNestedOrsPlans() {
        String select = "SELECT session(interval '1 second') AS window, name AS k, count(*) AS n FROM src "
                + "WHERE price <= price OR flag GROUP BY window, k";
        PlanResult result = planner.plan(EVERY_TYPE + select + " UNION ALL " + select, 1);
        assertTrue(result.ok(), () -> result.errors().toString());
        PlanResult alone = planner.plan(EVERY_TYPE + select, 1);
        assertTrue(alone.ok(), () -> alone.errors().toString());
    }

    /**
     * Fuzz case -5391040493050498849: a chain of operators in an aggregate's FILTER, deep enough to
     * overflow the default stack in Calcite's conversion (not in its validation), where Calcite's
     * reflective conversion wraps the overflow in a RuntimeException that reached the user.
     */
    @Test
    void aChainTooDeepInsideAnAggregateFilterIsAnErrorNotAnInternalOne() throws Exception {
        PlanResult result = planOnStack("CREATE TABLE accounts (id BIGINT NOT NULL, owner TEXT, balance BIGINT, "
                + "PRIMARY KEY (id)) WITH (connector = 'single_file', path = '/data/in.json', "
                + "format = 'debezium_json', type = 'source');\n"
                + "SELECT owner, count(*) FILTER (WHERE balance > 1" + " * 2".repeat(531) + " = 30) AS big,"
                + " sum(balance) FILTER (WHERE balance >= 30) AS big_total,"
                + " count(DISTINCT balance) FILTER (WHERE balance < 50) AS small_balances,"
                + " array_agg(id ORDER BY balance DESC, id) AS ids_by_balance,"
                + " string_agg(CAST(id AS TEXT), ',' ORDER BY id) FILTER (WHERE balance > 0) AS paying"
                + " FROM accounts GROUP BY owner;", 0);
        assertNull(SqlFuzzTest.check(result), () -> SqlFuzzTest.check(result));
        if (!result.ok()) {
            assertTrue(result.errors().get(0).message().contains("too deeply"), result.errors().toString());
        }
    }

    /** A thrown overflow found under the wrappers Calcite puts around it is the planner's "too deeply" error. */
    @Test
    void anOverflowWrappedByCalciteIsFound() {
        RuntimeException wrapped = new RuntimeException("while converting x",
                new java.lang.reflect.InvocationTargetException(new RuntimeException("while converting y",
                        new StackOverflowError())));
        assertTrue(Planning.overflowed(wrapped));
        // two wrappers per level of a 531-deep expression
        Throwable deep = new StackOverflowError();
        for (int i = 0; i < 531; i++) {
            deep = new RuntimeException("while converting", new java.lang.reflect.InvocationTargetException(deep));
        }
        assertTrue(Planning.overflowed(deep));
        assertFalse(Planning.overflowed(new RuntimeException("while converting x", new IllegalStateException())));
    }

    /**
     * Random exploration, case -5937495093380012231: a BOOLEAN compared with a numeric column made
     * Calcite's implicit cast of the boolean fail an assertion. DataFusion (so Arroyo) has no common
     * type for them either: it is an error at the comparison; a 1 or 0 literal stays a boolean.
     */
    @Test
    void aBooleanComparedWithANumericColumnIsAnErrorWhereItIs() {
        for (String condition : List.of("flag = price", "NOT flag = price", "price = flag", "flag <> id")) {
            Diagnostic d = error(EVERY_TYPE + "SELECT id FROM src WHERE " + condition);
            assertTrue(d.message().startsWith("Cannot apply"), condition + ": " + d.message());
            // at the comparison (NOT binds looser than =)
            assertEquals(new Diagnostic.Position(2, condition.startsWith("NOT ") ? 30 : 26), d.span().start(),
                    condition);
        }
        Diagnostic filter = error(EVERY_TYPE + "SELECT count(*) FILTER (WHERE NOT flag = price) AS y FROM src");
        assertEquals(2, filter.span().start().line());
        PlanResult literal = planner.plan(EVERY_TYPE + "SELECT id FROM src WHERE flag = 1 OR 0 = flag", 1);
        assertTrue(literal.ok(), () -> literal.errors().toString());
    }

    /**
     * Random exploration, case -5565548295126693994: Calcite typed text as ISO-8859-1, and a literal
     * outside it failed as it was converted. Arroyo's strings are UTF-8: any Unicode literal plans.
     */
    @Test
    void aStringLiteralOutsideLatin1Plans() {
        for (String expression : List.of("'ꦒ'", "CASE WHEN counter > 1 THEN 'high' ELSE 'm\u202eꦒid' END",
                "coalesce(CAST(counter AS TEXT), '日本')", "'a' || '😀' || 'é'")) {
            PlanResult result = planner.plan(IMPULSE + "SELECT counter, " + expression + " AS s FROM impulse "
                    + "WHERE CAST(counter AS TEXT) <> 'ꦒ'", 1);
            assertTrue(result.ok(), () -> expression + ": " + result.errors());
        }
    }

    /** Random exploration, case 1488070297809786986: EXISTS without a subquery failed Calcite's assertion. */
    @Test
    void existsIsRefusedWithItsPlace() {
        Diagnostic d = error(IMPULSE + "SELECT counter, EXISTS + counter AS score FROM impulse");
        assertTrue(d.message().startsWith("EXISTS"), d.message());
        assertEquals(new Diagnostic.Position(2, 17), d.span().start());
        Diagnostic having = error(IMPULSE + "SELECT subtask_index, count(*) AS n FROM impulse GROUP BY subtask_index "
                + "HAVING EXISTS (SELECT counter FROM impulse)");
        assertTrue(having.message().startsWith("EXISTS"), having.message());
    }

    /** Random exploration, case -1125190351812494091: a precision beyond an int named Java's Integer class. */
    @Test
    void aTypeArgumentTooLargeIsASyntaxErrorWithoutJavaNames() {
        Diagnostic d = error(IMPULSE + "SELECT CAST(counter AS DECIMAL(" + "9".repeat(60) + ", 2)) AS d FROM impulse");
        assertTrue(d.message().startsWith("Syntax error: Literal '999"), d.message());
        assertTrue(d.message().contains("is too large: at most 2147483647"), d.message());
        assertEquals(2, d.span().start().line());
    }
}
