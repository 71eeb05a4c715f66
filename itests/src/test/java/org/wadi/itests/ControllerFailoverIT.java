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
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Two servers against one PostgreSQL (the machine's, a fresh database per run): one controller is
 * active, the API answers on both, and when the active server is SIGKILLed its workers exit and the
 * other server takes the running job over from its last checkpoint, with no row of the
 * exactly-once filesystem sink lost or doubled.
 */
class ControllerFailoverIT {

    private static final String ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres&connectTimeout=5";
    private static final Duration WAIT = Duration.ofSeconds(90);

    @Test
    void theStandbyTakesOverTheJobsOfAKilledActiveServer() throws Exception {
        String database = "wadi_failover_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        admin("CREATE DATABASE " + database);
        Path shared = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "failover-shared-");
        Path folder = Files.createDirectories(shared.resolve("out"));
        Map<String, String> env = Map.of(
                "WADI_DATABASE_URL", "jdbc:postgresql://127.0.0.1:5432/" + database + "?user=postgres",
                "WADI_CHECKPOINT_STORAGE_URL", shared.resolve("checkpoints").toUri().toString(),
                "WADI_FILE_ROOTS", shared.toString());
        Wadi first = Wadi.start("failover-a", env);
        Wadi second = null;
        try {
            second = Wadi.start("failover-b", env);
            Wadi standby = second;

            // created through the standby's API: it only writes the database
            String query = "CREATE TABLE impulse WITH (connector = 'impulse', event_rate = '200');\n"
                    + "CREATE TABLE out (counter BIGINT UNSIGNED) WITH (connector = 'filesystem', type = 'sink',"
                    + " path = '" + folder + "', format = 'json');\n"
                    + "INSERT INTO out SELECT counter FROM impulse;";
            ObjectNode body = Wadi.JSON.createObjectNode().put("name", "failover").put("query", query)
                    .put("parallelism", 1).put("checkpoint_interval_micros", 1_000_000);
            Wadi.Response created = standby.post("/api/v1/pipelines", body.toString());
            assertEquals(200, created.status(), created.body());
            String pipeline = created.json().get("id").asText();
            String jobId = standby.job(pipeline).get("id").asText();

            first.waitUntil("the active server runs the job", WAIT,
                    () -> "Running".equals(first.job(pipeline).get("state").asText())
                            && first.workerProcesses(jobId).size() == 1);
            assertTrue(standby.workerProcesses(jobId).isEmpty(), "the standby server runs workers of the job");
            assertTrue(first.workerProcesses(null).size() >= 1, "the active server's worker processes");
            first.waitUntil("a checkpoint commits", WAIT, () -> !published(folder).isEmpty());
            long runBefore = standby.job(pipeline).get("run_id").asLong();
            int filesBefore = published(folder).size();

            ProcessHandle server = karaf(first);
            server.destroyForcibly(); // SIGKILL
            first.waitUntil("the killed server's workers exit (their controller session broke)", Duration.ofSeconds(30),
                    () -> first.workerProcesses(null).isEmpty());

            standby.waitUntil("the other server runs the job in a new run", WAIT, () -> {
                JsonNode job = standby.job(pipeline);
                return "Running".equals(job.get("state").asText()) && job.get("run_id").asLong() > runBefore
                        && standby.workerProcesses(jobId).size() == 1;
            });
            standby.waitUntil("a checkpoint commits after the takeover", WAIT,
                    () -> published(folder).size() > filesBefore);

            Wadi.Response stop = standby.send(HttpRequest.newBuilder(standby.uri("/api/v1/pipelines/" + pipeline))
                    .header("Content-Type", "application/json")
                    .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"stop\": \"checkpoint\"}")));
            assertEquals(200, stop.status(), stop.body());
            JsonNode job = standby.awaitFinalJob(pipeline, WAIT);
            assertEquals("Stopped", job.get("state").asText(), job + "\n" + standby.diagnostics());
            assertTrue(first.workerProcesses(null).isEmpty());

            List<Long> counters = new ArrayList<>();
            for (Path file : published(folder)) {
                for (JsonNode row : Pipelines.rows(file)) {
                    counters.add(row.get("counter").asLong());
                }
            }
            counters.sort(null);
            assertFalse(counters.isEmpty());
            assertEquals(LongStream.range(0, counters.size()).boxed().toList(), counters,
                    "rows lost or doubled across the failover");
        } finally {
            if (second != null) {
                second.close();
            }
            first.close();
            admin("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
    }

    /** The server's Karaf JVM (not its workers, not the launching script). */
    private static ProcessHandle karaf(Wadi wadi) {
        String home = wadi.home().toString();
        try (Stream<ProcessHandle> all = ProcessHandle.allProcesses()) {
            List<ProcessHandle> found = all.filter(p -> {
                String cmd = p.info().commandLine().orElse("");
                return cmd.contains("org.apache.karaf.main.Main") && cmd.contains(home);
            }).toList();
            assertEquals(1, found.size(), "Karaf JVMs of " + home + ": " + found);
            return found.get(0);
        }
    }

    private static void admin(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(ADMIN_URL); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static List<Path> published(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> !f.getFileName().toString().startsWith(".")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
