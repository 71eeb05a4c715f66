package org.wadi.api.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.jaxrs2.Reader;
import io.swagger.v3.oas.models.OpenAPI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The web UI generates its API types from a copy of the OpenAPI document ({@code
 * ui/web/src/api/openapi.json}); this keeps the copy equal to what the server serves. Run with
 * {@code -Dwadi.openapi.update=true} to rewrite the copy after changing the API.
 */
class UiOpenApiCopyTest {

    /** The resources the UI needs besides those of {@link OpenApiDocument#RESOURCES}. */
    static final List<Class<?>> UI_RESOURCES = List.of(VersionResource.class, NodesResource.class, BundlesResource.class,
            ConnectorsResource.class, ConnectionProfilesResource.class, ConnectionTablesResource.class);

    private static final Path COPY = Paths.get("..", "..", "ui", "web", "src", "api", "openapi.json");

    static String document() throws Exception {
        OpenAPI base = OpenApiDocument.model().paths(null).components(null).tags(null);
        Set<Class<?>> classes = new LinkedHashSet<>(OpenApiDocument.RESOURCES);
        classes.addAll(UI_RESOURCES);
        return Json.pretty().writeValueAsString(new Reader(base).read(classes)) + "\n";
    }

    @Test
    void theUiCopyIsTheServersDocument() throws Exception {
        String served = document();
        if (Boolean.getBoolean("wadi.openapi.update")) {
            Files.writeString(COPY, served, StandardCharsets.UTF_8);
        }
        assertTrue(Files.exists(COPY), COPY.toAbsolutePath() + " is missing: run this test with -Dwadi.openapi.update=true");
        ObjectMapper mapper = new ObjectMapper();
        JsonNode expected = withoutTagOrder(mapper.readTree(served));
        JsonNode copy = withoutTagOrder(mapper.readTree(Files.readString(COPY, StandardCharsets.UTF_8)));
        assertEquals(expected, copy, "ui/web/src/api/openapi.json differs from the server's OpenAPI document:"
                + " run UiOpenApiCopyTest with -Dwadi.openapi.update=true and rebuild the UI");
        assertTrue(copy.get("paths").has("/version") && copy.get("paths").has("/nodes") && copy.get("paths").has("/bundles"));
    }

    /** The document with its tag list sorted: the order of the resources, not a difference in the API. */
    private static JsonNode withoutTagOrder(JsonNode doc) {
        if (doc.get("tags") instanceof com.fasterxml.jackson.databind.node.ArrayNode tags) {
            List<JsonNode> sorted = new java.util.ArrayList<>();
            tags.forEach(sorted::add);
            sorted.sort(java.util.Comparator.comparing(t -> t.path("name").asText()));
            tags.removeAll();
            tags.addAll(sorted);
        }
        return doc;
    }
}
