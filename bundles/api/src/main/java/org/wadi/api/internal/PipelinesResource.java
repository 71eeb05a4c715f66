package org.wadi.api.internal;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.PATCH;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.wadi.api.service.Job;
import org.wadi.api.service.JobCollection;
import org.wadi.api.service.JobTransitionCollection;
import org.wadi.api.service.Pipeline;
import org.wadi.api.service.PipelineCollection;
import org.wadi.api.service.PipelinePatch;
import org.wadi.api.service.PipelinePost;
import org.wadi.api.service.PipelineRestart;
import org.wadi.api.service.PipelineService;
import org.wadi.api.service.PreviewPost;
import org.wadi.api.service.QueryValidationResult;
import org.wadi.api.service.ValidateQueryPost;

/** {@code /api/v1/pipelines…}: Arroyo's pipeline and job endpoints, over the {@link PipelineService}. */
@Component(service = {PipelinesResource.class, ApiPart.class})
@ApiResource
@JSONRequired
@JaxrsApplicationSelect(ApiApplication.SELECT)
@Path("pipelines")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "pipelines")
public class PipelinesResource implements ApiPart {

    private final PipelineService service;

    @Activate
    public PipelinesResource(@Reference PipelineService service) {
        this.service = service;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "create_pipeline", summary = "Create a new pipeline",
            description = "Plans the SQL and creates the pipeline with a single job, which the controller then runs. "
                    + "With 'state_url' (a completed checkpoint's URL, as the job checkpoints list shows it) the job "
                    + "starts from that checkpoint's state.",
            responses = {
                @ApiResponse(responseCode = "200", description = "Created pipeline and job",
                        content = @Content(schema = @Schema(implementation = Pipeline.class))),
                @ApiResponse(responseCode = "400", description = "Invalid input or SQL",
                        content = @Content(schema = @Schema(implementation = ErrorBody.class))),
                @ApiResponse(responseCode = "409", description = "As many pipelines run as the server allows (api.max.pipelines)",
                        content = @Content(schema = @Schema(implementation = ErrorBody.class))),
                @ApiResponse(responseCode = "413", description = "Request body too large",
                        content = @Content(schema = @Schema(implementation = ErrorBody.class)))})
    public Pipeline create(PipelinePost post) {
        return service.create(post);
    }

