package org.wadi.api.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.wadi.spi.connector.ConnectorTable;
import org.wadi.spi.connector.TableRole;
import org.wadi.spi.plan.DataflowPlan;
import org.wadi.spi.plan.EdgeKind;
import org.wadi.spi.plan.PlanEdge;
import org.wadi.spi.plan.PlanNode;
import org.wadi.spi.plan.SinkOperator;
import org.wadi.spi.plan.SourceOperator;
import org.wadi.spi.types.DataType;
import org.wadi.spi.types.Field;
import org.wadi.spi.types.Schema;
import org.wadi.sql.Diagnostic;
import org.wadi.sql.PlanResult;
import org.wadi.sql.SqlPlanner;

/**
 * A planner for tests: a query containing {@code BROKEN} fails with a diagnostic at line 2, column
 * 8; any other becomes a source → sink plan keyed by {@code user}.
 */
final class FakePlanner implements SqlPlanner {

    final List<String> planned = new ArrayList<>();

    static final Schema ROWS = new Schema(List.of(
            Field.of("user", DataType.UTF8),
            new Field("n", DataType.INT64, false),
            new Field(Schema.TIMESTAMP_FIELD, DataType.TIMESTAMP, false)));

    @Override
    public synchronized PlanResult plan(String query, int parallelism) {
        planned.add(query);
        if (query.contains("BROKEN")) {
            return new PlanResult(null, List.of(new Diagnostic("Object 'broken' not found",
                    new Diagnostic.Span(new Diagnostic.Position(2, 8), new Diagnostic.Position(2, 13)))));
        }
        return new PlanResult(plan(parallelism), List.of());
    }

    static DataflowPlan plan(int parallelism) {
        Schema visible = ROWS.visible();
        ConnectorTable in = new ConnectorTable("events", "impulse", Map.of("event_rate", "10"), visible,
                Set.of(TableRole.SOURCE), false);
        ConnectorTable out = new ConnectorTable("out", "blackhole", Map.of(), visible, Set.of(TableRole.SINK), false);
        return new DataflowPlan(
                List.of(new PlanNode("source_1", "read events", parallelism, new SourceOperator(in)),
                        new PlanNode("sink_2", "write out", parallelism, new SinkOperator(out))),
                List.of(new PlanEdge("source_1", "sink_2", EdgeKind.SHUFFLE, List.of(0), ROWS)));
    }
}
