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
        CompletableFuture<Object> answer = new CompletableFuture<>();
        Thread t = new Thread(null, () -> {
            try {
                answer.complete(planner.plan(sql, 1));
            } catch (Throwable e) {
                answer.complete(e);
            }
        }, "small-stack", 256 * 1024);
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
}
