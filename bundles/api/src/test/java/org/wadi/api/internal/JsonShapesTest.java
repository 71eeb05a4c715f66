package org.wadi.api.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.annotation.Annotation;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.MultivaluedHashMap;
import org.junit.jupiter.api.Test;
import org.wadi.api.service.Checkpoint;
import org.wadi.api.service.CheckpointCollection;
import org.wadi.api.service.CheckpointEventSpan;
import org.wadi.api.service.Job;
import org.wadi.api.service.JobCollection;
import org.wadi.api.service.JobLogMessage;
import org.wadi.api.service.JobLogMessageCollection;
import org.wadi.api.service.OperatorCheckpointGroup;
import org.wadi.api.service.OperatorCheckpointGroupCollection;
import org.wadi.api.service.SubtaskCheckpointGroup;
import org.wadi.api.service.Pipeline;
import org.wadi.api.service.PipelineCollection;
import org.wadi.api.service.PipelinePatch;
import org.wadi.api.service.PipelineRestart;
import org.wadi.api.service.PipelinePost;
import org.wadi.api.service.QueryValidationResult;
import org.wadi.api.service.ValidateQueryPost;
import org.wadi.spi.job.StopMode;

/** The wire shapes, written and read with the provider's own mapper: Arroyo's field names. */
class JsonShapesTest {

    private final ObjectMapper mapper = ApiJson.newMapper();
    private final DefaultPipelineService service =
            new DefaultPipelineService(new FakePlanner(), new FakeStore(), ApiSettings.defaults(), Clock.systemUTC());

    @Test
    void pipelineHasArroyosFieldsInSnakeCase() throws Exception {
        Pipeline p = service.create(new PipelinePost("p", "INSERT INTO out SELECT * FROM events", 2));
        JsonNode json = mapper.readTree(mapper.writeValueAsString(p));

        assertEquals(Set.of("id", "name", "query", "udfs", "checkpoint_interval_micros", "stop", "created_at", "action",
                "action_text", "action_in_progress", "graph", "preview", "scheduler_config"), names(json));
        assertTrue(json.get("scheduler_config").isObject() && json.get("scheduler_config").isEmpty(),
                json.get("scheduler_config").toString());
        assertEquals("none", json.get("stop").asText());
        assertEquals("checkpoint", json.get("action").asText());
        assertTrue(json.get("created_at").isIntegralNumber());
        assertEquals(Set.of("nodes", "edges"), names(json.get("graph")));
        assertEquals(Set.of("node_id", "operator", "description", "parallelism"), names(json.get("graph").get("nodes").get(0)));
        assertEquals(Set.of("src_id", "dest_id", "key_type", "value_type", "edge_type"), names(json.get("graph").get("edges").get(0)));
    }

    @Test
    void aPipelinePostCarriesItsSchedulerConfigAsAJsonObject() throws Exception {
        PipelinePost post = mapper.readValue("{\"name\": \"p\", \"query\": \"q\", \"parallelism\": 1,"
                + " \"scheduler_config\": {\"image\": \"registry.example/wadi:1.2\", \"resources\": {\"requests\":"
                + " {\"cpu\": \"2\"}}, \"replicas\": 2, \"spot\": null}}", PipelinePost.class);
        java.util.Map<String, Object> expected = new java.util.LinkedHashMap<>();
        expected.put("image", "registry.example/wadi:1.2");
        expected.put("resources", java.util.Map.of("requests", java.util.Map.of("cpu", "2")));
        expected.put("replicas", 2);
        expected.put("spot", null);
        assertEquals(expected, post.schedulerConfig());
        assertEquals(java.util.Map.of("image", "x"), mapper.readValue(
                "{\"schedulerConfig\": {\"image\": \"x\"}}", PipelinePost.class).schedulerConfig());
        assertEquals(null, mapper.readValue("{\"name\": \"p\"}", PipelinePost.class).schedulerConfig());
        for (String bad : List.of("\"image=x\"", "[1]", "3")) {
            org.junit.jupiter.api.Assertions.assertThrows(com.fasterxml.jackson.databind.JsonMappingException.class,
                    () -> mapper.readValue("{\"scheduler_config\": " + bad + "}", PipelinePost.class), bad);
        }
    }

