package org.wadi.api.internal;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The body of a successful {@code POST /api/v1/bundles}.
 *
 * @param file the file written into {@code deploy/}
 * @param symbolicName the bundle's symbolic name, from its manifest
 * @param version the bundle's version, from its manifest
 */
@Schema(name = "BundleUpload")
public record BundleUpload(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String file,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String symbolicName,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String version) {
}
