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
import org.wadi.api.service.ConnectionService;
import org.wadi.api.service.ConnectorCollection;

/** {@code /api/v1/connectors}: the connectors installed now, as Arroyo lists them. */
@Component(service = {ConnectorsResource.class, ApiPart.class})
@ApiResource
@JSONRequired
@JaxrsApplicationSelect(ApiApplication.SELECT)
@Path("connectors")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "connectors")
public class ConnectorsResource implements ApiPart {

    private final ConnectionService service;

    @Activate
    public ConnectorsResource(@Reference ConnectionService service) {
        this.service = service;
    }

    @GET
    @Operation(operationId = "get_connectors", summary = "List all connectors",
            description = "The connector services installed now (connector bundles come and go), with the JSON "
                    + "Schemas of their table and connection profile options.",
            responses = @ApiResponse(responseCode = "200", description = "Got connectors",
                    content = @Content(schema = @Schema(implementation = ConnectorCollection.class))))
    public ConnectorCollection list() {
        return service.connectors();
    }
}
