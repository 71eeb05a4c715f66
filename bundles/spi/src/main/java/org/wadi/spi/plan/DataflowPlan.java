package org.wadi.spi.plan;

import java.util.List;
import java.util.Optional;

/**
 * The dataflow graph of a pipeline: what the SQL planner produces, what the database stores with
 * the pipeline and what every worker receives. Nodes are logical operators, each run as
 * {@code parallelism} subtasks; the runtime chains operators joined by a FORWARD edge of equal
 * parallelism into one task. Serialised as JSON by {@link PlanCodec}.
 *
 * @param nodes the operators, sources first (a topological order)
 * @param edges the data flows between them
 */
public record DataflowPlan(List<PlanNode> nodes, List<PlanEdge> edges) {

    public DataflowPlan {
        nodes = List.copyOf(nodes);
        edges = List.copyOf(edges);
    }

    public Optional<PlanNode> node(String id) {
        return nodes.stream().filter(n -> n.id().equals(id)).findFirst();
    }

    /** The edges that end at {@code nodeId}, in input order. */
    public List<PlanEdge> inputs(String nodeId) {
        return edges.stream().filter(e -> e.target().equals(nodeId)).toList();
    }

    /** The edges that start at {@code nodeId}. */
    public List<PlanEdge> outputs(String nodeId) {
        return edges.stream().filter(e -> e.source().equals(nodeId)).toList();
    }

    /** The number of subtasks over all operators. */
    public int taskCount() {
        return nodes.stream().mapToInt(PlanNode::parallelism).sum();
    }
}
