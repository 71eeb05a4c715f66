package org.wadi.api.service;

import java.util.List;

/**
 * A pipeline's dataflow graph as the API shows it (Arroyo's {@code PipelineGraph}).
 *
 * @param nodes the operators
 * @param edges the data flows between them
 */
public record PipelineGraph(List<PipelineNode> nodes, List<PipelineEdge> edges) {

    public PipelineGraph {
        nodes = List.copyOf(nodes);
        edges = List.copyOf(edges);
    }

    /** The largest parallelism of any operator (0 for an empty graph). */
    public int maxParallelism() {
        return nodes.stream().mapToInt(PipelineNode::parallelism).max().orElse(0);
    }
}
