package org.wadi.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The job lifecycle on the real distribution with worker processes and the exactly-once
 * filesystem sink: rescaling, restarting with and without state, resuming a stopped pipeline.
 */
class JobLifecycleIT {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static Wadi wadi;

    @BeforeAll
    static void startServer() {
        wadi = Wadi.start("lifecycle", Map.of());
    }

    @AfterAll
    static void stopServer() {
        if (wadi != null) {
            wadi.close();
        }
    }

    private String create(String name, Path folder, int parallelism) {
        String query = "CREATE TABLE impulse WITH (connector = 'impulse', event_rate = '100');\n"
                + "CREATE TABLE out (counter BIGINT UNSIGNED, subtask_index BIGINT UNSIGNED) WITH (connector = 'filesystem',"
                + " type = 'sink', path = '" + folder + "', format = 'json');\n"
                + "INSERT INTO out SELECT counter, subtask_index FROM impulse;";
        ObjectNode body = Wadi.JSON.createObjectNode().put("name", name).put("query", query)
                .put("parallelism", parallelism).put("checkpoint_interval_micros", 1_000_000);
        Wadi.Response created = wadi.post("/api/v1/pipelines", body.toString());
        assertEquals(200, created.status(), created.body());
        return created.json().get("id").asText();
    }

    private Wadi.Response patch(String pipeline, String body) {
        return wadi.send(HttpRequest.newBuilder(wadi.uri("/api/v1/pipelines/" + pipeline))
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body)));
    }

    private void awaitRun(String pipeline, long runAfter) {
        wadi.waitUntil("the job runs in a run after " + runAfter, WAIT, () -> {
            JsonNode job = wadi.job(pipeline);
            return "Running".equals(job.get("state").asText()) && job.get("run_id").asLong() > runAfter;
        });
    }

    private long commitsAndRun(String pipeline, Path folder) {
        int before = published(folder).size();
        wadi.waitUntil("a checkpoint commits", WAIT, () -> published(folder).size() > before);
        return wadi.job(pipeline).get("run_id").asLong();
    }

    private void stopWithCheckpoint(String pipeline) {
        Wadi.Response stop = patch(pipeline, "{\"stop\": \"checkpoint\"}");
        assertEquals(200, stop.status(), stop.body());
        JsonNode job = wadi.awaitFinalJob(pipeline, WAIT);
        assertEquals("Stopped", job.get("state").asText(), job + "\n" + wadi.diagnostics());
    }

    private List<String> history(String pipeline) {
        String jobId = wadi.job(pipeline).get("id").asText();
        Wadi.Response h = wadi.get("/api/v1/pipelines/" + pipeline + "/jobs/" + jobId + "/history");
        assertEquals(200, h.status(), h.body());
        List<String> states = new ArrayList<>();
        for (JsonNode t : h.json().get("data")) {
            states.add(t.get("to").asText());
        }
        return states;
    }

    /** Every committed row once: per subtask, the counters 0..n without gap or repeat. */
    private static Map<Long, List<Long>> assertExactlyOnce(Path folder) {
        Map<Long, List<Long>> bySubtask = new java.util.TreeMap<>();
        Set<String> seen = new HashSet<>();
        for (Path file : published(folder)) {
            for (JsonNode row : Pipelines.rows(file)) {
                assertTrue(seen.add(row.toString()), "row written twice: " + row);
                bySubtask.computeIfAbsent(row.get("subtask_index").asLong(), k -> new ArrayList<>())
                        .add(row.get("counter").asLong());
            }
        }
        assertFalse(bySubtask.isEmpty(), "nothing was committed");
        return bySubtask;
    }

    private static void assertContiguous(List<Long> counters, String what) {
        List<Long> sorted = new ArrayList<>(counters);
        sorted.sort(null);
        long first = sorted.get(0);
        for (int i = 0; i < sorted.size(); i++) {
            assertEquals(first + i, sorted.get(i), what + ": rows lost or doubled: " + sorted);
        }
    }

    @Test
    void rescalingFromOneToTwoKeepsEveryRowOnce() throws IOException {
        Path folder = Files.createDirectories(wadi.files().resolve("rescaled"));
        String pipeline = create("rescale", folder, 1);
        awaitRun(pipeline, 0);
        long run = commitsAndRun(pipeline, folder);

        Wadi.Response rescale = patch(pipeline, "{\"parallelism\": 2}");
        assertEquals(200, rescale.status(), rescale.body());
        awaitRun(pipeline, run);
        JsonNode job = wadi.job(pipeline);
        assertEquals(4, job.get("tasks").asLong(), "two subtasks of source and sink: " + job);
        commitsAndRun(pipeline, folder);
        stopWithCheckpoint(pipeline);

        assertTrue(history(pipeline).contains("Rescaling"), history(pipeline).toString());
        Map<Long, List<Long>> rows = assertExactlyOnce(folder);
        assertEquals(Set.of(0L, 1L), rows.keySet(), "both subtasks wrote after the rescale");
        List<Long> first = new ArrayList<>(rows.get(0L));
        first.sort(null);
        assertEquals(0L, first.get(0), "subtask 0 started at 0");
        assertContiguous(first, "subtask 0 across the rescale");
    }

    @Test
    void aRestartKeepsStateAndARestartIgnoringStateStartsOver() throws IOException {
        Path folder = Files.createDirectories(wadi.files().resolve("restarted"));
        String pipeline = create("restart", folder, 1);
        awaitRun(pipeline, 0);
        long run = commitsAndRun(pipeline, folder);

        Wadi.Response safe = wadi.post("/api/v1/pipelines/" + pipeline + "/restart", "{}");
        assertEquals(200, safe.status(), safe.body());
        awaitRun(pipeline, run);
        run = commitsAndRun(pipeline, folder);
        List<Long> afterSafe = assertExactlyOnce(folder).get(0L);
        assertContiguous(afterSafe, "across a safe restart");
        assertEquals(0L, afterSafe.stream().min(Long::compare).orElseThrow());

        Wadi.Response forced = wadi.post("/api/v1/pipelines/" + pipeline + "/restart", "{\"force\": true}");
        assertEquals(200, forced.status(), forced.body());
        awaitRun(pipeline, run);
        run = commitsAndRun(pipeline, folder);
        assertContiguous(assertExactlyOnce(folder).get(0L), "across a forced restart");

        Wadi.Response fresh = wadi.post("/api/v1/pipelines/" + pipeline + "/restart", "{\"ignore_state\": true}");
        assertEquals(200, fresh.status(), fresh.body());
        awaitRun(pipeline, run);
        commitsAndRun(pipeline, folder);
        stopWithCheckpoint(pipeline);
        List<Long> all = new ArrayList<>();
        for (Path file : published(folder)) {
            for (JsonNode row : Pipelines.rows(file)) {
                all.add(row.get("counter").asLong());
            }
        }
        assertTrue(all.stream().filter(c -> c == 0L).count() == 2,
                "without state the source starts over at 0 once more: " + all.stream().sorted().limit(5).toList());
        assertEquals(3, history(pipeline).stream().filter("Restarting"::equals).count(), history(pipeline).toString());
    }

    @Test
    void aStoppedPipelineResumesFromItsLastCheckpoint() throws IOException {
        Path folder = Files.createDirectories(wadi.files().resolve("resumed"));
        String pipeline = create("resume", folder, 1);
        awaitRun(pipeline, 0);
        long run = commitsAndRun(pipeline, folder);
        stopWithCheckpoint(pipeline);

        Wadi.Response resume = patch(pipeline, "{\"stop\": \"none\"}");
        assertEquals(200, resume.status(), resume.body());
        awaitRun(pipeline, run);
        commitsAndRun(pipeline, folder);
        stopWithCheckpoint(pipeline);

        List<Long> counters = assertExactlyOnce(folder).get(0L);
        assertContiguous(counters, "across a stop and a resume");
        assertEquals(0L, counters.stream().min(Long::compare).orElseThrow());
    }

    private static List<Path> published(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> !f.getFileName().toString().startsWith(".")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
