package org.wadi.api.internal;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.wadi.api.service.PipelineService;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;

/**
 * {@code GET /api/v1/ping}: the JSON string {@code "Pong"}, as Arroyo answers. It is registered only
 * while the pipeline service (and so the store and the planner) and every other resource of the API
 * are there, so a ping that answers means the whole API is usable — launchers and health checks can
 * rely on it.
 */
// registered last: after the pipeline service (the store and the planner) and every other resource,
// so that its arrival is the application's last rebuild on the JAX-RS whiteboard
@Component(service = {PingResource.class, ApiPart.class}, reference = {
        @Reference(name = "pipelines", service = PipelineService.class),
        @Reference(name = "pipelinesResource", service = PipelinesResource.class, target = ApiPart.RESOURCE),
        @Reference(name = "jobsResource", service = JobsResource.class, target = ApiPart.RESOURCE),
        @Reference(name = "checkpointsResource", service = JobCheckpointsResource.class, target = ApiPart.RESOURCE),
        @Reference(name = "errorsResource", service = JobErrorsResource.class, target = ApiPart.RESOURCE),
        @Reference(name = "outputResource", service = JobOutputResource.class, target = ApiPart.RESOURCE),
        @Reference(name = "openApiResource", service = OpenApiResource.class, target = ApiPart.RESOURCE),
        @Reference(name = "udfsResource", service = UdfsResource.class, target = ApiPart.RESOURCE),
        @Reference(name = "workersResource", service = JobWorkersResource.class, target = ApiPart.RESOURCE),
        @Reference(name = "metricGroupsResource", service = JobOperatorMetricGroupsResource.class, target = ApiPart.RESOURCE),
        @Reference(name = "versionResource", service = VersionResource.class, target = ApiPart.RESOURCE),
        @Reference(name = "nodesResource", service = NodesResource.class, target = ApiPart.RESOURCE),
        @Reference(name = "bundlesResource", service = BundlesResource.class, target = ApiPart.RESOURCE),
        @Reference(name = "connectorsResource", service = ConnectorsResource.class, target = ApiPart.RESOURCE),
        @Reference(name = "profilesResource", service = ConnectionProfilesResource.class, target = ApiPart.RESOURCE),
        @Reference(name = "tablesResource", service = ConnectionTablesResource.class, target = ApiPart.RESOURCE)})
@ApiResource
@JaxrsApplicationSelect(ApiApplication.SELECT)
@Path("ping")
@Tag(name = "ping")
public class PingResource implements ApiPart {

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "ping", summary = "Ping endpoint",
            responses = @ApiResponse(responseCode = "200", description = "The JSON string \"Pong\"",
                    content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = "string"))))
    public String ping() {
        // already JSON: a String entity is written as is, not through the JSON provider
        return "\"Pong\"";
    }
}
