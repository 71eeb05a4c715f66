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
import org.wadi.api.service.GlobalUdf;
import org.wadi.api.service.GlobalUdfCollection;
import org.wadi.api.service.UdfPost;
import org.wadi.api.service.UdfService;
import org.wadi.api.service.UdfValidationResult;
import org.wadi.api.service.ValidateUdfPost;

/** {@code /api/v1/udfs…}: Arroyo's UDF endpoints, for Java source functions, over the {@link UdfService}. */
@Component(service = {UdfsResource.class, ApiPart.class})
@ApiResource
@JSONRequired
@JaxrsApplicationSelect(ApiApplication.SELECT)
@Path("udfs")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "udfs")
public class UdfsResource implements ApiPart {

    private final UdfService service;

    @Activate
    public UdfsResource(@Reference UdfService service) {
        this.service = service;
    }

    @GET
    @Operation(operationId = "get_udfs", summary = "Get all functions",
            description = "The saved Java source functions, then the function services of installed bundles "
                    + "(language 'bundle').",
            responses = @ApiResponse(responseCode = "200", description = "Got all functions",
                    content = @Content(schema = @Schema(implementation = GlobalUdfCollection.class))))
    public GlobalUdfCollection list() {
        return service.list();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "create_udf", summary = "Save a Java source function",
            description = "Compiles the function and saves it: pipelines planned from now on can call it.",
            responses = {
                @ApiResponse(responseCode = "200", description = "Saved function",
                        content = @Content(schema = @Schema(implementation = GlobalUdf.class))),
                @ApiResponse(responseCode = "400", description = "Not Java, or does not compile",
                        content = @Content(schema = @Schema(implementation = ErrorBody.class))),
                @ApiResponse(responseCode = "409", description = "A function of that name exists",
                        content = @Content(schema = @Schema(implementation = ErrorBody.class)))})
    public GlobalUdf create(UdfPost post) {
        return service.create(post);
    }

    @POST
    @Path("validate")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "validate_udf", summary = "Check a Java source function",
            description = "Compiles the function without saving it; errors carry their line and column.",
            responses = @ApiResponse(responseCode = "200", description = "The function's name or its errors",
                    content = @Content(schema = @Schema(implementation = UdfValidationResult.class))))
    public UdfValidationResult validate(ValidateUdfPost post) {
        return service.validate(post);
    }

    @DELETE
    @Path("{id}")
    @Operation(operationId = "delete_udf", summary = "Delete a saved function",
            description = "Pipelines planned before keep their copy of the function.",
            responses = {
                @ApiResponse(responseCode = "200", description = "Deleted function"),
                @ApiResponse(responseCode = "404", description = "No such function",
                        content = @Content(schema = @Schema(implementation = ErrorBody.class)))})
    public Response delete(@Parameter(description = "Function id") @PathParam("id") String id) {
        service.delete(id);
        return Response.ok().build();
    }
}
