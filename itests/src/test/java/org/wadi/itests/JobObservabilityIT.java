package org.wadi.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * What an operator sees of jobs through the real server: a job's checkpoints and what each
 * operator stored, a failing job's errors, all jobs, and the server's Prometheus metrics.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JobObservabilityIT {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static Wadi wadi;
    private static String checkpointedJob;
    private static String failedJob;

    @BeforeAll
    static void start() {
        // a failing job gives up after one restart, soon
        wadi = Wadi.start("observability", Map.of(
                "WADI_CONTROLLER_RESTART_MAX", "1",
                "WADI_CONTROLLER_RESTART_BACKOFF_INITIAL_MS", "100"));
    }

    @AfterAll
    static void stop() {
        if (wadi != null) {
            wadi.close();
        }
    }

    private static JsonNode ok(String path) {
        Wadi.Response r = wadi.get(path);
        assertEquals(200, r.status(), "GET " + path + ": " + r.body());
        return r.json();
    }

    @Test
    @Order(1)
    void aJobsCheckpointsAndWhatEachOperatorStoredAreListed() throws IOException {
        Path folder = Files.createDirectories(wadi.files().resolve("checkpointed"));
        String query = "CREATE TABLE impulse WITH (connector = 'impulse', event_rate = '100');\n"
                + "CREATE TABLE out (counter BIGINT UNSIGNED) WITH (connector = 'filesystem', type = 'sink',"
                + " path = '" + folder + "', format = 'json');\n"
                + "INSERT INTO out SELECT counter FROM impulse;";
        ObjectNode body = Wadi.JSON.createObjectNode().put("name", "checkpointed").put("query", query)
                .put("parallelism", 1).put("checkpoint_interval_micros", 1_000_000);
        Wadi.Response created = wadi.post("/api/v1/pipelines", body.toString());
        assertEquals(200, created.status(), created.body());
        String pipeline = created.json().get("id").asText();
        String job = wadi.job(pipeline).get("id").asText();
        checkpointedJob = job;
        String checkpoints = "/api/v1/pipelines/" + pipeline + "/jobs/" + job + "/checkpoints";

        wadi.waitUntil("two checkpoints complete", WAIT, () -> completed(ok(checkpoints)).size() >= 2);

        List<JsonNode> done = completed(ok(checkpoints));
        JsonNode first = done.get(0);
        assertEquals("file", first.get("backend").asText(), first.toString());
        assertEquals("scheduled", first.get("checkpoint_type").asText());
        assertTrue(first.get("finish_time").asLong() >= first.get("start_time").asLong(), first.toString());
        Set<String> events = new HashSet<>();
        first.get("events").forEach(e -> events.add(e.get("event").asText()));
        assertEquals(Set.of("Checkpointing", "CheckpointingOperators"), events, first.toString());

        // what each operator of the graph stored, in the graph's order
        long epoch = first.get("epoch").asLong();
        JsonNode groups = ok(checkpoints + "/" + epoch + "/operator_checkpoint_groups").get("data");
        List<String> graph = new ArrayList<>();
        ok("/api/v1/pipelines/" + pipeline).get("graph").get("nodes").forEach(n -> graph.add(n.get("node_id").asText()));
        List<String> operators = new ArrayList<>();
        groups.forEach(g -> operators.add(g.get("operator_id").asText()));
        assertEquals(graph, operators, groups.toString());
        long total = 0;
        for (JsonNode g : groups) {
            long sum = 0;
            for (JsonNode s : g.get("subtasks")) {
                assertEquals(0, s.get("index").asInt(), "parallelism 1: " + g);
                sum += s.get("bytes").asLong();
                List<String> spans = new ArrayList<>();
                s.get("event_spans").forEach(e -> spans.add(e.get("event").asText()));
                assertTrue(spans.contains("Snapshot"), g.toString());
            }
            assertEquals(sum, g.get("bytes").asLong(), g.toString());
            assertTrue(g.get("finish_time").asLong() >= g.get("start_time").asLong(), g.toString());
            total += sum;
        }
        assertEquals(first.get("bytes").asLong(), total, "the checkpoint's bytes are its operators': " + groups);

        // unknown ids and epochs
        Wadi.Response missing = wadi.get(checkpoints + "/999999/operator_checkpoint_groups");
        assertEquals(404, missing.status(), missing.body());
        assertTrue(missing.json().get("error").asText().startsWith("checkpoint 999999 of job '" + job + "' not found"),
                missing.body());
        assertEquals(400, wadi.get(checkpoints + "/latest/operator_checkpoint_groups").status());
        Wadi.Response noJob = wadi.get("/api/v1/pipelines/" + pipeline + "/jobs/job_none/checkpoints");
        assertEquals(404, noJob.status());
        assertEquals("job 'job_none' not found in pipeline '" + pipeline + "'", noJob.json().get("error").asText());

        aRunningJobsOperatorMetricsAreServed(pipeline, job, graph);

        // a stop with a checkpoint takes a final one of the other type
        Wadi.Response stop = wadi.send(HttpRequest.newBuilder(wadi.uri("/api/v1/pipelines/" + pipeline))
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"stop\": \"checkpoint\"}")));
        assertEquals(200, stop.status(), stop.body());
        JsonNode stopped = wadi.awaitFinalJob(pipeline, WAIT);
        assertEquals("Stopped", stopped.get("state").asText(), stopped + "\n" + wadi.diagnostics());
        List<JsonNode> all = completed(ok(checkpoints));
        assertEquals("stopping", all.get(all.size() - 1).get("checkpoint_type").asText(), all.toString());
    }

    @Test
    @Order(2)
    void aFailingJobsTaskFailuresRestartAndFailureAreItsErrorsNewestFirst() {
        String query = "CREATE TABLE impulse WITH (connector = 'impulse', event_rate = '10');\n"
                + "CREATE TABLE sink (x BIGINT UNSIGNED) WITH (connector = 'blackhole');\n"
                + "INSERT INTO sink SELECT counter / (counter - counter) AS x FROM impulse;";
        String pipeline = wadi.createPipeline("failing", query, 1);
        JsonNode job = wadi.awaitFinalJob(pipeline, WAIT);
        assertEquals("Failed", job.get("state").asText(), job + "\n" + wadi.diagnostics());
        failedJob = job.get("id").asText();
        String errors = "/api/v1/pipelines/" + pipeline + "/jobs/" + failedJob + "/errors";

        // the failure is recorded in the background, just after the job's state
        wadi.waitUntil("the job's failure is in its errors", Duration.ofSeconds(30), () ->
                ok(errors).get("data").get(0).get("message").asText().startsWith("job failed: "));
        JsonNode page = ok(errors);
        assertFalse(page.get("hasMore").asBoolean(), page.toString());
        List<JsonNode> list = new ArrayList<>();
        page.get("data").forEach(list::add);
        assertEquals("error", list.get(0).get("log_level").asText());
        assertEquals("job failed: " + job.get("failure_reason").get("error").asText(), list.get(0).get("message").asText());
        // newest first: the second run's task failure, the restart, the first run's task failure
        int restart = -1;
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).get("message").asText().startsWith("job restarting: task ")) {
                assertEquals(-1, restart, "one restart: " + page);
                restart = i;
            }
        }
        assertEquals("warn", list.get(restart).get("log_level").asText(), page.toString());
        assertTrue(restart > 1 && restart < list.size() - 1, "task failures on both sides of the restart: " + page);
        for (int i = 1; i < list.size(); i++) {
            if (i == restart) {
                continue;
            }
            JsonNode task = list.get(i);
            assertEquals("error", task.get("log_level").asText(), task.toString());
            assertFalse(task.get("operator_id").isNull(), task.toString());
            assertEquals(0, task.get("task_index").asInt(), task.toString());
            assertTrue(task.get("message").asText().contains("division by zero"), task.toString());
            assertTrue(task.get("details").asText().startsWith("Reported by worker "), task.toString());
        }
        for (int i = 1; i < list.size(); i++) {
            assertTrue(list.get(i - 1).get("created_at").asLong() >= list.get(i).get("created_at").asLong(),
                    "newest first: " + page);
        }

        // in pages
        JsonNode one = ok(errors + "?limit=1");
        assertTrue(one.get("hasMore").asBoolean());
        assertEquals(list.get(0).get("id"), one.get("data").get(0).get("id"));
        JsonNode next = ok(errors + "?limit=1&starting_after=" + one.get("data").get(0).get("id").asText());
        assertEquals(list.get(1).get("id"), next.get("data").get(0).get("id"));
        assertEquals(400, wadi.get(errors + "?starting_after=nonsense").status());
        assertEquals(400, wadi.get(errors + "?limit=0").status());

        // every job of every pipeline
        List<String> jobs = new ArrayList<>();
        ok("/api/v1/jobs").get("data").forEach(j -> jobs.add(j.get("id").asText() + " " + j.get("state").asText()));
        assertEquals(List.of(failedJob + " Failed", checkpointedJob + " Stopped"), jobs, "newest first");
    }

    @Test
    @Order(3)
    void theServersMetricsAreServedAsPrometheusText() {
        Wadi.Response metrics = wadi.get("/metrics");
        assertEquals(200, metrics.status(), metrics.body());
        assertTrue(metrics.contentType().orElse("").startsWith("text/plain; version=0.0.4"), metrics.contentType().toString());
        String text = metrics.body();

        assertEquals(1.0, value(text, "wadi_jobs{state=\"Failed\"}"), text);
        assertEquals(1.0, value(text, "wadi_jobs{state=\"Stopped\"}"), text);
        assertEquals(0.0, value(text, "wadi_jobs{state=\"Running\"}"), text);
        assertEquals(1.0, value(text, "wadi_job_restarts_total"), text);
        assertEquals(1.0, value(text, "wadi_job_transitions_total{from=\"Failing\",to=\"Failed\"}"), text);
        double completed = value(text, "wadi_checkpoints_completed_total");
        assertTrue(completed >= 3, text);
        assertEquals(completed, value(text, "wadi_checkpoint_duration_seconds_count"), text);
        assertTrue(value(text, "wadi_checkpoint_size_bytes_sum") > 0, text);
        assertTrue(value(text, "wadi_job_log_messages_total{level=\"error\"}") >= 3, text);
        assertTrue(value(text, "wadi_api_requests_total{method=\"GET\","
                + "route=\"/api/v1/pipelines/{id}/jobs/{job_id}/errors\",status=\"200\"}") >= 3, text);
        assertTrue(value(text, "wadi_api_requests_total{method=\"GET\","
                + "route=\"/api/v1/pipelines/{id}/jobs/{job_id}/checkpoints/{epoch}/operator_checkpoint_groups\","
                + "status=\"404\"}") >= 1, text);
        assertTrue(text.contains("\njvm_memory_used_bytes{"), "the JVM's metrics too");
        assertNotEquals(-1, text.indexOf("# TYPE wadi_api_request_duration_seconds histogram"), text);

        // the OpenAPI document lists the new endpoints
        Set<String> paths = new HashSet<>();
        ok("/api/v1/api-docs/openapi.json").get("paths").fieldNames().forEachRemaining(paths::add);
        assertTrue(paths.containsAll(Set.of("/jobs", "/pipelines/{id}/jobs/{job_id}/checkpoints",
                "/pipelines/{id}/jobs/{job_id}/checkpoints/{epoch}/operator_checkpoint_groups",
                "/pipelines/{id}/jobs/{job_id}/errors")), paths.toString());
    }

    /**
     * While the job runs: its source's rows per second in operator_metric_groups (Arroyo's shape,
     * from the worker's reports to the controller) and its counters at /metrics.
     */
    private static void aRunningJobsOperatorMetricsAreServed(String pipeline, String job, List<String> graph) {
        String path = "/api/v1/pipelines/" + pipeline + "/jobs/" + job + "/operator_metric_groups";
        String source = graph.get(0);
        wadi.waitUntil("the source's messages_sent in operator_metric_groups", WAIT,
                () -> lastValue(ok(path), source, "messages_sent") > 0);
        JsonNode data = ok(path).get("data");
        List<String> operators = new ArrayList<>();
        data.forEach(g -> operators.add(g.get("operator_id").asText()));
        assertEquals(graph, operators, "every operator, in the graph's order: " + data);
        List<String> names = new ArrayList<>();
        data.get(0).get("metric_groups").forEach(g -> names.add(g.get("name").asText()));
        assertTrue(names.containsAll(List.of("bytes_recv", "bytes_sent", "messages_recv", "messages_sent",
                "backpressure", "tx_queue_size", "tx_queue_rem")), names.toString());

        String text = wadi.get("/metrics").body();
        double sent = value(text, "wadi_operator_records_sent_total{job_id=\"" + job + "\",operator_id=\"" + source
                + "\",subtask=\"0\"}");
        assertTrue(sent > 0, text);
        assertEquals(404, wadi.get("/api/v1/pipelines/" + pipeline + "/jobs/job_none/operator_metric_groups").status());
    }

    /** The newest value of metric {@code name} of subtask 0 of {@code operator}, or 0 when there is none yet. */
    private static double lastValue(JsonNode groups, String operator, String name) {
        for (JsonNode g : groups.get("data")) {
            if (!g.get("operator_id").asText().equals(operator)) {
                continue;
            }
            for (JsonNode m : g.get("metric_groups")) {
                if (m.get("name").asText().equals(name) && m.get("subtasks").size() > 0) {
                    JsonNode points = m.get("subtasks").get(0).get("metrics");
                    return points.size() == 0 ? 0 : points.get(points.size() - 1).get("value").asDouble();
                }
            }
        }
        return 0;
    }

    private static List<JsonNode> completed(JsonNode checkpoints) {
        List<JsonNode> out = new ArrayList<>();
        checkpoints.get("data").forEach(c -> {
            if ("completed".equals(c.get("state").asText())) {
                out.add(c);
            }
        });
        return out;
    }

    /** The value of the sample line {@code name{labels} value}, or NaN when the text has none. */
    private static double value(String text, String nameAndLabels) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(nameAndLabels) + " (\\S+)$").matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }
}
