package org.wadi.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A new pipeline started from a checkpoint of another one ({@code state_url}) goes on where that
 * one stopped; a preview pipeline's rows arrive through its job's output stream; the shell's
 * {@code wadi} commands mirror the API. On the real distribution with worker processes.
 */
class StateUrlIT {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static Wadi wadi;

    @BeforeAll
    static void startServer() {
        wadi = Wadi.start("state-url", Map.of());
        // the shell's bundle comes last: once its commands answer, the API is no longer being rebuilt
        wadi.waitUntil("the wadi shell commands are registered", WAIT,
                () -> wadi.shell("wadi:job-list").contains("no jobs"));
    }

    @AfterAll
    static void stopServer() {
        if (wadi != null) {
            wadi.close();
        }
    }

    private static String query(Path folder) {
        return "CREATE TABLE impulse WITH (connector = 'impulse', event_rate = '100');\n"
                + "CREATE TABLE out (counter BIGINT UNSIGNED) WITH (connector = 'filesystem', type = 'sink', path = '"
                + folder + "', format = 'json');\n"
                + "INSERT INTO out SELECT counter FROM impulse;";
    }

    private static Wadi.Response create(String name, Path folder, String stateUrl) {
        ObjectNode body = Wadi.JSON.createObjectNode().put("name", name).put("query", query(folder))
                .put("parallelism", 1).put("checkpoint_interval_micros", 1_000_000);
        if (stateUrl != null) {
            body.put("state_url", stateUrl);
        }
        return wadi.post("/api/v1/pipelines", body.toString());
    }

    private static String created(Wadi.Response r) {
        assertEquals(200, r.status(), r.body());
        return r.json().get("id").asText();
    }

    private static void awaitCommits(String pipeline, Path folder) {
        wadi.waitUntil("the job of " + pipeline + " runs", WAIT, () -> "Running".equals(wadi.job(pipeline).get("state").asText()));
        wadi.waitUntil("a checkpoint of " + pipeline + " commits rows", WAIT, () -> !counters(folder).isEmpty());
    }

