package org.wadi.api.internal;

import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.jaxrs2.Reader;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.servers.Server;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The OpenAPI 3 document of the REST API, generated from the resource classes' JAX-RS and
 * {@code @Operation} annotations and the DTO records by swagger-core's JAX-RS reader — no scanning,
 * no servlet, no CXF feature: the classes are listed here, so the document is the same in a test
 * as in the container.
 */
final class OpenApiDocument {

    /** Every resource class of the API; a new resource is added here. */
    static final List<Class<?>> RESOURCES = List.of(
            PingResource.class, PipelinesResource.class, JobOutputResource.class, JobCheckpointsResource.class,
            JobErrorsResource.class, JobWorkersResource.class, JobOperatorMetricGroupsResource.class, JobsResource.class, UdfsResource.class,
            VersionResource.class, NodesResource.class, BundlesResource.class, ConnectorsResource.class,
            ConnectionProfilesResource.class, ConnectionTablesResource.class, OpenApiResource.class);

    private OpenApiDocument() {
    }

    static OpenAPI model() {
        OpenAPI base = new OpenAPI()
                .info(new Info()
                        .title("Wadi REST API")
                        .version("v1")
                        .description("Pipelines and jobs of Wadi, a distributed stream processor driven by SQL. "
                                + "Paths and JSON shapes follow Arroyo's API. Every error is {\"error\": \"…\"}. "
                                + "The server's Prometheus metrics are at /metrics, outside this API's base path.")
                        .license(new License().name("Apache-2.0")))
                .servers(List.of(new Server().url(ApiApplication.BASE)));
        Set<Class<?>> classes = new LinkedHashSet<>(RESOURCES);
        return new Reader(base).read(classes);
    }

    static {
        // schemas with the API's own JSON naming (snake_case), not swagger's default mapper's
        ModelConverters.getInstance().addConverter(new ModelResolver(ApiJson.newMapper()));
    }

    static String json() {
        try {
            return Json.pretty().writeValueAsString(model());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("the OpenAPI document could not be written", e);
        }
    }
}
