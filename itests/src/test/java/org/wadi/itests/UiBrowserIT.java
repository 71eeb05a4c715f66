package org.wadi.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The web UI in a real browser against the real distribution: headless Chromium (Debian's
 * {@code /usr/bin/chromium}) driven by playwright-core from {@code ui/web/e2e/ui-e2e.mjs}. The script
 * creates a pipeline in the editor after seeing a diagnostic for bad SQL, previews rows, starts it,
 * waits for Running and for the operators' rates on the graph, opens an operator's charts from the
 * keyboard and stops it, goes through the connection wizard for {@code impulse} and for a
 * {@code kafka} source with an Avro schema, with a screenshot of each page saved
 * under {@code docs/screenshots/}; this class then checks through the API that what the browser did
 * happened. Also the HTTP side of the UI: application routes fall back to the page, unknown
 * {@code /api} paths stay JSON 404s, and the endpoints the UI adds answer.
 */
class UiBrowserIT {

    private static final Path WEB = Path.of(System.getProperty("wadi.ui.web", "../ui/web")).toAbsolutePath().normalize();
    private static final Path SCREENSHOTS = Path.of(System.getProperty("wadi.ui.screenshots", "../docs/screenshots"))
            .toAbsolutePath().normalize();
    private static final Path CHROMIUM = Path.of(System.getProperty("wadi.chromium", "/usr/bin/chromium"));
    private static final Duration SCRIPT_DEADLINE = Duration.ofMinutes(8);

    private static Wadi wadi;

    @BeforeAll
    static void start() {
        wadi = Wadi.start("ui", Map.of());
    }

    @AfterAll
    static void stop() {
        if (wadi != null) {
            wadi.close();
        }
    }

