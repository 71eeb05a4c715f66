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
import org.osgi.service.component.annotations.Component;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;

/** {@code GET /api/v1/api-docs/openapi.json}: the API's OpenAPI 3 document, as Arroyo serves its own. */
@Component(service = {OpenApiResource.class, ApiPart.class})
@ApiResource
@JaxrsApplicationSelect(ApiApplication.SELECT)
@Path("api-docs")
@Tag(name = "api-docs")
public class OpenApiResource implements ApiPart {

    private volatile String document;

    @GET
    @Path("openapi.json")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "get_openapi", summary = "This API's OpenAPI 3 document",
            responses = @ApiResponse(responseCode = "200", description = "The OpenAPI document",
                    content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = "object"))))
    public String openApi() {
        String d = document;
        if (d == null) {
            // built on first use: the classes cannot change while this bundle is active
            d = OpenApiDocument.json();
            document = d;
        }
        return d;
    }
}
