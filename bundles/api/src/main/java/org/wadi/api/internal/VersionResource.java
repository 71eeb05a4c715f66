package org.wadi.api.internal;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;

/** {@code GET /api/v1/version}: the server's version and build, from the API bundle's manifest. */
@Component(service = {VersionResource.class, ApiPart.class})
@ApiResource
@JSONRequired
@JaxrsApplicationSelect(ApiApplication.SELECT)
@Path("version")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "version")
public class VersionResource implements ApiPart {

    private final ServerVersion version;

    @Activate
    public VersionResource(BundleContext context) {
        this(of(context.getBundle()));
    }

    VersionResource(ServerVersion version) {
        this.version = version;
    }

    @GET
    @Operation(operationId = "get_version", summary = "The server's version",
            description = "The version of the server and when its API bundle was built (ISO-8601, UTC).",
            responses = @ApiResponse(responseCode = "200", description = "Version and build",
                    content = @Content(schema = @Schema(implementation = ServerVersion.class))))
    public ServerVersion version() {
        return version;
    }

    /** The version of a bundle; its build is bnd's last-modified stamp, when the manifest has one. */
    static ServerVersion of(Bundle bundle) {
        String version = bundle.getVersion().toString();
        String stamp = bundle.getHeaders("").get("Bnd-LastModified");
        String build = "unknown";
        if (stamp != null) {
            try {
                build = Instant.ofEpochMilli(Long.parseLong(stamp.trim())).toString();
            } catch (NumberFormatException e) {
                build = stamp;
            }
        }
        return new ServerVersion(version, build);
    }
}
