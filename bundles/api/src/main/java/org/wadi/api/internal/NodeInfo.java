package org.wadi.api.internal;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * A machine that runs workers, as the controller knows it today: the server itself with the
 * schedulers installed in it (there is no node scheduler yet).
 *
 * @param id the node's id ({@code server})
 * @param host the host name
 * @param schedulers the names of the schedulers installed ({@code process}, {@code embedded})
 * @param workers how many workers of jobs that have not ended run there
 * @param alive how many of those are alive
 */
@Schema(name = "NodeInfo")
public record NodeInfo(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String id,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String host,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) List<String> schedulers,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) int workers,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) int alive) {
}