    @Test
    void aMissingActionIsWrittenAsNullAsArroyoDoes() throws Exception {
        Pipeline p = service.create(new PipelinePost("p", "q", 1));
        Pipeline noAction = new Pipeline(p.id(), p.name(), p.query(), List.of(), 1, StopMode.GRACEFUL, 1, null,
                "Stopping", true, p.graph(), false);
        JsonNode json = mapper.readTree(mapper.writeValueAsString(noAction));
        assertTrue(json.has("action"));
        assertTrue(json.get("action").isNull());
    }

    @Test
    void collectionsAndJobs() throws Exception {
        service.create(new PipelinePost("p", "q", 1));
        PipelineCollection page = service.list(null, 10);
        JsonNode json = mapper.readTree(mapper.writeValueAsString(page));
        assertEquals(Set.of("data", "hasMore"), names(json));
        assertFalse(json.get("hasMore").asBoolean());

        Job job = service.jobs(page.data().get(0).id()).get(0);
        JsonNode jobs = mapper.readTree(mapper.writeValueAsString(new JobCollection(List.of(job))));
        assertEquals(Set.of("data"), names(jobs));
        assertEquals(Set.of("id", "pipeline_id", "running_desired", "state", "run_id", "start_time", "finish_time", "tasks",
                "failure_reason", "created_at"), names(jobs.get("data").get(0)));
        assertEquals("Created", jobs.get("data").get(0).get("state").asText());
        assertTrue(jobs.get("data").get(0).get("start_time").isNull());
        assertTrue(jobs.get("data").get(0).get("failure_reason").isNull());

        Job failed = new Job("job_1", "pl_1", false, "Failed", 1, null, 5L, 2L,
                new Job.FailureReason("connector 'x' is not installed", "user"), 1L);
        JsonNode reason = mapper.readTree(mapper.writeValueAsString(failed)).get("failure_reason");
        assertEquals(Set.of("error", "domain"), names(reason));
        assertEquals("user", reason.get("domain").asText());
    }

    @Test
    void checkpointsAndTheirDetailsHaveArroyosFields() throws Exception {
        CheckpointEventSpan span = new CheckpointEventSpan(1, 2, "Checkpointing", "the whole checkpoint");
        JsonNode cps = mapper.readTree(mapper.writeValueAsString(new CheckpointCollection(List.of(
                new Checkpoint(3, "file", "scheduled", 1, null, List.of(span), "in_progress", 0, null)))));
        assertEquals(Set.of("data"), names(cps));
        JsonNode cp = cps.get("data").get(0);
        assertEquals(Set.of("epoch", "backend", "checkpoint_type", "start_time", "finish_time", "events", "state", "bytes",
                "failure", "state_url"), names(cp));
        assertTrue(cp.get("finish_time").isNull());
        assertEquals(Set.of("start_time", "finish_time", "event", "description"), names(cp.get("events").get(0)));

        JsonNode groups = mapper.readTree(mapper.writeValueAsString(new OperatorCheckpointGroupCollection(List.of(
                new OperatorCheckpointGroup("source_1", 10, 1, 2, List.of(new SubtaskCheckpointGroup(0, 10, List.of(span))))))));
        assertEquals(Set.of("data"), names(groups));
        JsonNode group = groups.get("data").get(0);
        assertEquals(Set.of("operator_id", "bytes", "start_time", "finish_time", "subtasks"), names(group));
        assertEquals(Set.of("index", "bytes", "event_spans"), names(group.get("subtasks").get(0)));
    }

