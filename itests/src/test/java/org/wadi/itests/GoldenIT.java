package org.wadi.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A subset of the SQL golden-file corpus ({@code bundles/sql/src/test/resources/golden}, see its
 * README) through the REST API of the real distribution: each case's query is posted as a pipeline
 * at parallelism 1, runs on a worker process to the end of its inputs, and must write the case's
 * expected rows, compared as the in-process {@code GoldenTest} compares them.
 */
class GoldenIT {

    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final Path CORPUS = Path.of(System.getProperty("wadi.golden",
            "../bundles/sql/src/test/resources/golden"));
    private static Wadi wadi;

    @BeforeAll
    static void startServer() {
        wadi = Wadi.start("golden", Map.of());
    }

    @AfterAll
    static void stopServer() {
        if (wadi != null) {
            wadi.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"projection_filter_case_cast", "tumble_aggregates", "session_aggregates",
        "updating_aggregate", "window_join_inner", "interval_join", "union_all", "several_inserts"})
    void runsThroughTheApiAsInProcess(String name) throws IOException {
        Path source = CORPUS.resolve(name);
        Path work = Files.createDirectories(wadi.files().resolve(name));
        Path in = Files.createDirectories(work.resolve("input"));
        Path out = Files.createDirectories(work.resolve("output"));
        try (Stream<Path> files = Files.list(source)) {
            for (Path p : files.toList()) {
                String f = p.getFileName().toString();
                if (f.startsWith("input") && f.endsWith(".json")) {
                    Files.copy(p, in.resolve(f));
                }
            }
        }
        String sql = Files.readString(source.resolve("query.sql"), StandardCharsets.UTF_8)
                .replace("$input_dir", in.toString())
                .replace("$output_path", out.resolve("output.json").toString())
                .replace("$output_dir", out.toString());

        String pipeline = wadi.createPipeline("golden-" + name, sql, 1);
        JsonNode job = wadi.awaitFinalJob(pipeline, WAIT);
        Pipelines.assertFinished(job, wadi);

        try (Stream<Path> files = Files.list(source)) {
            for (Path expectedFile : files.filter(p -> p.getFileName().toString().matches("expected(_\\w+)?\\.json"))
                    .sorted().toList()) {
                String expectedName = expectedFile.getFileName().toString();
                String outputName = expectedName.equals("expected.json") ? "output.json"
                        : expectedName.substring("expected_".length());
                List<String> written = lines(out.resolve(outputName));
                List<String> expected = lines(expectedFile);
                if (isChangelog(written)) {
                    written = applyChangelog(written);
                    expected = expected.stream().map(GoldenIT::canonical).toList();
                }
                assertEquals(sorted(expected), sorted(written), name + ": " + outputName);
            }
        }
    }

    private static List<String> lines(Path file) throws IOException {
        if (!Files.exists(file)) {
            throw new AssertionError(file + " was not written");
        }
        return Files.readAllLines(file, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList();
    }

    private static List<String> sorted(List<String> lines) {
        List<String> copy = new ArrayList<>(lines);
        Collections.sort(copy);
        return copy;
    }

    private static boolean isChangelog(List<String> lines) {
        if (lines.isEmpty()) {
            return false;
        }
        JsonNode n = tree(lines.get(0));
        return n.isObject() && n.has("op") && (n.has("after") || n.has("before"));
    }

    /** The rows a Debezium changelog leaves, applied in file order (see the corpus README). */
    private static List<String> applyChangelog(List<String> lines) {
        Map<String, Integer> rows = new LinkedHashMap<>();
        List<String> result = new ArrayList<>();
        for (String line : lines) {
            JsonNode n = tree(line);
            String op = n.path("op").asText();
            if (op.equals("d") || op.equals("u")) {
                String before = n.get("before").toString();
                Integer count = rows.get(before);
                if (count == null) {
                    result.add("!missing " + line);
                } else if (count == 1) {
                    rows.remove(before);
                } else {
                    rows.put(before, count - 1);
                }
            }
            if (op.equals("c") || op.equals("r") || op.equals("u")) {
                rows.merge(n.get("after").toString(), 1, Integer::sum);
            }
        }
        rows.forEach((row, count) -> result.addAll(Collections.nCopies(count, row)));
        return result;
    }

    private static String canonical(String line) {
        return tree(line).toString();
    }

    private static JsonNode tree(String line) {
        try {
            return Wadi.JSON.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
