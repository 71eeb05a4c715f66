package org.wadi.sql.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.wadi.sql.PlanResult;

/**
 * What a streaming pipeline cannot do is refused with a message that says what and where; and the
 * constructs that are rewritten into others (SELECT DISTINCT, WITH) plan.
 */
class UnsupportedConstructsTest {

    static final String T = "CREATE TABLE impulse WITH (connector = 'impulse', event_rate = '10');\n";
    final CalciteSqlPlanner planner = new CalciteSqlPlanner(TestConnectors.lookup(), TestConnectors.FILES);

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of("ORDER BY", "SELECT counter FROM impulse ORDER BY counter",
                        "ORDER BY is not supported in streaming pipelines"),
                Arguments.of("LIMIT", "SELECT counter FROM impulse LIMIT 10",
                        "LIMIT is not supported in streaming pipelines"),
                Arguments.of("FETCH FIRST", "SELECT counter FROM impulse FETCH FIRST 10 ROWS ONLY",
                        "LIMIT is not supported in streaming pipelines"),
                Arguments.of("OFFSET", "SELECT counter FROM impulse OFFSET 10",
                        "OFFSET is not supported in streaming pipelines"),
                Arguments.of("UNION", "SELECT counter FROM impulse UNION SELECT counter FROM impulse",
                        "UNION without ALL (removing duplicates) is not supported yet; use UNION ALL"),
                Arguments.of("INTERSECT", "SELECT counter FROM impulse INTERSECT SELECT counter FROM impulse",
                        "INTERSECT is not supported yet"),
                Arguments.of("EXCEPT", "SELECT counter FROM impulse EXCEPT SELECT counter FROM impulse",
                        "EXCEPT is not supported yet"),
                Arguments.of("VALUES", "INSERT INTO out VALUES (1)", "VALUES is not supported yet"),
                Arguments.of("SELECT without FROM", "SELECT 1", "a SELECT without FROM is not supported yet"),
                Arguments.of("SELECT DISTINCT *", "SELECT DISTINCT * FROM impulse",
                        "SELECT DISTINCT * is not supported yet: list the columns"),
                Arguments.of("SELECT DISTINCT with GROUP BY",
                        "SELECT DISTINCT count(*) FROM impulse GROUP BY subtask_index",
                        "SELECT DISTINCT with GROUP BY is not supported yet"),
                Arguments.of("a WITH item's column list",
                        "WITH c (n) AS (SELECT counter FROM impulse) SELECT n FROM c",
                        "A column list after a WITH item's name (c(…)) is not supported yet"),
                Arguments.of("a window in FROM over a column that is not the event time",
                        "SELECT count(*) FROM TABLE(TUMBLE(TABLE impulse, DESCRIPTOR(counter), INTERVAL '1' SECOND))",
                        "windows follow the event time: 'counter' is not the event time of table 'impulse' (the time "
                                + "its rows are read); declare it with event_time_field = 'counter' or WATERMARK FOR "
                                + "counter, or use _timestamp"),
                Arguments.of("a window in FROM without an aggregate",
                        "SELECT * FROM TABLE(TUMBLE(TABLE impulse, DESCRIPTOR(_timestamp), INTERVAL '1' SECOND))",
                        "TUMBLE in FROM is supported for aggregates over its windows"),
                Arguments.of("another table function in FROM", "SELECT * FROM TABLE(ramp(3))",
                        "table functions (such as windows in FROM) are not supported yet"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void isRefusedWithItsReason(String what, String query, String message) {
        PlanResult result = planner.plan(T + "CREATE TABLE out (n BIGINT) WITH (connector = 'blackhole');\n" + query,
                1);
        assertFalse(result.ok(), () -> what + " planned");
        assertTrue(result.errors().get(0).message().startsWith(message), () -> what + ": "
                + result.errors().get(0).message());
        assertTrue(result.errors().get(0).span() != null, () -> what + ": the error says where");
    }

    @Test
    void selectDistinctIsAnUpdatingAggregateOfItsColumns() {
        PlanResult result = planner.plan(T + "SELECT DISTINCT subtask_index, counter % 2 AS parity FROM impulse;", 1);
        assertTrue(result.ok(), () -> result.errors().toString());
        assertTrue(result.plan().nodes().stream().anyMatch(n -> n.operator().name().contains("updating")),
                () -> result.plan().nodes().stream().map(n -> n.operator().name()).toList().toString());
    }

    @Test
    void withItemsAreReadAsViewsOfTheQuery() {
        PlanResult result = planner.plan(T + """
                WITH evens AS (SELECT counter FROM impulse WHERE counter % 2 = 0),
                     big AS (SELECT counter FROM evens WHERE counter > 10)
                SELECT counter FROM big;
                """, 1);
        assertTrue(result.ok(), () -> result.errors().toString());
        // the names are the query's own: later statements do not see them
        PlanResult after = planner.plan(T + """
                WITH evens AS (SELECT counter FROM impulse WHERE counter % 2 = 0) SELECT counter FROM evens;
                SELECT counter FROM evens;
                """, 1);
        assertFalse(after.ok());
        assertEquals("Table 'evens' not found", after.errors().get(0).message().replaceAll("\\..*", ""),
                after.errors().toString());
    }
}
