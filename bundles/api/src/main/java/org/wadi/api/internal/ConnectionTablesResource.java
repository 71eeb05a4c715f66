package org.wadi.api.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.sse.Sse;
import javax.ws.rs.sse.SseEventSink;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.wadi.api.service.ConnectionSchema;
import org.wadi.api.service.ConnectionService;
import org.wadi.api.service.ConnectionTable;
import org.wadi.api.service.ConnectionTableCollection;
import org.wadi.api.service.ConnectionTablePost;
import org.wadi.api.service.TestSourceMessage;

/** {@code /api/v1/connection_tables…}: Arroyo's connection table endpoints. */
@Component(service = {ConnectionTablesResource.class, ApiPart.class})
@ApiResource
@JSONRequired
@JaxrsApplicationSelect(ApiApplication.SELECT)
@Path("connection_tables")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "connection_tables")
public class ConnectionTablesResource implements ApiPart {

    private static final ObjectMapper JSON = ApiJson.newMapper();

    private final ConnectionService service;

    @Activate
    public ConnectionTablesResource(@Reference ConnectionService service) {
        this.service = service;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "create_connection_table", summary = "Create connection table",
            description = "Saves a table after its connector accepted its options and schema; queries can then name "
                    + "it without CREATE TABLE.",
            responses = {
                @ApiResponse(responseCode = "200", description = "Created connection table",
                        content = @Content(schema = @Schema(implementation = ConnectionTable.class))),
                @ApiResponse(responseCode = "400", description = "Unknown connector or profile, bad options or schema",
                        content = @Content(schema = @Schema(implementation = ErrorBody.class))),
                @ApiResponse(responseCode = "409", description = "A table of that name exists",
                        content = @Content(schema = @Schema(implementation = ErrorBody.class)))})
    public ConnectionTable create(ConnectionTablePost post) {
        return service.createTable(post);
    }

    @GET
    @Operation(operationId = "get_connection_tables", summary = "List connection tables",
            responses = @ApiResponse(responseCode = "200", description = "Got connection tables",
                    content = @Content(schema = @Schema(implementation = ConnectionTableCollection.class))))
    public ConnectionTableCollection list(
            @Parameter(description = "Id of the last table of the previous page") @QueryParam("starting_after") String startingAfter,
            @Parameter(description = "Page size", schema = @Schema(type = "integer", format = "int32")) @QueryParam("limit") String limit) {
        return service.listTables(startingAfter, QueryParams.integer("limit", limit));
    }

    @DELETE
    @Path("{id}")
    @Operation(operationId = "delete_connection_table", summary = "Delete a connection table",
            description = "Pipelines planned before keep their copy of the table.",
            responses = {
                @ApiResponse(responseCode = "200", description = "Deleted connection table"),
                @ApiResponse(responseCode = "404", description = "No such table",
                        content = @Content(schema = @Schema(implementation = ErrorBody.class)))})
    public Response delete(@Parameter(description = "Connection table id") @PathParam("id") String id) {
        service.deleteTable(id);
        return Response.ok().build();
    }

    @POST
    @Path("test")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(operationId = "test_connection_table", summary = "Test connection table",
            description = "Server-sent events, each a TestSourceMessage as JSON: the connector's check of the table, "
                    + "then its connection test; the last one has done set. Saves nothing.",
            responses = @ApiResponse(responseCode = "200", description = "Test messages as 'text/event-stream'",
                    content = @Content(mediaType = MediaType.SERVER_SENT_EVENTS,
                            schema = @Schema(implementation = TestSourceMessage.class))))
    public void test(ConnectionTablePost post, @Context SseEventSink sink, @Context Sse sse) {
        try (sink) {
            service.testTable(post, m -> {
                if (!sink.isClosed()) {
                    sink.send(sse.newEventBuilder().name("message").data(String.class, json(m)).build());
                }
            });
        }
    }

    private static String json(TestSourceMessage m) {
        try {
            return JSON.writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @POST
    @Path("schemas/test")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "test_schema", summary = "Test a schema",
            description = "Checks a connection table's schema: its fields (names, types), its format's rules and its "
                    + "definition (json_schema or raw_schema).",
            responses = {
                @ApiResponse(responseCode = "200", description = "The schema is valid"),
                @ApiResponse(responseCode = "400", description = "What is wrong with it",
                        content = @Content(schema = @Schema(implementation = ErrorBody.class)))})
    public Response testSchema(ConnectionSchema schema) {
        service.testSchema(schema);
        return Response.ok().build();
    }
}
