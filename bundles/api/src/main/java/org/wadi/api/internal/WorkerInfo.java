package org.wadi.api.internal;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A worker a scheduler runs for a job.
 *
 * @param node the node it runs on
 * @param scheduler the scheduler that started it
 * @param workerId its id
 * @param jobId its job
 * @param runId its run of the job
 * @param alive whether it is still running
 * @param description where it runs ({@code pid 1234})
 */
@Schema(name = "WorkerInfo")
public record WorkerInfo(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String node,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String scheduler,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String workerId,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String jobId,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) long runId,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) boolean alive,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String description) {
}
