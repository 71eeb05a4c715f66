package org.wadi.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/wadi run}: one pipeline on a local server of its own, its rows on standard output; a
 * bounded one ends by itself, an unbounded one stops with a checkpoint on Ctrl-C (SIGINT) and
 * resumes from it when run again with the same state folder.
 */
class RunIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static Path home;

    @TempDir
    static Path dir;

    @BeforeAll
    static void copyDistribution() throws Exception {
        home = dir.resolve("wadi");
        Path assembly = Path.of(System.getProperty("wadi.assembly"));
        Process cp = new ProcessBuilder("cp", "-r", assembly.toString(), home.toString()).inheritIO().start();
        assertEquals(0, cp.waitFor());
    }

    static Process run(Path cwd, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/wadi").toString(), "run"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(cwd.toFile())
                .redirectError(cwd.resolve("run-" + System.nanoTime() + ".err").toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("WADI_") || k.equals("SCHEDULER"));
        return pb.start();
    }

    @Test
    void aBoundedQueryPrintsItsRowsAndEnds() throws Exception {
        Path cwd = Files.createDirectories(dir.resolve("bounded"));
        Files.writeString(cwd.resolve("evens.sql"), """
                CREATE TABLE impulse WITH (connector = 'impulse', event_rate = '100', message_count = '20');
                SELECT counter FROM impulse WHERE counter % 2 = 0;
                """);
        Process p = run(cwd, "evens.sql");
        List<Long> counters = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                counters.add(JSON.readTree(line).path("counter").asLong());
            }
        }
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "bin/wadi run ended");
        assertEquals(0, p.exitValue(), errors(cwd));
        assertEquals(List.of(0L, 2L, 4L, 6L, 8L, 10L, 12L, 14L, 16L, 18L), counters.stream().sorted().toList());
        assertTrue(Files.isDirectory(cwd.resolve(".wadi/evens/data")), "its state is kept beside the query");
    }

    @Test
    void ctrlCStopsWithACheckpointAndTheNextRunResumes() throws Exception {
        Path cwd = Files.createDirectories(dir.resolve("unbounded"));
        Files.writeString(cwd.resolve("count.sql"), """
                CREATE TABLE impulse WITH (connector = 'impulse', event_rate = '50');
                SELECT counter FROM impulse;
                """);
        List<Long> first = readUntil(run(cwd, "count.sql"), 30, cwd);
        List<Long> second = readUntil(run(cwd, "count.sql"), 10, cwd);
        long lastBefore = first.get(first.size() - 1);
        assertTrue(second.get(0) > 20, "the second run resumes where the first stopped (after " + lastBefore
                + "), not from 0: " + second);
        for (int i = 1; i < second.size(); i++) {
            assertTrue(second.get(i) > second.get(i - 1), "in order: " + second);
        }
    }

    /** Reads rows until {@code n} arrived, then sends SIGINT and waits for a clean exit. */
    static List<Long> readUntil(Process p, int n, Path cwd) throws Exception {
        List<Long> counters = new ArrayList<>();
        Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while (counters.size() < n && (line = out.readLine()) != null) {
            counters.add(JSON.readTree(line).path("counter").asLong());
            if (Instant.now().isAfter(deadline)) {
                break;
            }
        }
        assertEquals(n, counters.size(), "rows before the deadline; " + errors(cwd));
        new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
        if (!p.waitFor(3, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            fail("bin/wadi run did not stop after SIGINT; " + errors(cwd));
        }
        assertTrue(errors(cwd).contains("Stopped; run the same SQL"), errors(cwd));
        return counters;
    }

    static String errors(Path cwd) throws IOException {
        StringBuilder b = new StringBuilder();
        try (var files = Files.list(cwd)) {
            for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".err")).sorted().toList()) {
                b.append(Files.readString(f));
            }
        }
        return b.toString();
    }
}
