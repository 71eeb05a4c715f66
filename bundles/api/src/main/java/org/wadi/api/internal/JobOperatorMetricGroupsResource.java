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
import org.wadi.api.service.OperatorMetricGroupCollection;

/**
 * {@code GET /api/v1/pipelines/{id}/jobs/{job_id}/operator_metric_groups}: the recent metrics of a
 * job's operators per subtask (rows and bytes per second in and out, backpressure, queues), as
 * Arroyo's, from what the workers reported to this server's controller — no Prometheus server needed.
 */
@Component(service = {JobOperatorMetricGroupsResource.class, ApiPart.class})
@ApiResource
@JSONRequired
@JaxrsApplicationSelect(ApiApplication.SELECT)
@Path("pipelines/{id}/jobs/{job_id}/operator_metric_groups")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "jobs")
public class JobOperatorMetricGroupsResource implements ApiPart {

    private final JobService service;

    @Activate
    public JobOperatorMetricGroupsResource(@Reference JobService service) {
        this.service = service;
    }

    @GET
    @Operation(operationId = "get_operator_metric_groups", summary = "Get a job's metrics",
            responses = {
                @ApiResponse(responseCode = "200", description = "Got the job's metrics",
                        content = @Content(schema = @Schema(implementation = OperatorMetricGroupCollection.class))),
                @ApiResponse(responseCode = "404", description = "No such pipeline or job",
                        content = @Content(schema = @Schema(implementation = ErrorBody.class)))})
    public OperatorMetricGroupCollection metrics(@Parameter(description = "Pipeline id") @PathParam("id") String id,
            @Parameter(description = "Job id") @PathParam("job_id") String jobId) {
        return new OperatorMetricGroupCollection(service.operatorMetricGroups(id, jobId));
    }
}
