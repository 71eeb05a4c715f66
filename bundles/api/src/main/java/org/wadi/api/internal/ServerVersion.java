package org.wadi.api.internal;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The body of {@code GET /api/v1/version}.
 *
 * @param version the server's version ({@code 0.1.0.SNAPSHOT})
 * @param build when it was built (ISO-8601) or {@code unknown}
 */
@Schema(name = "ServerVersion")
public record ServerVersion(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String version,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String build) {
}
