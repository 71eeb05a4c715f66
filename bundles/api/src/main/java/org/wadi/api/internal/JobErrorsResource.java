package org.wadi.api.internal;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.wadi.api.service.JobLogMessageCollection;
import org.wadi.api.service.JobService;

/**
 * {@code GET /api/v1/pipelines/{id}/jobs/{job_id}/errors}: a job's errors list — failed tasks,
 * restarts, failed checkpoints, the job's failure and what its workers reported at warn and above —
 * newest first, in pages as Arroyo's.
 */
@Component(service = {JobErrorsResource.class, ApiPart.class})
@ApiResource
@JSONRequired
@JaxrsApplicationSelect(ApiApplication.SELECT)
@Path("pipelines/{id}/jobs/{job_id}/errors")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "jobs")
public class JobErrorsResource implements ApiPart {

    private final JobService service;

    @Activate
    public JobErrorsResource(@Reference JobService service) {
        this.service = service;
    }

    @GET
    @Operation(operationId = "get_job_errors", summary = "List a job's error messages",
            responses = {
                @ApiResponse(responseCode = "200", description = "Got job's error messages",
                        content = @Content(schema = @Schema(implementation = JobLogMessageCollection.class))),
                @ApiResponse(responseCode = "400", description = "Invalid limit or starting_after",
                        content = @Content(schema = @Schema(implementation = ErrorBody.class))),
                @ApiResponse(responseCode = "404", description = "No such pipeline or job",
                        content = @Content(schema = @Schema(implementation = ErrorBody.class)))})
    public JobLogMessageCollection errors(@Parameter(description = "Pipeline id") @PathParam("id") String id,
            @Parameter(description = "Job id") @PathParam("job_id") String jobId,
            @Parameter(description = "Id of the last message of the previous page") @QueryParam("starting_after") String startingAfter,
            @Parameter(description = "Page size", schema = @Schema(type = "integer", format = "int32")) @QueryParam("limit") String limit) {
        return service.errors(id, jobId, startingAfter, QueryParams.integer("limit", limit));
    }
}
