package org.wadi.sql.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One case of the golden-file corpus, copied into a working folder: its query with
 * {@code $input_dir}, {@code $output_dir} and {@code $output_path} filled in, its inputs, and the
 * comparison of what the query wrote with its expected files.
 */
final class GoldenCase {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** {@code | case | fails with |} rows of gaps.md. */
    private static final Pattern GAP_ROW = Pattern.compile("^\\|\\s*`?([a-z0-9_]+)`?\\s*\\|\\s*`([^`]+)`\\s*\\|.*$");

    private final String name;
    private final Path source;
    final Path inputDir;
    final Path outputDir;
    final String sql;

    private GoldenCase(String name, Path source, Path inputDir, Path outputDir, String sql) {
        this.name = name;
        this.source = source;
        this.inputDir = inputDir;
        this.outputDir = outputDir;
        this.sql = sql;
    }

    String name() {
        return name;
    }

    /** The cases: the folders of the corpus that hold a query.sql, by name. */
    static List<String> names(Path corpus) throws IOException {
        try (Stream<Path> s = Files.list(corpus)) {
            return s.filter(p -> Files.isRegularFile(p.resolve("query.sql")))
                    .map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** The known gaps: case name to the text its failure must contain. */
    static Map<String, String> gaps(Path corpus) throws IOException {
        Path file = corpus.resolve("gaps.md");
        Map<String, String> gaps = new HashMap<>();
        if (!Files.exists(file)) {
            return gaps;
        }
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            Matcher m = GAP_ROW.matcher(line);
            if (m.matches() && !m.group(1).equals("case")) {
                gaps.put(m.group(1), m.group(2));
            }
        }
        return gaps;
    }

    /** Copies case {@code name}'s inputs into {@code work} and fills in its query's paths. */
    static GoldenCase load(Path corpus, String name, Path work) throws IOException {
        Path source = corpus.resolve(name);
        Path in = Files.createDirectories(work.resolve("input"));
        Path out = Files.createDirectories(work.resolve("output"));
        try (Stream<Path> s = Files.list(source)) {
            for (Path p : s.toList()) {
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
        return new GoldenCase(name, source, in, out, sql);
    }

    /** The number of lines (not blank) of an input file. */
    static long lines(Path file) throws IOException {
        try (Stream<String> s = Files.lines(file, StandardCharsets.UTF_8)) {
            return s.filter(l -> !l.isBlank()).count();
        }
    }

    /**
     * Compares every {@code expected.json} and {@code expected_x.json} of the case with what the
     * query wrote to {@code output.json} ({@code $output_path}) and {@code x.json} (in
     * {@code $output_dir}), with the {@code .1}, {@code .2} … files of the sinks' other subtasks.
     *
     * @return null when all match, else a description of the first difference
     */
    String compare() throws IOException {
        List<Path> expectedFiles;
        try (Stream<Path> s = Files.list(source)) {
            expectedFiles = s.filter(p -> p.getFileName().toString().matches("expected(_\\w+)?\\.json")).sorted()
                    .toList();
        }
        if (expectedFiles.isEmpty()) {
            return "the case has no expected.json";
        }
        for (Path expectedFile : expectedFiles) {
            // expected.json is output.json ($output_path); expected_x.json is x.json (in $output_dir)
            String expectedName = expectedFile.getFileName().toString();
            String outputName = expectedName.equals("expected.json") ? "output.json"
                    : expectedName.substring("expected_".length());
            List<String> written = written(outputName);
            if (written == null) {
                return outputName + " was not written";
            }
            List<String> expected = nonBlank(Files.readAllLines(expectedFile, StandardCharsets.UTF_8));
            List<String> actual = isChangelog(written) ? applyChangelog(written) : new ArrayList<>(written);
            if (isChangelog(written)) {
                expected = expected.stream().map(GoldenCase::canonical).toList();
            }
            List<String> e = new ArrayList<>(expected);
            List<String> a = new ArrayList<>(actual);
            Collections.sort(e);
            Collections.sort(a);
            if (!e.equals(a)) {
                return difference(outputName, e, a);
            }
        }
        return null;
    }

    /** The lines of an output file and of its other subtasks' files, or null when none exists. */
    private List<String> written(String outputName) throws IOException {
        Path main = outputDir.resolve(outputName);
        TreeMap<Integer, Path> parts = new TreeMap<>();
        if (Files.exists(main)) {
            parts.put(0, main);
        }
        try (Stream<Path> s = Files.list(outputDir)) {
            for (Path p : s.toList()) {
                String f = p.getFileName().toString();
                if (f.startsWith(outputName + ".") && f.substring(outputName.length() + 1).matches("\\d+")) {
                    parts.put(Integer.parseInt(f.substring(outputName.length() + 1)), p);
                }
            }
        }
        if (parts.isEmpty()) {
            return null;
        }
        List<String> lines = new ArrayList<>();
        for (Path p : parts.values()) {
            lines.addAll(nonBlank(Files.readAllLines(p, StandardCharsets.UTF_8)));
        }
        return lines;
    }

    private static List<String> nonBlank(List<String> lines) {
        return lines.stream().filter(l -> !l.isBlank()).toList();
    }

    /** Whether the lines are Debezium change events ({@code before}, {@code after}, {@code op}). */
    private static boolean isChangelog(List<String> lines) {
        if (lines.isEmpty()) {
            return false;
        }
        try {
            JsonNode n = JSON.readTree(lines.get(0));
            return n.isObject() && n.has("op") && (n.has("after") || n.has("before"));
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The rows left after applying a Debezium changelog in file order: {@code c}/{@code r} add the
     * {@code after} row, {@code d} removes the {@code before} row, {@code u} both. A change that
     * removes a row that is not there is reported as a row {@code !missing …}.
     */
    static List<String> applyChangelog(List<String> lines) throws IOException {
        Map<String, Integer> rows = new LinkedHashMap<>();
        List<String> errors = new ArrayList<>();
        for (String line : lines) {
            JsonNode n = JSON.readTree(line);
            String op = n.path("op").asText();
            if (op.equals("d") || op.equals("u")) {
                String before = n.get("before").toString();
                Integer count = rows.get(before);
                if (count == null) {
                    errors.add("!missing " + line);
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
        List<String> result = new ArrayList<>(errors);
        rows.forEach((row, count) -> {
            for (int i = 0; i < count; i++) {
                result.add(row);
            }
        });
        return result;
    }

    private static String canonical(String line) {
        try {
            return JSON.readTree(line).toString();
        } catch (IOException e) {
            return line;
        }
    }

    private static String difference(String file, List<String> expected, List<String> actual) {
        List<String> missing = new ArrayList<>(expected);
        for (String a : actual) {
            missing.remove(a);
        }
        List<String> extra = new ArrayList<>(actual);
        for (String e : expected) {
            extra.remove(e);
        }
        return file + " differs from the expected rows (" + expected.size() + " expected, " + actual.size()
                + " written); missing " + head(missing) + "; unexpected " + head(extra);
    }

    private static String head(List<String> lines) {
        return lines.size() <= 8 ? lines.toString() : lines.subList(0, 8) + " and " + (lines.size() - 8) + " more";
    }
}
