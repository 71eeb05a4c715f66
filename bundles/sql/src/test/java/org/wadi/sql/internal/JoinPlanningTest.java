package org.wadi.sql.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.wadi.spi.plan.DataflowPlan;
import org.wadi.spi.plan.EdgeKind;
import org.wadi.spi.plan.JoinKind;
import org.wadi.spi.plan.JoinOperator;
import org.wadi.spi.plan.JoinType;
import org.wadi.spi.plan.PlanCodec;
import org.wadi.spi.plan.PlanEdge;
import org.wadi.spi.plan.PlanNode;
import org.wadi.spi.plan.SinkOperator;
import org.wadi.spi.plan.UnionOperator;
import org.wadi.spi.plan.UnnestOperator;
import org.wadi.spi.plan.UpdatingAggregateOperator;
import org.wadi.sql.Diagnostic;
import org.wadi.sql.PlanResult;
import org.wadi.sql.SqlPlanner;

/** How joins, UNION ALL and updating results are planned, and what is refused with which message. */
class JoinPlanningTest {

    private static final String TABLES = """
            CREATE TABLE impulse WITH (connector = 'impulse', event_rate = '10');
            CREATE TABLE other WITH (connector = 'impulse', event_rate = '10');
            CREATE TABLE out (a BIGINT, b BIGINT) WITH (connector = 'single_file', path = '/data/out.json');
            """;

    private final SqlPlanner planner = new CalciteSqlPlanner(TestConnectors.lookup(), TestConnectors.FILES);

    private DataflowPlan plan(String sql) {
        PlanResult result = planner.plan(TABLES + sql, 2);
        assertTrue(result.ok(), () -> "expected a plan, got " + result.errors());
        assertEquals(result.plan(), PlanCodec.fromJson(PlanCodec.toJson(result.plan())));
        return result.plan();
    }

    private String error(String sql) {
        PlanResult result = planner.plan(TABLES + sql, 1);
        assertFalse(result.ok(), () -> "expected an error, got " + PlanCodec.toJson(result.plan()));
        Diagnostic d = result.errors().get(0);
        return d.message();
    }

    private static JoinOperator join(DataflowPlan plan) {
        List<JoinOperator> joins = plan.nodes().stream().map(PlanNode::operator)
                .filter(JoinOperator.class::isInstance).map(JoinOperator.class::cast).toList();
        assertEquals(1, joins.size());
        return joins.get(0);
    }

    @Test
    void anEquiJoinIsAnUpdatingJoinShuffledByItsKeysOnBothSides() {
        DataflowPlan plan = plan("SELECT a.counter AS x, b.counter AS y FROM impulse AS a JOIN other AS b "
                + "ON a.counter = b.subtask_index WHERE a.counter > 3");
        JoinOperator j = join(plan);
        assertEquals(JoinKind.UPDATING, j.kind());
        assertEquals(JoinType.INNER, j.type());
        assertFalse(j.updating(), "an inner join of append-only inputs appends");
        assertEquals(Planning.DEFAULT_UPDATING_TTL_NANOS, j.ttlNanos());
        String id = plan.nodes().stream().filter(n -> n.operator() == j).findFirst().orElseThrow().id();
        List<PlanEdge> in = plan.inputs(id);
        assertEquals(2, in.size());
        assertTrue(in.stream().allMatch(e -> e.kind() == EdgeKind.SHUFFLE));
        assertEquals(j.leftKeys(), in.get(0).keys());
        assertEquals(j.rightKeys(), in.get(1).keys());
        // the side's own filter runs before the join, not as its condition
        assertNull(j.condition());
    }

    @Test
    void outerJoinsAreUpdatingAndTheirSinkIsTold() {
        DataflowPlan plan = plan("SELECT a.counter AS x, b.counter AS y FROM impulse AS a LEFT JOIN other AS b "
                + "ON a.counter = b.counter");
        JoinOperator j = join(plan);
        assertEquals(JoinType.LEFT, j.type());
        assertTrue(j.updating());
        assertTrue(j.output().field(j.output().size() - 3).nullable() || j.output().size() > 3);
        SinkOperator sink = (SinkOperator) plan.nodes().stream().map(PlanNode::operator)
                .filter(SinkOperator.class::isInstance).findFirst().orElseThrow();
        assertTrue(sink.updating());
    }

    @Test
    void aNonEquiConditionIsTheJoinsCondition() {
        JoinOperator j = join(plan("SELECT a.counter AS x, b.counter AS y FROM impulse AS a JOIN other AS b "
                + "ON a.counter = b.counter AND a.subtask_index < b.subtask_index"));
        assertNotNull(j.condition());
    }

    @Test
    void commaJoinsTakeTheirKeysFromWhere() {
        JoinOperator j = join(plan("SELECT a.counter AS x, b.counter AS y FROM impulse AS a, other AS b "
                + "WHERE a.counter = b.counter AND b._timestamp BETWEEN a._timestamp AND a._timestamp + "
                + "INTERVAL '10' SECOND"));
        assertEquals(JoinKind.INTERVAL, j.kind());
        assertEquals(0, j.lowerNanos());
        assertEquals(10_000_000_000L, j.upperNanos());
        assertEquals(1, j.leftKeys().size());
    }

