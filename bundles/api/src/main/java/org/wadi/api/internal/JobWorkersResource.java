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
import javax.ws.rs.core.MediaType;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.wadi.api.service.JobService;
import org.wadi.api.service.JobWorkerCollection;

/**
 * {@code GET /api/v1/pipelines/{id}/jobs/{job_id}/workers}: the job's workers as this server's
 * schedulers know them — where each runs (its process and pid for the {@code process} scheduler)
 * and whether it is alive. Beyond Arroyo's API: what an operator needs to find a job's processes.
 */
@Component(service = {JobWorkersResource.class, ApiPart.class})
@ApiResource
@JSONRequired
@JaxrsApplicationSelect(ApiApplication.SELECT)
@Path("pipelines/{id}/jobs/{job_id}/workers")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "jobs")
public class JobWorkersResource implements ApiPart {

    private final JobService service;

    @Activate
    public JobWorkersResource(@Reference JobService service) {
        this.service = service;
    }

    @GET
    @Operation(operationId = "get_job_workers", summary = "List a job's workers",
            responses = {
                @ApiResponse(responseCode = "200", description = "Got the job's workers",
                        content = @Content(schema = @Schema(implementation = JobWorkerCollection.class))),
                @ApiResponse(responseCode = "404", description = "No such pipeline or job",
                        content = @Content(schema = @Schema(implementation = ErrorBody.class)))})
    public JobWorkerCollection workers(@Parameter(description = "Pipeline id") @PathParam("id") String id,
            @Parameter(description = "Job id") @PathParam("job_id") String jobId) {
        return new JobWorkerCollection(service.workers(id, jobId));
    }
}
