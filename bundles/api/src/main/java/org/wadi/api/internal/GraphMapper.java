package org.wadi.api.internal;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.wadi.api.service.PipelineEdge;
import org.wadi.api.service.PipelineGraph;
import org.wadi.api.service.PipelineNode;
import org.wadi.spi.plan.DataflowPlan;
import org.wadi.spi.plan.EdgeKind;
import org.wadi.spi.plan.PlanEdge;
import org.wadi.spi.plan.PlanNode;
import org.wadi.spi.types.Field;
import org.wadi.spi.types.Schema;

/** The API's view of a dataflow plan: Arroyo's graph of nodes and typed edges. */
final class GraphMapper {

    private GraphMapper() {
    }

    static PipelineGraph graph(DataflowPlan plan) {
        List<PipelineNode> nodes = plan.nodes().stream().map(GraphMapper::node).toList();
        List<PipelineEdge> edges = plan.edges().stream().map(GraphMapper::edge).toList();
        return new PipelineGraph(nodes, edges);
    }

    private static PipelineNode node(PlanNode n) {
        String description = n.description() == null ? n.operator().name() : n.description();
        return new PipelineNode(n.id(), n.operator().name(), description, n.parallelism());
    }

    private static PipelineEdge edge(PlanEdge e) {
        Schema schema = e.schema() == null ? new Schema(List.of()) : e.schema();
        List<Field> visible = schema.visible().fields();
        List<Field> keys = e.keys().stream()
                .filter(i -> i >= 0 && i < schema.size())
                .map(schema::field)
                .toList();
        return new PipelineEdge(e.source(), e.target(), columns(keys), columns(visible), edgeType(e.kind()));
    }

    /** Columns as text, e.g. {@code (user TEXT, n BIGINT NOT NULL)}; {@code ()} for none (unkeyed). */
    static String columns(List<Field> fields) {
        return fields.stream().map(Field::toString).collect(Collectors.joining(", ", "(", ")"));
    }

    /** Arroyo's spelling: {@code Forward}, {@code Shuffle}, … */
    static String edgeType(EdgeKind kind) {
        String name = kind.name().toLowerCase(Locale.ROOT);
        return Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }
}
