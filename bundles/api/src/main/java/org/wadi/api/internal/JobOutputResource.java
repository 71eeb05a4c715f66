package org.wadi.api.internal;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.sse.Sse;
import javax.ws.rs.sse.SseEventSink;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.wadi.api.service.PipelineService;
import org.wadi.api.service.ApiException;
import org.wadi.controller.JobOutputs;
import org.wadi.spi.job.JobState;

/**
 * {@code GET /api/v1/pipelines/{id}/jobs/{job_id}/output}: the job's preview rows as server-sent
 * events, each an {@link OutputData} as JSON with an increasing id, as Arroyo streams them. Read
 * only: subscribing never affects the job.
 */
@Component(service = {JobOutputResource.class, ApiPart.class}, configurationPid = ApiConfig.PID)
@ApiResource
@JSONRequired
@JaxrsApplicationSelect(ApiApplication.SELECT)
@Path("pipelines/{id}/jobs/{job_id}/output")
@Tag(name = "jobs")
public class JobOutputResource implements ApiPart {

    private final PipelineService service;
    /**
     * The controller's preview rows: optional and dynamic, so that this resource is part of the API
     * from its start (a late registration would make the JAX-RS whiteboard rebuild the application,
     * answering 404 meanwhile), and absent on a server whose controller is not the active one.
     */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile JobOutputs outputs;
    private final JobOutputStreams streams;
    private final ScheduledExecutorService heartbeats;

    @Activate
    public JobOutputResource(@Reference PipelineService service, ApiConfig config) {
        this.service = service;
        ApiSettings settings = ApiSettings.from(config, System.getenv());
        this.streams = new JobOutputStreams(Clock.systemUTC(), JobOutputStreams.Limits.of(settings));
        // the heartbeat also finds stalled clients: at least as often as the stall timeout
        int seconds = Math.min(settings.heartbeatSeconds(), settings.outputStreamStallSeconds());
        this.heartbeats = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "wadi-api-output-heartbeat");
            t.setDaemon(true);
            return t;
        });
        heartbeats.scheduleWithFixedDelay(streams::heartbeat, seconds, seconds, TimeUnit.SECONDS);
    }

    @Deactivate
    void deactivate() {
        heartbeats.shutdownNow();
        streams.close();
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(operationId = "get_job_output", summary = "Subscribe to a job's output",
            description = "Server-sent events, one per row of the job's preview sinks: data is an OutputData as JSON. "
                    + "Once the job has ended (Stopped, Finished, Failed) the stream sends the rows it still has and ends.",
            responses = {
                @ApiResponse(responseCode = "200", description = "Job output as 'text/event-stream'",
                        content = @Content(mediaType = MediaType.SERVER_SENT_EVENTS,
                                schema = @Schema(implementation = OutputData.class))),
                @ApiResponse(responseCode = "429", description = "As many output streams are open as the server serves",
                        content = @Content(mediaType = MediaType.APPLICATION_JSON,
                                schema = @Schema(implementation = ErrorBody.class))),
                @ApiResponse(responseCode = "404", description = "No such pipeline or job",
                        content = @Content(mediaType = MediaType.APPLICATION_JSON,
                                schema = @Schema(implementation = ErrorBody.class)))})
    public void output(@Parameter(description = "Pipeline id") @PathParam("id") String pipelineId,
            @Parameter(description = "Job id") @PathParam("job_id") String jobId,
            @Context SseEventSink sink, @Context Sse sse) {
        // 404 before the stream starts, while a JSON error can still be answered
        String job = service.job(pipelineId, jobId).id();
        JobOutputs from = outputs;
        if (from == null) {
            throw new ApiException(ApiException.Kind.UNAVAILABLE, "job output is streamed by the active controller, "
                    + "which does not run on this server (yet): ask the server whose controller runs the job");
        }
        streams.open(from, job, new SseSink(sink, sse), () -> ended(pipelineId, jobId));
    }

    /** Whether the job is in a final state; a job (or pipeline) deleted meanwhile has ended too. */
    private boolean ended(String pipelineId, String jobId) {
        try {
            return JobState.valueOf(service.job(pipelineId, jobId).state()).isFinal();
        } catch (ApiException e) {
            return e.kind() == ApiException.Kind.NOT_FOUND;
        }
    }

    /** One SSE connection. */
    private record SseSink(SseEventSink sink, Sse sse) implements JobOutputStreams.Sink {

        @Override
        public CompletionStage<?> send(long id, String json) {
            return sink.send(sse.newEventBuilder().id(Long.toString(id)).data(String.class, json).build());
        }

        @Override
        public CompletionStage<?> heartbeat() {
            return sink.send(sse.newEventBuilder().comment("keep-alive").build());
        }

        @Override
        public boolean isClosed() {
            return sink.isClosed();
        }

        @Override
        public void close() {
            sink.close();
        }
    }
}
