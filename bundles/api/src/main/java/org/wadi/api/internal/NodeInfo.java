package org.wadi.api.internal;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * A machine that runs workers: the server itself, with the schedulers installed in it that start
 * workers on its machine, and each node a scheduler places workers on (the node scheduler's
 * registered nodes, {@code bin/wadi node}).
 *
 * @param id the node's id ({@code server} for the server itself)
 * @param host the host name
 * @param schedulers the names of the schedulers that run workers there ({@code process}, {@code embedded}, {@code node})
 * @param workers how many workers of jobs that have not ended run there
 * @param alive how many of those are alive
 * @param slots the slots a node offers (null for the server, whose schedulers have no fixed number)
 * @param freeSlots the slots no worker takes now (null for the server)
 */
@Schema(name = "NodeInfo")
public record NodeInfo(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String id,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String host,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) List<String> schedulers,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) int workers,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) int alive,
        @Schema(nullable = true) Integer slots,
        @Schema(nullable = true) Integer freeSlots) {
}
