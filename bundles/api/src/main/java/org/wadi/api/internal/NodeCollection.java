package org.wadi.api.internal;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * The body of {@code GET /api/v1/nodes}.
 *
 * @param nodes the nodes
 * @param workers the workers of the jobs that have not ended, on all nodes
 */
@Schema(name = "NodeCollection")
public record NodeCollection(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) List<NodeInfo> nodes,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) List<WorkerInfo> workers) {
}