    @Test
    void aUserWritesPreviewsStartsWatchesAndStopsAPipelineInTheBrowser() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), CHROMIUM + " is missing: apt-get install -y chromium");
        assertTrue(Files.isDirectory(WEB.resolve("node_modules/playwright-core")),
                "no playwright-core in " + WEB + ": build ui first (npm ci)");
        Path work = Files.createTempDirectory(Path.of(System.getProperty("wadi.itests.dir", "target")).toAbsolutePath(), "browser-");
        Path log = work.resolve("browser.log");
        ProcessBuilder pb = new ProcessBuilder("node", WEB.resolve("e2e/ui-e2e.mjs").toString())
                .directory(WEB.toFile())
                .redirectError(log.toFile());
        pb.environment().put("WADI_URL", "http://127.0.0.1:" + wadi.httpPort());
        pb.environment().put("SCREENSHOTS", SCREENSHOTS.toString());
        pb.environment().put("PROFILE", work.resolve("profile").toString());
        pb.environment().put("CHROMIUM", CHROMIUM.toString());
        Process node = pb.start();
        String out;
        try {
            if (!node.waitFor(SCRIPT_DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
                node.descendants().forEach(ProcessHandle::destroyForcibly);
                node.destroyForcibly();
                throw new AssertionError("the browser script did not end within " + SCRIPT_DEADLINE + "\n" + tail(log));
            }
            out = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        } finally {
            node.descendants().forEach(ProcessHandle::destroyForcibly);
        }
        String last = out.isEmpty() ? "{}" : out.substring(out.lastIndexOf('\n') + 1);
        JsonNode result = Wadi.JSON.readTree(last);
        assertTrue(result.path("ok").asBoolean(), "the browser script failed: " + result.path("error").asText()
                + "\nsteps: " + result.path("steps") + "\n" + tail(log) + "\n" + wadi.diagnostics());
        assertEquals(0, node.exitValue());
        assertEquals(List.of(), Wadi.JSON.convertValue(result.get("consoleErrors"), List.class),
                "the browser console showed errors");

        // what the browser saw
        assertFalse(result.path("diagnostic").asText().isBlank(), "no diagnostic was shown for bad SQL");
        assertTrue(result.path("previewRows").asInt() >= 3, "preview rows: " + result.path("previewRows"));
        assertTrue(result.path("previewColumns").toString().contains("doubled"), "preview columns: " + result.path("previewColumns"));
        assertTrue(result.path("editorGraphNodes").asInt() >= 2, "graph of the query: " + result.path("editorGraphNodes"));
        assertTrue(result.path("operatorPanel").asText().startsWith("Operator"), result.path("operatorPanel").asText());
        assertTrue(result.path("nodeRate").asText().matches(".+/s in · .+/s out"),
                "the graph shows no operator rate: " + result.path("nodeRate"));
        assertTrue(result.path("nodeBackpressureText").asText().matches("\\d+% backpressure"),
                "the graph shows no backpressure: " + result.path("nodeBackpressureText"));
        double backpressure = result.path("nodeBackpressure").asDouble(-1);
        assertTrue(backpressure >= 0 && backpressure <= 1, "backpressure: " + result.path("nodeBackpressure"));
        // the source's chart of records out has a line of at least two points
        assertTrue(Wadi.JSON.convertValue(result.get("chartSeries"), List.class).stream()
                        .anyMatch(s -> String.valueOf(s).matches("Records/out:([2-9]|\\d{2,})")),
                "no chart with a series: " + result.path("chartSeries"));
        assertTrue(result.path("checkpointLanes").asInt() >= 3, "one timeline lane per operator subtask of a checkpoint: "
                + result.path("checkpointLanes"));
        assertEquals("Stopped", result.path("listedState").asText());
        String version = wadi.get("/api/v1/version").json().get("version").asText();
        assertTrue(result.path("version").asText().contains(version), result.path("version") + " vs " + version);

        assertFalse(result.path("connectionTest").asText().contains("Test failed"), result.path("connectionTest").asText());

        // and what the server did
        JsonNode tables = wadi.get("/api/v1/connection_tables").json();
        assertTrue(tables.toString().contains("\"impulse_ui\""), "the wizard's table is not there: " + tables);
        assertFalse(result.path("kafkaTableOptions").toString().contains("\"format\""),
                "the table step asks for the format the schema step sets: " + result.path("kafkaTableOptions"));
        assertEquals(List.of("id int64 not null", "amount f64 not null", "customer string", "at timestamp not null"),
                Wadi.JSON.convertValue(result.get("avroColumns"), List.class));
        JsonNode avro = null;
        for (JsonNode t : tables.get("data")) {
            if (t.path("name").asText().equals("orders_avro")) {
                avro = t;
            }
        }
        assertTrue(avro != null, "the wizard's Avro table is not there: " + tables);
        assertEquals("kafka", avro.get("connector").asText());
        assertEquals("source", avro.get("table_type").asText(), avro.toString());
        assertEquals("avro", avro.path("config").path("format").asText(), avro.toString());
        assertTrue(avro.path("config").path("avro.schema").asText().contains("\"shop\""), avro.toString());
        List<String> columns = new java.util.ArrayList<>();
        avro.path("schema").path("fields").forEach(f -> columns.add(f.get("name").asText() + " " + f.get("sql_name").asText()));
        assertEquals(List.of("id BIGINT", "amount DOUBLE", "customer TEXT", "at TIMESTAMP"), columns, avro.toString());
        String id = result.path("pipelineId").asText();
        JsonNode pipeline = wadi.get("/api/v1/pipelines/" + id).json();
        assertEquals("ui-e2e", pipeline.get("name").asText());
        assertEquals(2_000_000L, pipeline.get("checkpoint_interval_micros").asLong());
        assertTrue(pipeline.get("query").asText().contains("counter * 2 AS doubled"), pipeline.get("query").asText());
        assertEquals("Stopped", wadi.job(id).get("state").asText());
        JsonNode history = wadi.get("/api/v1/pipelines/" + id + "/jobs/" + wadi.job(id).get("id").asText() + "/history").json();
        assertTrue(history.toString().contains("\"Running\""), "the job never ran: " + history);

        for (String page : List.of("home", "create-pipeline-diagnostic", "create-pipeline-preview", "pipeline-running",
                "pipeline-operator", "pipeline-operator-dark", "pipeline-checkpoints", "pipeline-stopped", "pipelines", "functions", "installed",
                "nodes", "connections", "connections-wizard-table", "connections-created", "connections-wizard-schema", "narrow-pipeline")) {
            Path png = SCREENSHOTS.resolve(page + ".png");
            assertTrue(Files.size(png) > 5_000, png + " is missing or empty");
        }
    }

    @Test
    void applicationRoutesLoadThePageAndApiPathsStayJson() {
        Wadi.Response route = wadi.get("/pipelines/pl_whatever");
        assertEquals(200, route.status());
        assertTrue(route.body().contains("<div id=\"root\">"), route.body());
        Matcher script = Pattern.compile("src=\"(/assets/[^\"]+\\.js)\"").matcher(route.body());
        assertTrue(script.find(), route.body());
        Wadi.Response js = wadi.get(script.group(1));
        assertEquals(200, js.status());
        assertTrue(js.contentType().orElse("").startsWith("text/javascript"), js.contentType().toString());

        assertEquals(404, wadi.get("/assets/missing-file.js").status());
        Wadi.Response api = wadi.get("/api/v2/pipelines");
        assertEquals(404, api.status());
        assertTrue(api.contentType().orElse("").startsWith("application/json"), api.contentType().toString());
        assertTrue(api.json().has("error"), api.body());
        Wadi.Response unknown = wadi.get("/api/v1/no_such_thing");
        assertEquals(404, unknown.status());
    }

    @Test
    void theEndpointsTheUiAddsAnswer() {
        JsonNode version = wadi.get("/api/v1/version").json();
        assertTrue(version.get("version").asText().matches("\\d+\\.\\d+\\.\\d+.*"), version.toString());
        assertFalse(version.get("build").asText().isBlank(), version.toString());

        JsonNode nodes = wadi.get("/api/v1/nodes").json();
        assertEquals("server", nodes.get("nodes").get(0).get("id").asText(), nodes.toString());
        assertTrue(nodes.get("nodes").get(0).get("schedulers").toString().contains("process"), nodes.toString());
        assertTrue(nodes.get("workers").isArray(), nodes.toString());

        JsonNode bundles = wadi.get("/api/v1/bundles").json();
        assertTrue(bundles.get("data").toString().contains("\"impulse\""), "no bundle offers the impulse connector: " + bundles);
        assertFalse(bundles.get("upload_enabled").asBoolean(), bundles.toString());
        for (JsonNode b : bundles.get("data")) {
            assertEquals("Active", b.get("state").asText(), b.toString());
        }

        Wadi.Response upload = wadi.send(java.net.http.HttpRequest.newBuilder(wadi.uri("/api/v1/bundles?filename=x.jar"))
                .header("Content-Type", "application/octet-stream")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(new byte[] {1, 2, 3})));
        assertEquals(403, upload.status(), upload.body());
        assertTrue(upload.json().get("error").asText().contains("api.bundle_upload"), upload.body());
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
