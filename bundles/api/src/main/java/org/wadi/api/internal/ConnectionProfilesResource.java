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
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.wadi.api.service.ConnectionAutocompleteResp;
import org.wadi.api.service.ConnectionProfile;
import org.wadi.api.service.ConnectionProfileCollection;
import org.wadi.api.service.ConnectionProfilePost;
import org.wadi.api.service.ConnectionService;
import org.wadi.api.service.TestSourceMessage;

/** {@code /api/v1/connection_profiles…}: Arroyo's connection profile endpoints. */
@Component(service = {ConnectionProfilesResource.class, ApiPart.class})
@ApiResource
@JSONRequired
@JaxrsApplicationSelect(ApiApplication.SELECT)
@Path("connection_profiles")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "connection_profiles")
public class ConnectionProfilesResource implements ApiPart {

    private final ConnectionService service;

    @Activate
    public ConnectionProfilesResource(@Reference ConnectionService service) {
        this.service = service;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "create_connection_profile", summary = "Create connection profile",
            description = "Saves options shared by the tables of one external system; secret options are encrypted "
                    + "at rest and masked in every answer.",
            responses = {
                @ApiResponse(responseCode = "200", description = "Created connection profile",
                        content = @Content(schema = @Schema(implementation = ConnectionProfile.class))),
                @ApiResponse(responseCode = "400", description = "Unknown connector or bad options",
                        content = @Content(schema = @Schema(implementation = ErrorBody.class))),
                @ApiResponse(responseCode = "409", description = "A profile of that name exists",
                        content = @Content(schema = @Schema(implementation = ErrorBody.class)))})
    public ConnectionProfile create(ConnectionProfilePost post) {
        return service.createProfile(post);
    }

    @GET
    @Operation(operationId = "get_connection_profiles", summary = "List all connection profiles",
            responses = @ApiResponse(responseCode = "200", description = "Got connection profiles",
                    content = @Content(schema = @Schema(implementation = ConnectionProfileCollection.class))))
    public ConnectionProfileCollection list() {
        return service.listProfiles();
    }

    @DELETE
    @Path("{id}")
    @Operation(operationId = "delete_connection_profile", summary = "Delete a connection profile",
            responses = {
                @ApiResponse(responseCode = "200", description = "Deleted connection profile"),
                @ApiResponse(responseCode = "404", description = "No such profile",
                        content = @Content(schema = @Schema(implementation = ErrorBody.class))),
                @ApiResponse(responseCode = "409", description = "Connection tables use it",
                        content = @Content(schema = @Schema(implementation = ErrorBody.class)))})
    public Response delete(@Parameter(description = "Connection profile id") @PathParam("id") String id) {
        service.deleteProfile(id);
        return Response.ok().build();
    }

    @POST
    @Path("test")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "test_connection_profile", summary = "Test connection profile",
            description = "Checks the options with the connector and tries to reach the external system; saves nothing.",
            responses = @ApiResponse(responseCode = "200", description = "Result of the test",
                    content = @Content(schema = @Schema(implementation = TestSourceMessage.class))))
    public TestSourceMessage test(ConnectionProfilePost post) {
        return service.testProfile(post);
    }

    @GET
    @Path("{id}/autocomplete")
    @Operation(operationId = "get_connection_profile_autocomplete", summary = "Get autocomplete suggestions",
            description = "Values the external system offers for a profile's tables (Kafka's topics); empty for "
                    + "connectors that cannot list any.",
            responses = {
                @ApiResponse(responseCode = "200", description = "Autocomplete suggestions",
                        content = @Content(schema = @Schema(implementation = ConnectionAutocompleteResp.class))),
                @ApiResponse(responseCode = "400", description = "The system could not be asked",
                        content = @Content(schema = @Schema(implementation = ErrorBody.class))),
                @ApiResponse(responseCode = "404", description = "No such profile",
                        content = @Content(schema = @Schema(implementation = ErrorBody.class)))})
    public ConnectionAutocompleteResp autocomplete(
            @Parameter(description = "Connection profile id") @PathParam("id") String id) {
        return service.autocomplete(id);
    }
}
