package org.wadi.sql.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.wadi.spi.connector.Connector;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.connector.ConnectorMetadata;
import org.wadi.spi.connector.ConnectorTable;
import org.wadi.spi.connector.Options;
import org.wadi.spi.connector.TableRequest;
import org.wadi.spi.connector.TableRole;
import org.wadi.spi.plan.PlanNode;
import org.wadi.spi.plan.SinkOperator;
import org.wadi.sql.PlanResult;

/**
 * {@code CREATE TABLE … PARTITIONED BY (…) WITH (…)}, Arroyo's way of partitioning an iceberg
 * sink: the clause reaches the connector as its {@code partitioning.fields} option.
 */
class PartitionedByTest {

    /** A sink that takes {@code partitioning.fields} and keeps it in the table's options. */
    static final class PartitionedSink implements Connector {
        @Override
        public ConnectorMetadata metadata() {
            return new ConnectorMetadata("lake", "lake", "", "lake for tests", false, true, false, true, false, false,
                    null, null);
        }

        @Override
        public ConnectorTable table(TableRequest request) throws ConnectorException {
            Options o = request.options();
            Map<String, String> options = new LinkedHashMap<>();
            o.optional("partitioning.fields").ifPresent(v -> options.put("partitioning.fields", v));
            o.checkAllKnown();
            return new ConnectorTable(request.name(), "lake", options, request.columns(), Set.of(TableRole.SINK), false);
        }
    }

    private final CalciteSqlPlanner planner = new CalciteSqlPlanner(ConnectorLookup.of(Map.of(
            "impulse", new TestConnectors.Impulse(), "lake", new PartitionedSink())), TestConnectors.FILES);

    private static String sql(String partitioning, String with) {
        return "CREATE TABLE src WITH (connector = 'impulse', event_rate = '10');\n"
                + "CREATE TABLE out (id BIGINT UNSIGNED, ts TIMESTAMP, kind TEXT)" + partitioning
                + " WITH (connector = 'lake'" + with + ");\n"
                + "INSERT INTO out SELECT counter, _timestamp AS ts, CAST(subtask_index AS TEXT) FROM src;";
    }

    private String partitioningOf(String sql) {
        PlanResult result = planner.plan(sql, 1);
        assertTrue(result.ok(), () -> "expected a plan, got " + result.errors());
        return result.plan().nodes().stream().map(PlanNode::operator).filter(SinkOperator.class::isInstance)
                .map(op -> ((SinkOperator) op).table().options().get("partitioning.fields")).findFirst().orElseThrow();
    }

    private String error(String sql) {
        PlanResult result = planner.plan(sql, 1);
        assertFalse(result.ok(), "expected an error");
        return result.errors().get(0).message();
    }

    @Test
    void theClauseBecomesTheConnectorsPartitioningOption() {
        assertEquals("day(ts), bucket(id, 16), truncate(kind, 4), kind",
                partitioningOf(sql(" PARTITIONED BY (day(ts), BUCKET(Id, 16), truncate(kind, 4), kind)", "")));
        assertEquals("year(ts), month(ts), hour(ts)",
                partitioningOf(sql(" PARTITIONED BY (year(ts), month(ts), hour(ts))", "")));
    }

    @Test
    void theOptionAloneStillWorks() {
        assertEquals("kind", partitioningOf(sql("", ", partitioning.fields = 'kind'")));
    }

    @Test
    void partitioningTwiceOrByAnExpressionIsRefusedWithWhy() {
        String twice = error(sql(" PARTITIONED BY (kind)", ", partitioning.fields = 'kind'"));
        assertTrue(twice.contains("partitioned twice"), twice);
        String expression = error(sql(" PARTITIONED BY (id + 1)", ""));
        assertTrue(expression.contains("PARTITIONED BY takes columns and partition transforms"), expression);
    }

    @Test
    void partitionedStaysUsableAsAColumnName() {
        PlanResult result = planner.plan("CREATE TABLE src WITH (connector = 'impulse', event_rate = '10');\n"
                + "CREATE TABLE out (partitioned BIGINT UNSIGNED) WITH (connector = 'lake');\n"
                + "INSERT INTO out SELECT counter AS partitioned FROM src;", 1);
        assertTrue(result.ok(), () -> "expected a plan, got " + result.errors());
    }
}
