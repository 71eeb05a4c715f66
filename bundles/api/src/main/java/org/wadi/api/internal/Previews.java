package org.wadi.api.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.wadi.spi.connector.ConnectorTable;
import org.wadi.spi.connector.TableRole;
import org.wadi.spi.plan.DataflowPlan;
import org.wadi.spi.plan.PlanNode;
import org.wadi.spi.plan.SinkOperator;

/**
 * Preview pipelines, as Arroyo makes them: parallelism 1, every sink replaced by the {@code preview}
 * connector's sink (unless the request enables sinks), and a time to live after which the
 * controller stops them, so that a preview left open in a browser never runs for long.
 */
final class Previews {

    /** The name every preview pipeline gets (Arroyo's). */
    static final String NAME = "preview";
    /** How long a preview runs, counted from its creation (Arroyo's preview TTL). */
    static final Duration TTL = Duration.ofSeconds(60);
    static final String PREVIEW_CONNECTOR = "preview";

    private Previews() {
    }

    /**
     * The plan with each sink writing to the preview sink instead: same columns, same changelog
     * kind, the table's name kept so that the output says which sink a row was meant for.
     */
    static DataflowPlan withPreviewSinks(DataflowPlan plan) {
        List<PlanNode> nodes = new ArrayList<>(plan.nodes().size());
        for (PlanNode n : plan.nodes()) {
            if (n.operator() instanceof SinkOperator sink && !PREVIEW_CONNECTOR.equals(sink.table().connector())) {
                ConnectorTable t = sink.table();
                ConnectorTable preview = new ConnectorTable(t.name(), PREVIEW_CONNECTOR, Map.of(), t.schema(),
                        Set.of(TableRole.SINK), false);
                nodes.add(new PlanNode(n.id(), "preview sink (instead of " + t.connector() + ")", n.parallelism(),
                        new SinkOperator(preview, sink.updating())));
            } else {
                nodes.add(n);
            }
        }
        return new DataflowPlan(nodes, plan.edges());
    }
}