    @Test
    void errorsAreJobLogMessagesInAPage() throws Exception {
        JsonNode page = mapper.readTree(mapper.writeValueAsString(new JobLogMessageCollection(List.of(
                new JobLogMessage("jlm_1", 5, null, null, "error", "job failed", "")), false)));
        assertEquals(Set.of("data", "hasMore"), names(page));
        JsonNode m = page.get("data").get(0);
        assertEquals(Set.of("id", "created_at", "operator_id", "task_index", "log_level", "message", "details"), names(m));
        assertTrue(m.get("operator_id").isNull());
        assertEquals("error", m.get("log_level").asText());
    }

    @Test
    void validationResult() throws Exception {
        QueryValidationResult r = service.validate(new ValidateQueryPost("SELECT\n  1 FROM BROKEN"));
        JsonNode json = mapper.readTree(mapper.writeValueAsString(r));
        assertEquals(Set.of("graph", "errors"), names(json));
        assertTrue(json.get("graph").isNull());
        assertEquals("Object 'broken' not found", json.get("errors").get(0).get("message").asText());
        JsonNode span = json.get("errors").get(0).get("span");
        assertEquals(2, span.get("start").get("line").asInt());
        assertEquals(8, span.get("start").get("column").asInt());
    }

    @Test
    void requestsAcceptSnakeCaseAndOlderCamelCaseNamesAndIgnoreUnknownFields() throws Exception {
        PipelinePost camel = mapper.readValue(
                "{\"name\":\"p\",\"query\":\"q\",\"parallelism\":2,\"checkpointIntervalMicros\":2000000,\"udfs\":[],\"extra\":1}",
                PipelinePost.class);
        assertEquals(2L, camel.parallelism());
        assertEquals(2_000_000L, camel.checkpointIntervalMicros());
        PipelinePost snake = mapper.readValue(
                "{\"name\":\"p\",\"query\":\"q\",\"parallelism\":2,\"checkpoint_interval_micros\":3000000}", PipelinePost.class);
        assertEquals(3_000_000L, snake.checkpointIntervalMicros());

        assertEquals(StopMode.IMMEDIATE, mapper.readValue("{\"stop\":\"immediate\"}", PipelinePatch.class).stop());
        assertNull(mapper.readValue("{}", PipelinePatch.class).stop());
        assertEquals(4L, mapper.readValue("{\"parallelism\":4}", PipelinePatch.class).parallelism());
        PipelineRestart restart = mapper.readValue("{\"force\":true,\"ignore_state\":true}", PipelineRestart.class);
        assertTrue(restart.forced() && restart.withoutState());
        PipelineRestart safe = mapper.readValue("{}", PipelineRestart.class);
        assertTrue(!safe.forced() && !safe.withoutState());
    }

    @Test
    void scalarsAreStrict() {
        assertThrows(MismatchedInputException.class,
                () -> mapper.readValue("{\"name\":\"p\",\"query\":\"q\",\"parallelism\":\"4\"}", PipelinePost.class));
        assertThrows(MismatchedInputException.class,
                () -> mapper.readValue("{\"name\":\"p\",\"query\":\"q\",\"parallelism\":1.5}", PipelinePost.class));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theProviderReadsAndWritesWithThatMapper() throws Exception {
        JsonProvider provider = new JsonProvider();
        Object read = provider.readFrom((Class<Object>) (Class<?>) PipelinePost.class,
                PipelinePost.class, new Annotation[0], MediaType.APPLICATION_JSON_TYPE, new MultivaluedHashMap<>(),
                new ByteArrayInputStream("{\"name\":\"p\",\"query\":\"q\",\"parallelism\":3}".getBytes(StandardCharsets.UTF_8)));
        assertEquals(new PipelinePost("p", "q", 3), read);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        provider.writeTo(new PipelineCollection(List.of(), true), PipelineCollection.class, PipelineCollection.class,
                new Annotation[0], MediaType.APPLICATION_JSON_TYPE, new MultivaluedHashMap<>(), out);
        assertEquals("{\"data\":[],\"hasMore\":true}", out.toString(StandardCharsets.UTF_8));
    }

    private static Set<String> names(JsonNode node) {
        Set<String> names = new TreeSet<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }
}
