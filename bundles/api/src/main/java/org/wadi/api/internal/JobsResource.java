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
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.wadi.api.service.JobCollection;
import org.wadi.api.service.JobService;

/** {@code GET /api/v1/jobs}: every job of every pipeline, as Arroyo lists them. */
@Component(service = {JobsResource.class, ApiPart.class})
@ApiResource
@JSONRequired
@JaxrsApplicationSelect(ApiApplication.SELECT)
@Path("jobs")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "jobs")
public class JobsResource implements ApiPart {

    private final JobService service;

    @Activate
    public JobsResource(@Reference JobService service) {
        this.service = service;
    }

    @GET
    @Operation(operationId = "get_jobs", summary = "Get all jobs",
            description = "Every job of every pipeline, newest first.",
            responses = @ApiResponse(responseCode = "200", description = "Got all jobs",
                    content = @Content(schema = @Schema(implementation = JobCollection.class))))
    public JobCollection jobs() {
        return new JobCollection(service.allJobs());
    }
}