    @POST
    @Path("preview")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "create_preview_pipeline", summary = "Create a new preview pipeline",
            description = "Plans the SQL at parallelism 1 with every sink replaced by the preview sink (unless "
                    + "'enable_sinks'), and creates a pipeline the controller stops after its time to live (60 s). "
                    + "Its rows arrive through GET /pipelines/{id}/jobs/{job_id}/output.",
            responses = {
                @ApiResponse(responseCode = "200", description = "Created pipeline and job",
                        content = @Content(schema = @Schema(implementation = Pipeline.class))),
                @ApiResponse(responseCode = "400", description = "Invalid input or SQL",
                        content = @Content(schema = @Schema(implementation = ErrorBody.class))),
                @ApiResponse(responseCode = "409", description = "As many pipelines run as the server allows (api.max.pipelines)",
                        content = @Content(schema = @Schema(implementation = ErrorBody.class)))})
    public Pipeline preview(PreviewPost post) {
        return service.preview(post);
    }

    @GET
    @Operation(operationId = "get_pipelines", summary = "List all pipelines",
            responses = @ApiResponse(responseCode = "200", description = "Got pipelines collection",
                    content = @Content(schema = @Schema(implementation = PipelineCollection.class))))
    public PipelineCollection list(
            @Parameter(description = "Id of the last pipeline of the previous page") @QueryParam("starting_after") String startingAfter,
            @Parameter(description = "Page size", schema = @Schema(type = "integer", format = "int32")) @QueryParam("limit") String limit) {
        return service.list(startingAfter, QueryParams.integer("limit", limit));
    }

    @POST
    @Path("validate_query")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "validate_query", summary = "Validate a query and return pipeline graph",
            responses = @ApiResponse(responseCode = "200", description = "Validated query",
                    content = @Content(schema = @Schema(implementation = QueryValidationResult.class))))
    public QueryValidationResult validate(ValidateQueryPost post) {
        return service.validate(post);
    }

    @GET
    @Path("{id}")
    @Operation(operationId = "get_pipeline", summary = "Get a single pipeline",
            responses = {
                @ApiResponse(responseCode = "200", description = "Got pipeline",
                        content = @Content(schema = @Schema(implementation = Pipeline.class))),
                @ApiResponse(responseCode = "404", description = "No such pipeline",
                        content = @Content(schema = @Schema(implementation = ErrorBody.class)))})
    public Pipeline get(@Parameter(description = "Pipeline id") @PathParam("id") String id) {
        return service.get(id);
    }

    @PATCH
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "patch_pipeline", summary = "Update a pipeline",
            description = "Sets the desired stop mode (the controller stops the job, or resumes it from its last "
                    + "checkpoint for 'none') and the parallelism (the query is planned again and a running job rescales).",
            responses = {
                @ApiResponse(responseCode = "200", description = "Updated pipeline",
                        content = @Content(schema = @Schema(implementation = Pipeline.class))),
                @ApiResponse(responseCode = "400", description = "Invalid change",
                        content = @Content(schema = @Schema(implementation = ErrorBody.class))),
                @ApiResponse(responseCode = "404", description = "No such pipeline",
                        content = @Content(schema = @Schema(implementation = ErrorBody.class)))})
    public Pipeline patch(@Parameter(description = "Pipeline id") @PathParam("id") String id, PipelinePatch patch) {
        return service.patch(id, patch);
    }

    @POST
    @Path("{id}/restart")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "restart_pipeline", summary = "Restart a pipeline",
            description = "Restarts the pipeline's job: with a final checkpoint that the new run restores, or with "
                    + "'force' at once from the latest completed checkpoint; with 'ignore_state' the new run starts "
                    + "without state. A stopped, failed or finished job runs again.",
            responses = {
                @ApiResponse(responseCode = "200", description = "Restarted pipeline",
                        content = @Content(schema = @Schema(implementation = Pipeline.class))),
                @ApiResponse(responseCode = "404", description = "No such pipeline",
                        content = @Content(schema = @Schema(implementation = ErrorBody.class)))})
    public Pipeline restart(@Parameter(description = "Pipeline id") @PathParam("id") String id, PipelineRestart restart) {
        return service.restart(id, restart);
    }

    @DELETE
    @Path("{id}")
    @Operation(operationId = "delete_pipeline", summary = "Delete a pipeline",
            responses = {
                @ApiResponse(responseCode = "200", description = "Deleted pipeline"),
                @ApiResponse(responseCode = "404", description = "No such pipeline",
                        content = @Content(schema = @Schema(implementation = ErrorBody.class))),
                @ApiResponse(responseCode = "409", description = "Its job has not stopped yet",
                        content = @Content(schema = @Schema(implementation = ErrorBody.class)))})
    public Response delete(@Parameter(description = "Pipeline id") @PathParam("id") String id) {
        service.delete(id);
        return Response.ok().build();
    }

    @GET
    @Path("{id}/jobs")
    @Operation(operationId = "get_pipeline_jobs", summary = "List a pipeline's jobs",
            responses = {
                @ApiResponse(responseCode = "200", description = "Got jobs collection",
                        content = @Content(schema = @Schema(implementation = JobCollection.class))),
                @ApiResponse(responseCode = "404", description = "No such pipeline",
                        content = @Content(schema = @Schema(implementation = ErrorBody.class)))})
    public JobCollection jobs(@Parameter(description = "Pipeline id") @PathParam("id") String id) {
        return new JobCollection(service.jobs(id));
    }

    @GET
    @Path("{id}/jobs/{job_id}")
    @Operation(operationId = "get_pipeline_job", summary = "Get one of a pipeline's jobs",
            responses = {
                @ApiResponse(responseCode = "200", description = "Got job",
                        content = @Content(schema = @Schema(implementation = Job.class))),
                @ApiResponse(responseCode = "404", description = "No such pipeline or job",
                        content = @Content(schema = @Schema(implementation = ErrorBody.class)))})
    public Job job(@Parameter(description = "Pipeline id") @PathParam("id") String id,
            @Parameter(description = "Job id") @PathParam("job_id") String jobId) {
        return service.job(id, jobId);
    }

    @GET
    @Path("{id}/jobs/{job_id}/history")
    @Operation(operationId = "get_job_history", summary = "List a job's state transitions",
            description = "Every state the job went through, oldest first, with the reason.",
            responses = {
                @ApiResponse(responseCode = "200", description = "Got the job's history",
                        content = @Content(schema = @Schema(implementation = JobTransitionCollection.class))),
                @ApiResponse(responseCode = "404", description = "No such pipeline or job",
                        content = @Content(schema = @Schema(implementation = ErrorBody.class)))})
    public JobTransitionCollection history(@Parameter(description = "Pipeline id") @PathParam("id") String id,
            @Parameter(description = "Job id") @PathParam("job_id") String jobId) {
        return new JobTransitionCollection(service.history(id, jobId));
    }
}
