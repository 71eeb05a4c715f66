package org.wadi.api.internal;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * A connector or function bundle installed in the server.
 *
 * @param id the framework's bundle id
 * @param symbolicName its symbolic name
 * @param name its human-readable name
 * @param version its version
 * @param state {@code Installed}, {@code Resolved}, {@code Starting}, {@code Active} or {@code Stopping}
 * @param connectors the connectors it registers
 * @param functions the SQL functions it registers
 * @param deployed whether it was dropped into {@code deploy/}
 */
@Schema(name = "InstalledBundle")
public record InstalledBundle(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) long id,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String symbolicName,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String name,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String version,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String state,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) List<String> connectors,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) List<String> functions,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) boolean deployed) {
}
