package org.wadi.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * SQL functions from a bundle dropped into {@code deploy/} (the text example: {@code slugify}),
 * usable by the next pipeline without a restart and refused with a clear error once the bundle is
 * removed; and Java source functions through {@code /api/v1/udfs}. Workers run as processes (the
 * process scheduler), which install the function bundles the plan calls, as they do connector bundles.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FunctionBundleIT {

    private static final String BUNDLE = "wadi-example-functions-text";

    private static Wadi wadi;

    @BeforeAll
    static void start() {
        wadi = Wadi.start("functions", Map.of("WADI_SCHEDULER", "process"));
    }

    @AfterAll
    static void stop() {
        if (wadi != null) {
            wadi.close();
        }
    }

    /** The example bundle's jar, as the build made it. */
    private static Path exampleJar() {
        Path jar = Path.of(System.getProperty("wadi.example.functions.text",
                "../examples/functions-text/target/" + BUNDLE + "-0.1.0-SNAPSHOT.jar"));
        if (!Files.isRegularFile(jar)) {
            fail("no example function bundle at " + jar.toAbsolutePath() + ": build examples/functions-text first");
        }
        return jar;
    }

    private static String slugQuery(Path out) {
        return "CREATE TABLE impulse WITH (connector = 'impulse', event_rate = '100', message_count = '5');\n"
                + "CREATE TABLE slugs (slug TEXT) WITH (connector = 'single_file', path = '" + out + "', type = 'sink',"
                + " format = 'json');\n"
                + "INSERT INTO slugs SELECT slugify('Crème Brûlée n° ' || CAST(counter AS TEXT)) FROM impulse;";
    }

    private static String body(String name, String query) {
        return Wadi.JSON.createObjectNode().put("name", name).put("query", query).put("parallelism", 1).toString();
    }

    @Test
    @Order(1)
    void aFunctionBundleDroppedIntoDeployIsUsableAndItsRemovalIsAClearError() throws IOException {
        Path out = wadi.files().resolve("slugs.json");
        String body = body("slugs", slugQuery(out));
        Wadi.Response before = wadi.post("/api/v1/pipelines", body);
        assertEquals(400, before.status(), before.body());
        assertTrue(before.json().get("error").asText().contains("slugify"), before.body());

        // write beside deploy/ and move in, so the deployer never sees half a jar
        Path staged = Files.copy(exampleJar(), wadi.home().resolve(BUNDLE + ".jar"), StandardCopyOption.REPLACE_EXISTING);
        Path deployed = wadi.home().resolve("deploy").resolve(BUNDLE + ".jar");
        Files.move(staged, deployed, StandardCopyOption.ATOMIC_MOVE);

        String[] created = new String[1];
        wadi.waitUntil("the deployed function is usable in SQL", Duration.ofSeconds(60), () -> {
            Wadi.Response r = wadi.post("/api/v1/pipelines", body);
            if (r.status() == 200) {
                created[0] = r.json().get("id").asText();
            }
            return created[0] != null;
        });
        JsonNode job = wadi.awaitFinalJob(created[0], Duration.ofSeconds(90));
        Pipelines.assertFinished(job, wadi);
        List<String> slugs = new ArrayList<>();
        for (JsonNode row : Pipelines.rows(out)) {
            slugs.add(row.get("slug").asText());
        }
        slugs.sort(null);
        assertEquals(List.of("creme-brulee-n-0", "creme-brulee-n-1", "creme-brulee-n-2", "creme-brulee-n-3",
                "creme-brulee-n-4"), slugs);

        // the bundle's aggregate in a window: its accumulators are its own objects
        Path words = wadi.files().resolve("words.json");
        String wordsQuery = "CREATE TABLE impulse WITH (connector = 'impulse', event_rate = '100', message_count = '6');\n"
                + "CREATE TABLE words (n BIGINT) WITH (connector = 'single_file', path = '" + words + "', type = 'sink',"
                + " format = 'json');\n"
                + "INSERT INTO words SELECT distinct_words(CASE WHEN counter % 2 = 0 THEN 'the red fox' ELSE 'The red dog'"
                + " END) FROM impulse GROUP BY tumble(interval '1 day');";
        Pipelines.assertFinished(wadi.awaitFinalJob(wadi.createPipeline("words", wordsQuery, 1), Duration.ofSeconds(90)),
                wadi);
        List<Long> counts = new ArrayList<>();
        for (JsonNode row : Pipelines.rows(words)) {
            counts.add(row.get("n").asLong());
        }
        assertEquals(List.of(4L), counts, "the, red, fox, dog");

        // GET /udfs lists the bundle's functions
        JsonNode udfs = wadi.get("/api/v1/udfs").json().get("data");
        List<String> names = new ArrayList<>();
        udfs.forEach(u -> names.add(u.get("name").asText() + "/" + u.get("language").asText()));
        assertTrue(names.containsAll(List.of("slugify/bundle", "word_count/bundle", "distinct_words/bundle")),
                names.toString());

        Files.delete(deployed);
        String expected = "function 'slugify' is not available: the bundle that provided it (" + BUNDLE
                + " 0.1.0.SNAPSHOT) was removed";
        String[] last = new String[1];
        wadi.waitUntil("a pipeline calling the removed function is refused", Duration.ofSeconds(60), () -> {
            Wadi.Response r = wadi.post("/api/v1/pipelines", body("slugs-again", slugQuery(out)));
            last[0] = r.body();
            return r.status() == 400 && r.json().get("error").asText().contains(expected);
        });
    }

    @Test
    @Order(2)
    void javaSourceFunctionsAreValidatedSavedUsedAndDeleted() throws IOException {
        String source = "public class Bucket {\n"
                + "    public static String bucket(long n) {\n"
                + "        return n < 3 ? \"low\" : \"high\";\n"
                + "    }\n"
                + "}\n";
        ObjectNode broken = Wadi.JSON.createObjectNode().put("language", "java")
                .put("definition", "public class B {\n  public static long b(long n) { return n +; }\n}");
        JsonNode errors = wadi.post("/api/v1/udfs/validate", broken.toString()).json();
        assertTrue(errors.get("udf_name").isNull(), errors.toString());
        assertTrue(errors.get("errors").get(0).asText().startsWith("line 2, column "), errors.toString());

        ObjectNode post = Wadi.JSON.createObjectNode().put("prefix", "").put("language", "java")
                .put("definition", source).put("description", "low or high");
        assertEquals("bucket", wadi.post("/api/v1/udfs/validate", post.toString()).json().get("udf_name").asText());
        Wadi.Response saved = wadi.post("/api/v1/udfs", post.toString());
        assertEquals(200, saved.status(), saved.body());
        String id = saved.json().get("id").asText();
        assertEquals(409, wadi.post("/api/v1/udfs", post.toString()).status());

        Path out = wadi.files().resolve("buckets.json");
        String query = "CREATE TABLE impulse WITH (connector = 'impulse', event_rate = '100', message_count = '5');\n"
                + "CREATE TABLE buckets (b TEXT) WITH (connector = 'single_file', path = '" + out + "', type = 'sink',"
                + " format = 'json');\n"
                + "INSERT INTO buckets SELECT bucket(CAST(counter AS BIGINT)) FROM impulse;";
        String pipeline = wadi.createPipeline("buckets", query, 1);
        Pipelines.assertFinished(wadi.awaitFinalJob(pipeline, Duration.ofSeconds(90)), wadi);
        List<String> buckets = new ArrayList<>();
        for (JsonNode row : Pipelines.rows(out)) {
            buckets.add(row.get("b").asText());
        }
        buckets.sort(null);
        assertEquals(List.of("high", "high", "low", "low", "low"), buckets);

        JsonNode listed = wadi.get("/api/v1/udfs").json().get("data").get(0);
        assertEquals("bucket", listed.get("name").asText());
        assertEquals("java", listed.get("language").asText());
        assertEquals(source, listed.get("definition").asText());

        assertEquals(200, wadi.send(java.net.http.HttpRequest.newBuilder(wadi.uri("/api/v1/udfs/" + id)).DELETE())
                .status());
        assertEquals(404, wadi.send(java.net.http.HttpRequest.newBuilder(wadi.uri("/api/v1/udfs/" + id)).DELETE())
                .status());
        assertEquals(400, wadi.post("/api/v1/pipelines", body("buckets-again", query)).status());
    }

    @Test
    @Order(3)
    void pipelinesCarryTheirOwnJavaFunctionsAndRefuseRustOnesWithTheWayToWadi() {
        Path out = wadi.files().resolve("inline.json");
        String query = "CREATE TABLE impulse WITH (connector = 'impulse', event_rate = '100', message_count = '3');\n"
                + "CREATE TABLE tripled (t BIGINT) WITH (connector = 'single_file', path = '" + out + "', type = 'sink',"
                + " format = 'json');\n"
                + "INSERT INTO tripled SELECT triple(CAST(counter AS BIGINT)) FROM impulse;";
        ObjectNode java = Wadi.JSON.createObjectNode().put("name", "inline").put("query", query).put("parallelism", 1);
        java.putArray("udfs").addObject().put("language", "java")
                .put("definition", "public class T { public static long triple(long n) { return 3 * n; } }");
        Wadi.Response created = wadi.post("/api/v1/pipelines", java.toString());
        assertEquals(200, created.status(), created.body());
        Pipelines.assertFinished(wadi.awaitFinalJob(created.json().get("id").asText(), Duration.ofSeconds(90)), wadi);
        List<Long> values = new ArrayList<>();
        for (JsonNode row : Pipelines.rows(out)) {
            values.add(row.get("t").asLong());
        }
        values.sort(null);
        assertEquals(List.of(0L, 3L, 6L), values);

        ObjectNode rust = Wadi.JSON.createObjectNode().put("name", "rust").put("query", query).put("parallelism", 1);
        rust.putArray("udfs").addObject().put("language", "rust")
                .put("definition", "#[udf] fn triple(n: i64) -> i64 { 3 * n }");
        Wadi.Response refused = wadi.post("/api/v1/pipelines", rust.toString());
        assertEquals(400, refused.status(), refused.body());
        String error = refused.json().get("error").asText();
        assertTrue(error.contains("Rust function") && error.contains("\"language\": \"java\"")
                && error.contains("deploy/"), error);
    }
}
