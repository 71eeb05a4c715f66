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
import org.wadi.api.service.CheckpointCollection;
import org.wadi.api.service.JobService;
import org.wadi.api.service.OperatorCheckpointGroupCollection;

/**
 * {@code GET /api/v1/pipelines/{id}/jobs/{job_id}/checkpoints} and
 * {@code …/checkpoints/{epoch}/operator_checkpoint_groups}: a job's checkpoints and what each
 * operator and subtask stored for one of them, as Arroyo shows them.
 */
@Component(service = {JobCheckpointsResource.class, ApiPart.class})
@ApiResource
@JSONRequired
@JaxrsApplicationSelect(ApiApplication.SELECT)
@Path("pipelines/{id}/jobs/{job_id}/checkpoints")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "jobs")
public class JobCheckpointsResource implements ApiPart {

    private final JobService service;

    @Activate
    public JobCheckpointsResource(@Reference JobService service) {
        this.service = service;
    }

    @GET
    @Operation(operationId = "get_job_checkpoints", summary = "List a job's checkpoints",
            description = "The checkpoints still recorded (retention forgets old ones), oldest first.",
            responses = {
                @ApiResponse(responseCode = "200", description = "Got job's checkpoints",
                        content = @Content(schema = @Schema(implementation = CheckpointCollection.class))),
                @ApiResponse(responseCode = "404", description = "No such pipeline or job",
                        content = @Content(schema = @Schema(implementation = ErrorBody.class)))})
    public CheckpointCollection checkpoints(@Parameter(description = "Pipeline id") @PathParam("id") String id,
            @Parameter(description = "Job id") @PathParam("job_id") String jobId) {
        return new CheckpointCollection(service.checkpoints(id, jobId));
    }

    @GET
    @Path("{epoch}/operator_checkpoint_groups")
    @Operation(operationId = "get_checkpoint_details", summary = "Get a checkpoint's details",
            description = "Per operator: the bytes it stored and when; per subtask: bytes and phases.",
            responses = {
                @ApiResponse(responseCode = "200", description = "Got checkpoint's details",
                        content = @Content(schema = @Schema(implementation = OperatorCheckpointGroupCollection.class))),
                @ApiResponse(responseCode = "400", description = "The epoch is not a whole number",
                        content = @Content(schema = @Schema(implementation = ErrorBody.class))),
                @ApiResponse(responseCode = "404", description = "No such pipeline, job or checkpoint",
                        content = @Content(schema = @Schema(implementation = ErrorBody.class)))})
    public OperatorCheckpointGroupCollection details(@Parameter(description = "Pipeline id") @PathParam("id") String id,
            @Parameter(description = "Job id") @PathParam("job_id") String jobId,
            @Parameter(description = "Epoch", schema = @Schema(type = "integer", format = "int64"))
            @PathParam("epoch") String epoch) {
        return new OperatorCheckpointGroupCollection(service.operatorCheckpointGroups(id, jobId, epoch));
    }
}
