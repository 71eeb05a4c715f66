package org.wadi.api.internal;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * The body of {@code GET /api/v1/bundles}.
 *
 * @param data the bundles, by symbolic name
 * @param uploadEnabled whether {@code POST /api/v1/bundles} is allowed ({@code api.bundle_upload})
 */
@Schema(name = "InstalledBundleCollection")
public record InstalledBundleCollection(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) List<InstalledBundle> data,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) boolean uploadEnabled) {
}
