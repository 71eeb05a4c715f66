package org.wadi.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.wadi.itests.testgen.TestGenBundle;
import org.wadi.itests.testgen.TestGenConnector;

/**
 * The {@code node} scheduler: one server and two nodes ({@code bin/wadi node}) of the same
 * distribution on this machine, each node with its own data folder and two slots. A job's workers
 * spread over the nodes, a job recovers on the remaining node when one dies, a job that does not
 * fit fails naming the free slots, and a connector dropped into the server's {@code deploy/} runs
 * on a node, which fetches it from the server.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NodeSchedulerIT {

    private static final Duration NODE_START = Duration.ofSeconds(180);

    private static Wadi wadi;
    private static Node n1;
    private static Node n2;
    private static String recovered;

    /** A node: {@code bin/wadi node} of the server's distribution, with a data folder of its own. */
    record Node(String id, Path data, Process process) {

        Path log() {
            return data.resolve("log/karaf.log");
        }

        String diagnostics() {
            StringBuilder sb = new StringBuilder();
            for (Path p : List.of(data.resolve("node.out"), log())) {
                try {
                    List<String> lines = Files.readAllLines(p);
                    sb.append("---- ").append(p).append(" (last 40 lines)\n");
                    lines.subList(Math.max(0, lines.size() - 40), lines.size()).forEach(l -> sb.append(l).append('\n'));
                } catch (IOException e) {
                    sb.append("---- ").append(p).append(": ").append(e.getMessage()).append('\n');
                }
            }
            return sb.toString();
        }

        void stop() {
            List<ProcessHandle> tree = process.descendants().toList();
            process.destroy();
            try {
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            } finally {
                tree.forEach(ProcessHandle::destroyForcibly);
            }
        }
    }

    @BeforeAll
    static void start() throws IOException {
        int nodePort = freePort();
        // one subtask per worker, so that parallelism 2 makes two workers
        wadi = Wadi.start("node", Map.of("WADI_SCHEDULER", "node", "WADI_NODE_GRPC_PORT", Integer.toString(nodePort),
                "WADI_WORKER_SLOTS", "1"));
        Path base = wadi.home().getParent();
        n1 = startNode("n1", base.resolve("n1"), nodePort);
        n2 = startNode("n2", base.resolve("n2"), nodePort);
        for (Node n : List.of(n1, n2)) {
            wadi.waitUntil("node " + n.id() + " registers", NODE_START, () -> {
                if (!n.process().isAlive()) {
                    throw new AssertionError("node " + n.id() + " exited with " + n.process().exitValue() + "\n"
                            + n.diagnostics());
                }
                return registered(n.id()) != null
                        && read(n.log()).contains("Node " + n.id() + " registered with the server");
            });
            // the API lists the node with its slots, all free
            JsonNode node = registered(n.id());
            assertEquals(2, node.get("slots").asInt(), node.toString());
            assertEquals(2, node.get("free_slots").asInt(), node.toString());
            assertEquals("[\"node\"]", node.get("schedulers").toString(), node.toString());
        }
    }

    /** The node {@code id} as GET /api/v1/nodes lists it, or null. */
    private static JsonNode registered(String id) {
        for (JsonNode node : wadi.get("/api/v1/nodes").json().path("nodes")) {
            if (node.path("id").asText().equals(id)) {
                return node;
            }
        }
        return null;
    }

    private static Node startNode(String id, Path data, int nodePort) throws IOException {
        Files.createDirectories(data);
        Map<String, String> env = new HashMap<>(System.getenv());
        env.keySet().removeIf(k -> k.startsWith("WADI_") || k.equals("SCHEDULER") || k.startsWith("KARAF_"));
        env.put("WADI_FILE_ROOTS", wadi.files().toString());
        // no idle worker process kept ahead, and an ended one exits soon: the test counts them
        env.put("WADI_WORKER_STANDBY", "0");
        env.put("WADI_WORKER_IDLE_TIMEOUT_MS", "1000");
        ProcessBuilder pb = new ProcessBuilder(wadi.home().resolve("bin/wadi").toString(), "node",
                "--server", "127.0.0.1:" + nodePort, "--data", data.toString(), "--slots", "2", "--id", id)
                .directory(wadi.home().toFile())
                .redirectErrorStream(true)
                .redirectOutput(data.resolve("node.out").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().clear();
        pb.environment().putAll(env);
        return new Node(id, data, pb.start());
    }

    @AfterAll
    static void stop() {
        for (Node n : new Node[] {n1, n2}) {
            if (n != null && n.process().isAlive()) {
                n.stop();
            }
        }
        if (wadi != null) {
            wadi.close();
        }
    }

    @Test
    @Order(1)
    void aJobSpreadsOverTheNodesAndRecoversOnTheRemainingOneWhenANodeDies() throws IOException {
        Path folder = Files.createDirectories(wadi.files().resolve("spread"));
        String query = "CREATE TABLE impulse WITH (connector = 'impulse', event_rate = '100');\n"
                + "CREATE TABLE out (counter BIGINT UNSIGNED) WITH (connector = 'filesystem', type = 'sink',"
                + " path = '" + folder + "', format = 'json');\n"
                + "INSERT INTO out SELECT counter FROM impulse;";
        ObjectNode body = Wadi.JSON.createObjectNode().put("name", "spread").put("query", query)
                .put("parallelism", 2).put("checkpoint_interval_micros", 1_000_000);
        Wadi.Response created = wadi.post("/api/v1/pipelines", body.toString());
        assertEquals(200, created.status(), created.body());
        String pipeline = created.json().get("id").asText();
        recovered = pipeline;

        wadi.waitUntil("the job runs with a worker on each node", Duration.ofSeconds(120), () -> {
            List<String> where = aliveWorkers(pipeline);
            return "Running".equals(wadi.job(pipeline).get("state").asText()) && where.size() == 2
                    && where.stream().anyMatch(d -> d.startsWith("node n1")) && where.stream().anyMatch(d -> d.startsWith("node n2"));
        });
        for (Node n : List.of(n1, n2)) {
            assertFalse(list(n.data().resolve("log/workers")).isEmpty(), "node " + n.id() + " logs its worker processes");
        }
        wadi.waitUntil("a checkpoint commits the sink's first files", Duration.ofSeconds(90), () -> !published(folder).isEmpty());
        long run = wadi.job(pipeline).get("run_id").asLong();

        // the node's machine is lost: SIGKILL of the node's JVM and of the worker processes it started
        List<ProcessHandle> tree = n2.process().descendants().toList();
        tree.forEach(ProcessHandle::destroyForcibly);
        n2.process().destroyForcibly();

        wadi.waitUntil("the job runs again, both workers on node n1", Duration.ofSeconds(120), () -> {
            JsonNode job = wadi.job(pipeline);
            List<String> where = aliveWorkers(pipeline);
            return "Running".equals(job.get("state").asText()) && job.get("run_id").asLong() > run && where.size() == 2
                    && where.stream().allMatch(d -> d.startsWith("node n1"));
        });
        int before = published(folder).size();
        wadi.waitUntil("a checkpoint commits after the recovery", Duration.ofSeconds(90),
                () -> published(folder).size() > before);
    }

    @Test
    @Order(2)
    void aJobThatFitsOnNoNodeFailsNamingTheNodesFreeSlots() {
        String query = "CREATE TABLE impulse WITH (connector = 'impulse', event_rate = '10');\n"
                + "CREATE TABLE sink (counter BIGINT UNSIGNED) WITH (connector = 'blackhole');\n"
                + "INSERT INTO sink SELECT counter FROM impulse;";
        String pipeline = wadi.createPipeline("no-room", query, 1);

        String[] seen = new String[1];
        wadi.waitUntil("the start fails for want of slots", Duration.ofSeconds(120), () -> {
            JsonNode job = wadi.job(pipeline);
            Wadi.Response errors = wadi.get("/api/v1/pipelines/" + pipeline + "/jobs/" + job.get("id").asText() + "/errors");
            seen[0] = job + " " + errors.body();
            return seen[0].contains("no node has 1 free slots");
        });
        assertTrue(seen[0].contains("n1 0/2 free"), seen[0]);
        stopPipeline(pipeline, "immediate");
        wadi.awaitFinalJob(pipeline, Duration.ofSeconds(90));
    }

    @Test
    @Order(3)
    void theRecoveredJobStopsWithEveryRowWrittenOnce() {
        stopPipeline(recovered, "checkpoint");
        JsonNode job = wadi.awaitFinalJob(recovered, Duration.ofSeconds(90));
        assertEquals("Stopped", job.get("state").asText(), job + "\n" + wadi.diagnostics());

        List<Long> counters = new ArrayList<>();
        for (Path file : published(wadi.files().resolve("spread"))) {
            for (JsonNode row : Pipelines.rows(file)) {
                counters.add(row.get("counter").asLong());
            }
        }
        assertFalse(counters.isEmpty(), "nothing was committed");
        // two impulse subtasks count on their own: each counter appears once per subtask, none lost or doubled
        Map<Long, Long> times = new HashMap<>();
        counters.forEach(c -> times.merge(c, 1L, Long::sum));
        long top = counters.stream().mapToLong(Long::longValue).max().orElseThrow();
        assertTrue(times.values().stream().allMatch(n -> n <= 2), "a row was written twice: " + times);
        assertTrue(LongStream.range(0, top / 2).allMatch(times::containsKey), "a row was lost below " + top / 2);
    }

    @Test
    @Order(4)
    void aConnectorDroppedIntoTheServersDeployRunsOnANode() throws IOException {
        Path out = wadi.files().resolve("testgen-out.json");
        String query = "CREATE TABLE src WITH (connector='" + TestGenConnector.NAME + "', " + TestGenConnector.COUNT + "='20');\n"
                + "CREATE TABLE results (n BIGINT) WITH (connector='single_file', path='" + out + "', type='sink', format='json');\n"
                + "INSERT INTO results SELECT n FROM src;";
        String body = Wadi.JSON.createObjectNode().put("name", "testgen").put("query", query).put("parallelism", 1).toString();
        Path jar = TestGenBundle.write(wadi.home().resolve("testgen.jar"));
        Files.move(jar, wadi.home().resolve("deploy").resolve(jar.getFileName()), StandardCopyOption.ATOMIC_MOVE);

        String[] created = new String[1];
        wadi.waitUntil("the deployed connector is usable in SQL", Duration.ofSeconds(60), () -> {
            Wadi.Response r = wadi.post("/api/v1/pipelines", body);
            if (r.status() == 200) {
                created[0] = r.json().get("id").asText();
            }
            return created[0] != null;
        });
        JsonNode job = wadi.awaitFinalJob(created[0], Duration.ofSeconds(120));

        Pipelines.assertFinished(job, wadi);
        List<Long> ns = Pipelines.rows(out).stream().map(r -> r.get("n").asLong()).sorted().toList();
        assertEquals(LongStream.range(0, 20).boxed().toList(), ns);
        assertTrue(list(n1.data().resolve("bundles")).stream().anyMatch(p -> p.toString().endsWith(".jar")),
                "node n1 fetched the connector bundle into its data folder: " + list(n1.data().resolve("bundles")));
        assertTrue(read(n1.log()).contains("Fetched bundle " + TestGenBundle.SYMBOLIC_NAME), n1.diagnostics());
    }

    @Test
    @Order(5)
    void noWorkerProcessIsLeftOnceTheJobsEnded() {
        wadi.waitUntil("every worker process of the nodes exits", Duration.ofSeconds(60),
                () -> wadi.workerProcesses(null).isEmpty());
    }

    // ---- helpers

    /** Where the alive workers of the pipeline's newest job run, as the API describes them. */
    private static List<String> aliveWorkers(String pipeline) {
        String jobId = wadi.job(pipeline).get("id").asText();
        Wadi.Response r = wadi.get("/api/v1/pipelines/" + pipeline + "/jobs/" + jobId + "/workers");
        List<String> out = new ArrayList<>();
        if (r.status() == 200) {
            for (JsonNode w : r.json().path("data")) {
                if (w.path("alive").asBoolean()) {
                    out.add(w.path("description").asText());
                }
            }
        }
        return out;
    }

    private static void stopPipeline(String pipeline, String how) {
        Wadi.Response stop = wadi.send(HttpRequest.newBuilder(wadi.uri("/api/v1/pipelines/" + pipeline))
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"stop\": \"" + how + "\"}")));
        assertEquals(200, stop.status(), stop.body());
    }

    private static List<Path> published(Path folder) {
        return list(folder).stream().filter(f -> !f.getFileName().toString().startsWith(".")).sorted().toList();
    }

    private static List<Path> list(Path folder) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
