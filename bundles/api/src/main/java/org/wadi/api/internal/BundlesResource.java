package org.wadi.api.internal;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.QueryParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.wadi.spi.connector.Connector;
import org.wadi.spi.function.AggregateFunction;
import org.wadi.spi.function.AsyncFunction;
import org.wadi.spi.function.ScalarFunction;

/**
 * {@code /api/v1/bundles}: the connector and function bundles installed in the server, and the
 * upload of a bundle jar into {@code deploy/} — refused with 403 unless {@code api.bundle_upload =
 * true} in {@code etc/org.wadi.api.cfg}.
 */
@Component(service = {BundlesResource.class, ApiPart.class}, configurationPid = ApiConfig.PID)
@ApiResource
@JSONRequired
@JaxrsApplicationSelect(ApiApplication.SELECT)
@javax.ws.rs.Path("bundles")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "bundles")
public class BundlesResource implements ApiPart {

    private static final Set<String> CONNECTOR = Set.of(Connector.class.getName());
    private static final Set<String> FUNCTIONS = Set.of(ScalarFunction.class.getName(),
            AggregateFunction.class.getName(), AsyncFunction.class.getName());

    private final BundleContext context;
    private volatile boolean uploadEnabled;

    @Activate
    public BundlesResource(BundleContext context, BundleUploadConfig config) {
        this.context = context;
        modified(config);
    }

    @Modified
    void modified(BundleUploadConfig config) {
        uploadEnabled = config.api_bundle__upload();
    }

    @GET
    @Operation(operationId = "get_bundles", summary = "Installed connector and function bundles",
            description = "The bundles that register connectors or SQL functions, and those dropped into deploy/,"
                    + " with their version and state.",
            responses = @ApiResponse(responseCode = "200", description = "The bundles",
                    content = @Content(schema = @Schema(implementation = InstalledBundleCollection.class))))
    public InstalledBundleCollection list() {
        List<InstalledBundle> out = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            Set<String> connectors = new TreeSet<>();
            Set<String> functions = new TreeSet<>();
            ServiceReference<?>[] refs = b.getRegisteredServices();
            if (refs != null) {
                for (ServiceReference<?> r : refs) {
                    for (String type : (String[]) r.getProperty(Constants.OBJECTCLASS)) {
                        if (CONNECTOR.contains(type)) {
                            connectors.add(String.valueOf(r.getProperty(Connector.NAME_PROPERTY)));
                        } else if (FUNCTIONS.contains(type)) {
                            functions.add(functionName(r));
                        }
                    }
                }
            }
            boolean deployed = isDeployed(b);
            if (connectors.isEmpty() && functions.isEmpty() && !deployed) {
                continue;
            }
            String name = b.getHeaders("").get(Constants.BUNDLE_NAME);
            out.add(new InstalledBundle(b.getBundleId(), b.getSymbolicName() == null ? "" : b.getSymbolicName(),
                    name == null ? "" : name, b.getVersion().toString(), state(b.getState()),
                    List.copyOf(connectors), List.copyOf(functions), deployed));
        }
        out.sort(Comparator.comparing(InstalledBundle::symbolicName).thenComparing(InstalledBundle::id));
        return new InstalledBundleCollection(out, uploadEnabled);
    }

    @POST
    @Consumes({"application/java-archive", MediaType.APPLICATION_OCTET_STREAM})
    @Operation(operationId = "upload_bundle", summary = "Upload a bundle jar into deploy/",
            description = "Writes the jar into the server's deploy/ folder, where it is installed and started."
                    + " Off unless api.bundle_upload = true in etc/org.wadi.api.cfg. The body is limited to"
                    + " api.max.body.bytes.",
            requestBody = @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_OCTET_STREAM,
                    schema = @Schema(type = "string", format = "binary"))),
            responses = {
                @ApiResponse(responseCode = "200", description = "Written into deploy/",
                        content = @Content(schema = @Schema(implementation = BundleUpload.class))),
                @ApiResponse(responseCode = "400", description = "Not a bundle jar, or a bad file name",
                        content = @Content(schema = @Schema(implementation = ErrorBody.class))),
                @ApiResponse(responseCode = "403", description = "Upload is off",
                        content = @Content(schema = @Schema(implementation = ErrorBody.class)))})
    public Response upload(
            @Parameter(description = "The file name in deploy/, ending in .jar", required = true)
            @QueryParam("filename") String filename,
            InputStream body) throws IOException {
        if (!uploadEnabled) {
            return Errors.response(403, "bundle upload is off: set api.bundle_upload = true in etc/org.wadi.api.cfg"
                    + " to allow it");
        }
        byte[] jar = body == null ? new byte[0] : body.readAllBytes();
        return Response.ok(BundleJars.deploy(deployFolder(), filename, jar)).build();
    }

    /** The SQL name of a function service, from its signature. */
    private String functionName(ServiceReference<?> ref) {
        Object f = context.getService(ref);
        try {
            if (f instanceof ScalarFunction s) {
                return s.signature().name();
            } else if (f instanceof AggregateFunction<?> a) {
                return a.signature().name();
            } else if (f instanceof AsyncFunction a) {
                return a.signature().name();
            }
            return "service " + ref.getProperty(Constants.SERVICE_ID);
        } finally {
            if (f != null) {
                context.ungetService(ref);
            }
        }
    }

    /** Karaf's hot deploy folder. */
    static Path deployFolder() {
        String base = System.getProperty("karaf.base", ".");
        return Paths.get(base, "deploy");
    }

    private static boolean isDeployed(Bundle b) {
        String location = b.getLocation();
        return location != null && location.contains("/deploy/");
    }

    static String state(int state) {
        return switch (state) {
            case Bundle.INSTALLED -> "Installed";
            case Bundle.RESOLVED -> "Resolved";
            case Bundle.STARTING -> "Starting";
            case Bundle.STOPPING -> "Stopping";
            case Bundle.ACTIVE -> "Active";
            default -> "Uninstalled";
        };
    }
}