    private static void stopWithCheckpoint(String pipeline) {
        Wadi.Response stop = wadi.send(HttpRequest.newBuilder(wadi.uri("/api/v1/pipelines/" + pipeline))
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"stop\": \"checkpoint\"}")));
        assertEquals(200, stop.status(), stop.body());
        JsonNode job = wadi.awaitFinalJob(pipeline, WAIT);
        assertEquals("Stopped", job.get("state").asText(), job + "\n" + wadi.diagnostics());
    }

    /** The counters committed to the folder, sorted. */
    private static List<Long> counters(Path folder) {
        List<Long> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path f : files.filter(f -> !f.getFileName().toString().startsWith(".")).sorted().toList()) {
                for (JsonNode row : Pipelines.rows(f)) {
                    out.add(row.get("counter").asLong());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.sort(null);
        return out;
    }

    private static void assertContiguous(List<Long> counters, long first, String what) {
        assertFalse(counters.isEmpty(), what + ": nothing committed");
        for (int i = 0; i < counters.size(); i++) {
            assertEquals(first + i, counters.get(i), what + ": rows lost, doubled or reset: "
                    + counters.subList(0, Math.min(counters.size(), 20)) + " …");
        }
    }

    @Test
    void aNewPipelineStartedFromAStoppedOnesCheckpointCountsOnWithoutAReset() throws IOException {
        Path first = Files.createDirectories(wadi.files().resolve("first"));
        String a = created(create("first", first, null));
        awaitCommits(a, first);
        stopWithCheckpoint(a);
        List<Long> before = counters(first);
        assertContiguous(before, 0, "the first pipeline");

        String jobA = wadi.job(a).get("id").asText();
        Wadi.Response cps = wadi.get("/api/v1/pipelines/" + a + "/jobs/" + jobA + "/checkpoints");
        assertEquals(200, cps.status(), cps.body());
        JsonNode last = null;
        for (JsonNode cp : cps.json().get("data")) {
            if ("completed".equals(cp.get("state").asText())) {
                last = cp;
            }
        }
        assertTrue(last != null && last.get("state_url").isTextual(), "a completed checkpoint with its state_url: " + cps.body());
        String stateUrl = last.get("state_url").asText();
        assertTrue(stateUrl.endsWith("/" + jobA + "/checkpoints/" + String.format("%010d", last.get("epoch").asLong())),
                stateUrl);

        Path second = Files.createDirectories(wadi.files().resolve("second"));
        String b = created(create("second", second, stateUrl));
        awaitCommits(b, second);
        stopWithCheckpoint(b);

        List<Long> after = counters(second);
        long lastOfA = before.get(before.size() - 1);
        assertContiguous(after, lastOfA + 1, "the second pipeline goes on after the first one's last row");
        String jobB = wadi.job(b).get("id").asText();
        JsonNode cpsB = wadi.get("/api/v1/pipelines/" + b + "/jobs/" + jobB + "/checkpoints").json().get("data");
        assertTrue(cpsB.get(0).get("epoch").asLong() > last.get("epoch").asLong(),
                "the new job numbers its checkpoints after the one it started from: " + cpsB);
    }

    @Test
    void aStateUrlThatNamesNoCheckpointIsRefused() throws IOException {
        Path folder = Files.createDirectories(wadi.files().resolve("refused"));
        Wadi.Response malformed = create("bad", folder, "file:///tmp/not-a-checkpoint");
        assertEquals(400, malformed.status(), malformed.body());
        assertTrue(malformed.json().get("error").asText().contains("is not the URL of a checkpoint"), malformed.body());

        String missing = wadi.home().resolve("data/checkpoints/job_none/checkpoints/0000000042").toUri().toString();
        Wadi.Response absent = create("bad", folder, missing);
        assertEquals(400, absent.status(), absent.body());
        assertTrue(absent.json().get("error").asText().contains("there is no completed checkpoint 42 of job 'job_none'"),
                absent.body());
    }

    @Test
    void theShellMirrorsTheApi() throws IOException {
        Path folder = Files.createDirectories(wadi.files().resolve("shell"));
        String pipeline = created(create("shell", folder, null));
        awaitCommits(pipeline, folder);
        String job = wadi.job(pipeline).get("id").asText();

        String out = wadi.shell("wadi:nodes", "wadi:connector-list", "wadi:job-list",
                "wadi:job-checkpoints " + pipeline, "wadi:job-errors " + pipeline).replace('\u2502', '|');
        assertTrue(out.matches("(?s).*server +\\| ProcessScheduler \\| wkr_\\w+ +\\| " + job + " .*"),
                "a worker of the job, on the server's machine:\n" + out);
        assertTrue(out.contains("impulse") && out.contains("filesystem"), "the connectors:\n" + out);
        assertTrue(out.contains(job + " | " + pipeline + " | Running"), "the job:\n" + out);
        assertTrue(out.contains("Checkpoints of job " + job + ":") && out.contains("/" + job + "/checkpoints/"),
                "a checkpoint with its state URL:\n" + out);
        assertTrue(out.contains("no errors"), out);

        wadi.shell("wadi:pipeline-stop --mode immediate " + pipeline);
        assertEquals("Stopped", wadi.awaitFinalJob(pipeline, WAIT).get("state").asText());
        out = wadi.shell("wadi:pipeline-delete " + pipeline, "wadi:pipeline-list");
        assertTrue(out.contains("Deleted pipeline " + pipeline), out);
        assertEquals(404, wadi.get("/api/v1/pipelines/" + pipeline).status());
    }

    @Test
    void aPreviewsRowsArriveThroughItsOutputStream() throws Exception {
        String query = "CREATE TABLE impulse WITH (connector = 'impulse', event_rate = '50');\n"
                + "CREATE TABLE out (counter BIGINT UNSIGNED) WITH (connector = 'blackhole');\n"
                + "INSERT INTO out SELECT counter FROM impulse WHERE counter % 2 = 0;";
        Wadi.Response r = wadi.post("/api/v1/pipelines/preview",
                Wadi.JSON.createObjectNode().put("query", query).toString());
        assertEquals(200, r.status(), r.body());
        assertTrue(r.json().get("preview").asBoolean(), r.body());
        assertEquals("preview", r.json().get("name").asText());
        String pipeline = r.json().get("id").asText();
        JsonNode sink = null;
        for (JsonNode n : r.json().get("graph").get("nodes")) {
            if (n.get("operator").asText().contains("sink") || n.get("description").asText().contains("sink")) {
                sink = n;
            }
        }
        assertTrue(sink != null && sink.get("description").asText().startsWith("preview sink"), r.body());
        wadi.waitUntil("the preview runs", WAIT, () -> "Running".equals(wadi.job(pipeline).get("state").asText()));
        String job = wadi.job(pipeline).get("id").asText();

        HttpResponse<Stream<String>> events = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(wadi.uri("/api/v1/pipelines/" + pipeline + "/jobs/" + job + "/output"))
                        .header("Accept", "text/event-stream").timeout(Duration.ofSeconds(60)).GET().build(),
                HttpResponse.BodyHandlers.ofLines());
        assertEquals(200, events.statusCode());
        List<Long> seen = new ArrayList<>();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        try (Stream<String> lines = events.body()) {
            Iterator<String> it = lines.iterator();
            while (seen.size() < 5 && Instant.now().isBefore(deadline) && it.hasNext()) {
                String line = it.next();
                if (line.startsWith("data:")) {
                    JsonNode data = Wadi.JSON.readTree(line.substring(5).trim());
                    seen.add(Wadi.JSON.readTree(data.get("value").asText()).get("counter").asLong());
                }
            }
        }
        assertEquals(5, seen.size(), "rows of the preview: " + seen);
        assertTrue(seen.stream().allMatch(c -> c % 2 == 0), seen.toString());

        Wadi.Response stop = wadi.send(HttpRequest.newBuilder(wadi.uri("/api/v1/pipelines/" + pipeline))
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"stop\": \"immediate\"}")));
        assertEquals(200, stop.status(), stop.body());
        assertEquals("Stopped", wadi.awaitFinalJob(pipeline, WAIT).get("state").asText());
    }
}
