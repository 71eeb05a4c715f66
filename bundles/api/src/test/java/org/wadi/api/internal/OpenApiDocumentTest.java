package org.wadi.api.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Iterator;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The generated document lists every endpoint with its method and the DTOs with Arroyo's field names. */
class OpenApiDocumentTest {

    private final JsonNode doc = read(new OpenApiResource().openApi());

    @Test
    void everyEndpointIsListed() {
        assertTrue(doc.get("openapi").asText().startsWith("3."));
        assertEquals("/api/v1", doc.get("servers").get(0).get("url").asText());
        JsonNode paths = doc.get("paths");
        assertEquals(Set.of(
                "/ping",
                "/pipelines",
                "/pipelines/validate_query",
                "/pipelines/preview",
                "/udfs",
                "/udfs/validate",
                "/udfs/{id}",
                "/pipelines/{id}",
                "/pipelines/{id}/restart",
                "/pipelines/{id}/jobs",
                "/pipelines/{id}/jobs/{job_id}",
                "/pipelines/{id}/jobs/{job_id}/history",
                "/pipelines/{id}/jobs/{job_id}/output",
                "/pipelines/{id}/jobs/{job_id}/checkpoints",
                "/pipelines/{id}/jobs/{job_id}/checkpoints/{epoch}/operator_checkpoint_groups",
                "/pipelines/{id}/jobs/{job_id}/errors",
                "/pipelines/{id}/jobs/{job_id}/workers",
                "/pipelines/{id}/jobs/{job_id}/operator_metric_groups",
                "/jobs",
                "/version",
                "/nodes",
                "/bundles",
                "/connectors",
                "/connection_profiles",
                "/connection_profiles/{id}",
                "/connection_profiles/test",
                "/connection_profiles/{id}/autocomplete",
                "/connection_tables",
                "/connection_tables/{id}",
                "/connection_tables/test",
                "/connection_tables/schemas/test",
                "/api-docs/openapi.json"), names(paths));
        assertEquals(Set.of("get"), names(paths.get("/ping")));
        assertEquals(Set.of("get", "post"), names(paths.get("/pipelines")));
        assertEquals(Set.of("get", "patch", "delete"), names(paths.get("/pipelines/{id}")));
        assertEquals(Set.of("post"), names(paths.get("/pipelines/validate_query")));
        assertEquals("create_pipeline", paths.get("/pipelines").get("post").get("operationId").asText());
        assertNotNull(paths.get("/pipelines/{id}/jobs/{job_id}/output").get("get").get("responses").get("200")
                .get("content").get("text/event-stream"));
    }

    @Test
    void theJobEndpointsHaveArroyosOperationIdsAndShapes() {
        JsonNode paths = doc.get("paths");
        assertEquals("get_jobs", paths.get("/jobs").get("get").get("operationId").asText());
        assertEquals("get_job_checkpoints",
                paths.get("/pipelines/{id}/jobs/{job_id}/checkpoints").get("get").get("operationId").asText());
        JsonNode details = paths.get("/pipelines/{id}/jobs/{job_id}/checkpoints/{epoch}/operator_checkpoint_groups").get("get");
        assertEquals("get_checkpoint_details", details.get("operationId").asText());
        assertTrue(names(details.get("responses")).containsAll(Set.of("200", "400", "404")));
        JsonNode errors = paths.get("/pipelines/{id}/jobs/{job_id}/errors").get("get");
        assertEquals("get_job_errors", errors.get("operationId").asText());
        Set<String> params = new TreeSet<>();
        for (JsonNode p : errors.get("parameters")) {
            params.add(p.get("in").asText() + ":" + p.get("name").asText());
        }
        assertEquals(Set.of("path:id", "path:job_id", "query:starting_after", "query:limit"), params);

        JsonNode schemas = doc.get("components").get("schemas");
        assertEquals(Set.of("data", "hasMore"), names(schemas.get("JobLogMessageCollection").get("properties")));
        assertTrue(names(schemas.get("JobLogMessage").get("properties")).containsAll(
                Set.of("id", "created_at", "operator_id", "task_index", "log_level", "message", "details")));
        assertTrue(names(schemas.get("Checkpoint").get("properties")).containsAll(
                Set.of("epoch", "backend", "checkpoint_type", "start_time", "finish_time", "events")));
        assertTrue(names(schemas.get("OperatorCheckpointGroup").get("properties")).containsAll(
                Set.of("operator_id", "bytes", "subtasks")));
        assertTrue(names(schemas.get("SubtaskCheckpointGroup").get("properties")).containsAll(
                Set.of("index", "bytes", "event_spans")));
    }

    @Test
    void queryParametersOfTheListAreDocumented() {
        Set<String> params = new TreeSet<>();
        for (JsonNode p : doc.get("paths").get("/pipelines").get("get").get("parameters")) {
            params.add(p.get("in").asText() + ":" + p.get("name").asText());
        }
        assertEquals(Set.of("query:starting_after", "query:limit"), params);
    }

    @Test
    void schemasUseTheWireNames() {
        JsonNode schemas = doc.get("components").get("schemas");
        assertTrue(names(schemas.get("Pipeline").get("properties"))
                .containsAll(Set.of("checkpoint_interval_micros", "created_at", "action_text", "graph")));
        assertEquals(Set.of("data", "hasMore"), names(schemas.get("PipelineCollection").get("properties")));
        assertTrue(names(schemas.get("PipelinePost").get("properties"))
                .containsAll(Set.of("name", "query", "parallelism", "checkpoint_interval_micros")));
        assertTrue(names(schemas.get("Job").get("properties")).containsAll(Set.of("running_desired", "run_id", "failure_reason")));
    }

    @Test
    void theDocumentIsBuiltOnceAndServedAgain() {
        OpenApiResource resource = new OpenApiResource();
        assertTrue(resource.openApi() == resource.openApi());
    }

    private static JsonNode read(String json) {
        try {
            return new ObjectMapper().readTree(json);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static Set<String> names(JsonNode node) {
        Set<String> names = new TreeSet<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }
}