    @Test
    void intervalBoundsInEitherDirection() {
        JoinOperator j = join(plan("SELECT a.counter AS x, b.counter AS y FROM impulse AS a JOIN other AS b "
                + "ON a.counter = b.counter AND a._timestamp > b._timestamp - INTERVAL '2' SECOND "
                + "AND a._timestamp <= b._timestamp + INTERVAL '1' SECOND"));
        // right - left < 2 s and right - left >= -1 s
        assertEquals(JoinKind.INTERVAL, j.kind());
        assertEquals(-1_000_000_000L, j.lowerNanos());
        assertEquals(2_000_000_000L - 1, j.upperNanos());
    }

    @Test
    void windowJoinWhenBothSidesAreTheSameWindowAndTheWindowsAreKeys() {
        DataflowPlan plan = plan("""
                SELECT a.n AS a, b.n AS b FROM
                  (SELECT tumble(interval '1 second') AS window, counter, count(*) AS n FROM impulse GROUP BY 1, 2) AS a
                JOIN
                  (SELECT tumble(interval '1 second') AS window, counter, count(*) AS n FROM other GROUP BY 1, 2) AS b
                ON a.window = b.window AND a.counter = b.counter
                """);
        JoinOperator j = join(plan);
        assertEquals(JoinKind.WINDOW, j.kind());
        assertEquals(2, j.leftKeys().size());
        assertFalse(j.updating());
        // different windows make an updating join instead
        JoinOperator other = join(plan("""
                SELECT a.n AS a, b.n AS b FROM
                  (SELECT tumble(interval '1 second') AS window, counter, count(*) AS n FROM impulse GROUP BY 1, 2) AS a
                JOIN
                  (SELECT tumble(interval '2 second') AS window, counter, count(*) AS n FROM other GROUP BY 1, 2) AS b
                ON a.counter = b.counter
                """));
        assertEquals(JoinKind.UPDATING, other.kind());
    }

    @Test
    void updatingTtlIsSetBySet() {
        JoinOperator j = join(plan("SET updating_ttl = interval '1' hour;\n"
                + "SELECT a.counter AS x, b.counter AS y FROM impulse AS a JOIN other AS b ON a.counter = b.counter"));
        assertEquals(3_600_000_000_000L, j.ttlNanos());
        assertTrue(error("SET updating_ttl = 5;\nSELECT counter FROM impulse").startsWith(
                "updating_ttl must be a positive interval"));
        assertTrue(error("SET parallelism = 5;\nSELECT counter FROM impulse").startsWith("Unknown setting 'parallelism'"));
    }

    @Test
    void unionAllIsOneUnionNode() {
        DataflowPlan plan = plan("SELECT counter FROM impulse UNION ALL SELECT counter FROM other");
        assertEquals(1, plan.nodes().stream().filter(n -> n.operator() instanceof UnionOperator).count());
    }

    @Test
    void unnestIsASelectItemOfItsOwn() {
        DataflowPlan plan = plan("SELECT unnest(make_array(counter, subtask_index)) AS x FROM impulse");
        assertEquals(1, plan.nodes().stream().filter(n -> n.operator() instanceof UnnestOperator).count());
        // an expression over unnest(…): the unnest operator, then a calc computing the expression per element
        DataflowPlan over = plan("SELECT unnest(make_array(counter)) + 1 AS x FROM impulse");
        assertEquals(1, over.nodes().stream().filter(n -> n.operator() instanceof UnnestOperator).count());
        assertEquals(1, over.nodes().stream().filter(n -> n.description().equals("project over unnest")).count());
        assertEquals("unnest(…) cannot be nested in another unnest(…)",
                error("SELECT unnest(unnest(make_array(make_array(counter)))) AS x FROM impulse"));
        assertEquals("only one unnest(…) per SELECT is supported",
                error("SELECT unnest(make_array(counter)) AS x, unnest(make_array(counter)) AS y FROM impulse"));
    }

    @Test
    void anAggregateOverAJoinIsUpdating() {
        DataflowPlan plan = plan("SELECT a.counter AS a, count(*) AS b FROM impulse AS a "
                + "JOIN other AS o ON a.counter = o.counter GROUP BY a.counter");
        assertEquals(1, plan.nodes().stream().filter(n -> n.operator() instanceof UpdatingAggregateOperator).count());
    }

    @Test
    void refusedWithReasons() {
        assertTrue(error("SELECT a.counter AS x FROM impulse AS a JOIN other AS b ON a.counter < b.counter")
                .startsWith("a join needs an equality between its two sides"));
        assertTrue(error("SELECT x FROM (SELECT counter AS x FROM impulse) JOIN other AS b ON x = b.counter")
                .contains("a subquery in a join needs a name"));
    }

    @Test
    void updatingResultsIntoAPlainJsonTableAreRefusedNamingDebezium() {
        assertEquals("INSERT INTO out: the query produces updating results (an aggregate without a window, or an "
                + "outer or updating join), which format 'json' cannot express; write them into a table with "
                + "format = 'debezium_json'",
                error("INSERT INTO out SELECT counter AS a, count(*) AS b FROM impulse GROUP BY counter;"));
        DataflowPlan plan = plan("""
                CREATE TABLE changes (a BIGINT, b BIGINT) WITH (connector = 'single_file', path = '/data/c.json',
                    format = 'debezium_json');
                INSERT INTO changes SELECT counter AS a, count(*) AS b FROM impulse GROUP BY counter;
                """);
        assertTrue(plan.nodes().stream().map(PlanNode::operator).filter(SinkOperator.class::isInstance)
                .map(SinkOperator.class::cast).allMatch(SinkOperator::updating));
    }
}
