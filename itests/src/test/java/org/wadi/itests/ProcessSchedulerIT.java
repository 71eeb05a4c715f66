package org.wadi.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.wadi.itests.testgen.TestGenBundle;
import org.wadi.rpc.ClusterAuth;
import org.wadi.rpc.ControllerGrpc;
import org.wadi.rpc.ControllerMessage;
import org.wadi.rpc.Rpc;
import org.wadi.rpc.WorkerMessage;
import org.wadi.itests.testgen.TestGenConnector;

/**
 * Pipelines on the default scheduler: each job's workers are JVMs of their own, one subtask of each
 * operator per worker (worker.slots = 1), so that parallelism 2 exchanges rows between two processes.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProcessSchedulerIT {

    private static Wadi wadi;

    @BeforeAll
    static void start() {
        // one subtask per worker: a plan at parallelism 2 spans two worker processes; the gRPC port
        // listens on every interface, so the server generates the cluster secret and every worker
        // process proves it, to the controller and to its peers
        wadi = Wadi.start("process", Map.of("WADI_WORKER_SLOTS", "1", "WADI_CONTROLLER_GRPC_HOST", "0.0.0.0"));
    }

    @AfterAll
    static void stop() {
        if (wadi != null) {
            wadi.close();
        }
    }

    @Test
    @Order(1)
    void aBoundedPipelineRunsInAWorkerProcessAndFinishes() {
        Path out = wadi.files().resolve("process-out.json");
        // 100 rows at 100 per second: the worker lives about a second, long enough to be seen
        String pipeline = wadi.createPipeline("process-impulse", Pipelines.impulseToFile(out, 100), 1);

        JsonNode job = awaitEndWatchingWorkers(pipeline);

        Pipelines.assertFinished(job, wadi);
        Pipelines.assertEvenCounters(out);
        assertTrue(sawWorker, "no worker process of job " + job.get("id").asText() + " was seen while the job ran");
        String jobId = job.get("id").asText();
        wadi.waitUntil("the workers of " + jobId + " exit", Duration.ofSeconds(30), () -> wadi.workerProcesses(jobId).isEmpty());
    }

    @Test
    @Order(2)
    void aConnectorDroppedIntoDeployIsUsableWithoutRestartAlsoOnAWorkerProcess() throws IOException {
        Path out = wadi.files().resolve("testgen-out.json");
        String query = "CREATE TABLE src WITH (connector='" + TestGenConnector.NAME + "', " + TestGenConnector.COUNT + "='20', "
                + TestGenConnector.WARNING + "='testgen has something to say');\n"
                + "CREATE TABLE results (n BIGINT) WITH (connector='single_file', path='" + out + "', type='sink', format='json');\n"
                + "INSERT INTO results SELECT n FROM src;";
        String body = Wadi.JSON.createObjectNode().put("name", "testgen").put("query", query).put("parallelism", 1).toString();

        Wadi.Response before = wadi.post("/api/v1/pipelines", body);
        assertEquals(400, before.status(), "a pipeline using a connector that is not installed: " + before.body());
        assertTrue(before.json().get("error").asText().contains(TestGenConnector.NAME), before.body());

        // write beside deploy/ and move in, so the deployer never sees half a jar
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

        JsonNode job = awaitEndWatchingWorkers(created[0]);

        Pipelines.assertFinished(job, wadi);
        List<Long> ns = Pipelines.rows(out).stream().map(r -> r.get("n").asLong()).sorted().toList();
        assertEquals(java.util.stream.LongStream.range(0, 20).boxed().toList(), ns);
        assertTrue(sawWorker, "the job did not run on a worker process");
        // the connector's warning, logged in the worker process, is in the job's errors
        String errors = "/api/v1/pipelines/" + created[0] + "/jobs/" + job.get("id").asText() + "/errors";
        wadi.waitUntil("the connector's warning is in the job's errors", Duration.ofSeconds(30), () -> {
            for (JsonNode e : wadi.get(errors).json().path("data")) {
                if (e.path("message").asText().endsWith(
                        ": org.wadi.itests.testgen.TestGenConnector - testgen has something to say (subtask 0)")) {
                    return true;
                }
            }
            return false;
        });
    }

    /** Last: it stops the server. */
    @Test
    @Order(3)
    void checkpointsCommitAnExactlyOnceSinkAndStopWithCheckpointStopsCleanly() throws IOException {
        Path folder = Files.createDirectories(wadi.files().resolve("exactly-once"));
        String query = "CREATE TABLE impulse WITH (connector = 'impulse', event_rate = '200');\n"
                + "CREATE TABLE out (counter BIGINT UNSIGNED) WITH (connector = 'filesystem', type = 'sink',"
                + " path = '" + folder + "', format = 'json');\n"
                + "INSERT INTO out SELECT counter FROM impulse;";
        ObjectNode body = Wadi.JSON.createObjectNode().put("name", "checkpointed").put("query", query)
                .put("parallelism", 1).put("checkpoint_interval_micros", 1_000_000);
        Wadi.Response created = wadi.post("/api/v1/pipelines", body.toString());
        assertEquals(200, created.status(), created.body());
        String pipeline = created.json().get("id").asText();

        // a published (not hidden) file appears only when a checkpoint is committed
        wadi.waitUntil("a checkpoint commits the sink's first file", Duration.ofSeconds(90),
                () -> !published(folder).isEmpty());
        Wadi.Response stop = wadi.send(java.net.http.HttpRequest.newBuilder(wadi.uri("/api/v1/pipelines/" + pipeline))
                .header("Content-Type", "application/json")
                .method("PATCH", java.net.http.HttpRequest.BodyPublishers.ofString("{\"stop\": \"checkpoint\"}")));
        assertEquals(200, stop.status(), stop.body());
        JsonNode job = wadi.awaitFinalJob(pipeline, Duration.ofSeconds(90));
        assertEquals("Stopped", job.get("state").asText(), job + "\n" + wadi.diagnostics());

        List<Long> counters = new java.util.ArrayList<>();
        for (Path file : published(folder)) {
            for (JsonNode row : Pipelines.rows(file)) {
                counters.add(row.get("counter").asLong());
            }
        }
        counters.sort(null);
        assertFalse(counters.isEmpty(), "nothing was committed");
        // every row up to the final checkpoint, each exactly once
        assertEquals(java.util.stream.LongStream.range(0, counters.size()).boxed().toList(), counters);
        try (var checkpoints = Files.list(wadi.home().resolve("data/checkpoints").resolve(job.get("id").asText())
                .resolve("checkpoints"))) {
            assertTrue(checkpoints.findAny().isPresent(), "no checkpoint in the default checkpoint storage");
        }
    }

    @Test
    @Order(4)
    void killedWorkersAreReplacedFromTheLastCheckpointAndNoRowIsLostOrDoubled() throws IOException {
        Path folder = Files.createDirectories(wadi.files().resolve("recovered"));
        String query = "CREATE TABLE impulse WITH (connector = 'impulse', event_rate = '300');\n"
                + "CREATE TABLE out (counter BIGINT UNSIGNED) WITH (connector = 'filesystem', type = 'sink',"
                + " path = '" + folder + "', format = 'json');\n"
                + "INSERT INTO out SELECT counter FROM impulse;";
        ObjectNode body = Wadi.JSON.createObjectNode().put("name", "killed").put("query", query)
                .put("parallelism", 1).put("checkpoint_interval_micros", 1_000_000);
        Wadi.Response created = wadi.post("/api/v1/pipelines", body.toString());
        assertEquals(200, created.status(), created.body());
        String pipeline = created.json().get("id").asText();
        wadi.waitUntil("a first checkpoint commits", Duration.ofSeconds(90), () -> !published(folder).isEmpty());
        String jobId = wadi.job(pipeline).get("id").asText();

        java.util.Random random = new java.util.Random(42);
        for (int kill = 1; kill <= 3; kill++) {
            List<ProcessHandle> workers = wadi.workerProcesses(jobId);
            assertEquals(1, workers.size(), "workers of " + jobId + " before kill " + kill);
            long pid = workers.get(0).pid();
            int filesBefore = published(folder).size();
            // at a random moment between two checkpoints
            wadi.waitUntil("a random moment", Duration.ofSeconds(5), new java.util.function.BooleanSupplier() {
                final long until = System.nanoTime() + random.nextInt(1000) * 1_000_000L;
                @Override
                public boolean getAsBoolean() {
                    return System.nanoTime() >= until;
                }
            });
            workers.get(0).destroyForcibly(); // SIGKILL
            int k = kill;
            wadi.waitUntil("the job runs again on a new worker after kill " + kill, Duration.ofSeconds(90), () -> {
                JsonNode job = wadi.job(pipeline);
                List<ProcessHandle> now = wadi.workerProcesses(jobId);
                return "Running".equals(job.get("state").asText()) && now.size() == 1 && now.get(0).pid() != pid;
            });
            wadi.waitUntil("a checkpoint commits after kill " + k, Duration.ofSeconds(90),
                    () -> published(folder).size() > filesBefore);
        }

        Wadi.Response stop = wadi.send(java.net.http.HttpRequest.newBuilder(wadi.uri("/api/v1/pipelines/" + pipeline))
                .header("Content-Type", "application/json")
                .method("PATCH", java.net.http.HttpRequest.BodyPublishers.ofString("{\"stop\": \"checkpoint\"}")));
        assertEquals(200, stop.status(), stop.body());
        JsonNode job = wadi.awaitFinalJob(pipeline, Duration.ofSeconds(90));
        assertEquals("Stopped", job.get("state").asText(), job + "\n" + wadi.diagnostics());
        assertTrue(job.get("run_id").asLong() >= 4, "three restarts make run 4 or later: " + job);

        List<Long> counters = new java.util.ArrayList<>();
        for (Path file : published(folder)) {
            for (JsonNode row : Pipelines.rows(file)) {
                counters.add(row.get("counter").asLong());
            }
        }
        counters.sort(null);
        // the committed output of a run without failures: every counter up to the last one, once
        assertEquals(java.util.stream.LongStream.range(0, counters.size()).boxed().toList(), counters,
                "rows lost or doubled across 3 worker kills");
    }

    @Test
    @Order(5)
    void aShuffleBetweenTwoWorkerProcessesGivesEveryRowToItsKeysWindowOverTcp() throws IOException {
        Path folder = Files.createDirectories(wadi.files().resolve("two-workers"));
        // two impulse subtasks of 1,000 rows each, counted per key (counter % 10) and second: the
        // SHUFFLE by key crosses between the two workers' processes
        String query = "CREATE TABLE impulse WITH (connector = 'impulse', event_rate = '4000', message_count = '1000');\n"
                + "CREATE TABLE out (k BIGINT UNSIGNED, n BIGINT) WITH (connector = 'filesystem', type = 'sink',"
                + " path = '" + folder + "', format = 'json');\n"
                + "INSERT INTO out SELECT counter % 10 AS k, count(*) AS n FROM impulse"
                + " GROUP BY tumble(interval '1 second'), counter % 10;";
        String pipeline = wadi.createPipeline("two-workers", query, 2);
        String jobId = wadi.job(pipeline).get("id").asText();
        wadi.waitUntil("two worker processes run the job", Duration.ofSeconds(60),
                () -> wadi.workerProcesses(jobId).size() == 2
                        || "Finished".equals(wadi.job(pipeline).get("state").asText()));
        JsonNode job = wadi.awaitFinalJob(pipeline, Duration.ofSeconds(120));
        assertEquals("Finished", job.get("state").asText(), job + "\n" + wadi.diagnostics());

        Map<Long, Long> perKey = new java.util.TreeMap<>();
        for (Path file : published(folder)) {
            for (JsonNode row : Pipelines.rows(file)) {
                perKey.merge(row.get("k").asLong(), row.get("n").asLong(), Long::sum);
            }
        }
        Map<Long, Long> expected = new java.util.TreeMap<>();
        for (long k = 0; k < 10; k++) {
            expected.put(k, 200L);
        }
        assertEquals(expected, perKey, "rows per key over all windows, from both subtasks");
    }

    private static List<Path> published(Path folder) {
        try (var files = Files.list(folder)) {
            return files.filter(f -> !f.getFileName().toString().startsWith(".")).sorted().toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    @Order(8)
    void stoppingTheServerStopsTheWorkersOfRunningJobs() {
        String query = "CREATE TABLE impulse WITH (connector='impulse', event_rate='10');\n"
                + "CREATE TABLE sink (counter BIGINT UNSIGNED) WITH (connector='blackhole');\n"
                + "INSERT INTO sink SELECT counter FROM impulse;";
        String pipeline = wadi.createPipeline("unbounded", query, 1);
        String[] jobId = new String[1];
        wadi.waitUntil("the unbounded job runs on a worker process", Duration.ofSeconds(60), () -> {
            JsonNode job = wadi.job(pipeline);
            jobId[0] = job.get("id").asText();
            return "Running".equals(job.get("state").asText()) && !wadi.workerProcesses(jobId[0]).isEmpty();
        });

        wadi.close(); // SIGTERM to bin/wadi, as Ctrl-C; fails if a worker outlives the server

        assertEquals(List.of(), wadi.workerProcesses(null), "worker processes left after the server stopped");
    }

    @Test
    @Order(7)
    void theControllerAdmitsOnlyWorkersWithTheClusterSecret() throws Exception {
        Path secret = wadi.home().resolve("data").resolve(ClusterAuth.SECRET_FILE_NAME);
        assertTrue(Files.isRegularFile(secret), "a server listening beyond loopback generates " + secret);
        assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                Files.getPosixFilePermissions(secret));
        String address = "127.0.0.1:" + wadi.port("WADI_CONTROLLER_GRPC_PORT");

        Status stranger = firstAnswer(address, ClusterAuth.NONE);
        assertEquals(Status.Code.UNAUTHENTICATED, stranger.getCode(), stranger.toString());
        Status wrong = firstAnswer(address, ClusterAuth.of("not-this-clusters-secret-at-all", null));
        assertEquals(Status.Code.UNAUTHENTICATED, wrong.getCode(), wrong.toString());
        // with the secret the call gets past the check (the controller then answers the message itself)
        Status member = firstAnswer(address, ClusterAuth.resolve(Map.of(ClusterAuth.SECRET_FILE_ENV,
                secret.toString())::get, null));
        assertFalse(member.getCode() == Status.Code.UNAUTHENTICATED, member.toString());
    }

    /** Opens a worker session with {@code auth}, says an empty message: how the controller answered. */
    private static Status firstAnswer(String address, ClusterAuth auth) throws Exception {
        ManagedChannel channel = Rpc.channel(address, auth);
        try {
            CompletableFuture<Status> answer = new CompletableFuture<>();
            StreamObserver<WorkerMessage> out = ControllerGrpc.newStub(channel).workerSession(new StreamObserver<>() {
                @Override
                public void onNext(ControllerMessage m) {
                    answer.complete(Status.OK);
                }

                @Override
                public void onError(Throwable t) {
                    answer.complete(Status.fromThrowable(t));
                }

                @Override
                public void onCompleted() {
                    answer.complete(Status.OK);
                }
            });
            out.onNext(WorkerMessage.getDefaultInstance());
            Status s = answer.get(30, TimeUnit.SECONDS);
            out.onCompleted();
            return s;
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private boolean sawWorker;

    /**
     * Waits for the job to end, noting whether it ran on a worker process: one seen while it ran,
     * or — a short job on a warm pooled process may end between two looks — one the job's workers
     * endpoint still lists afterwards as the process scheduler's, with the process that ran it.
     */
    private JsonNode awaitEndWatchingWorkers(String pipelineId) {
        sawWorker = false;
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        while (true) {
            JsonNode job = wadi.job(pipelineId);
            if (!sawWorker && !wadi.workerProcesses(job.get("id").asText()).isEmpty()) {
                sawWorker = true;
            }
            if (Set.of("Finished", "Failed", "Stopped").contains(job.get("state").asText())) {
                String path = "/api/v1/pipelines/" + pipelineId + "/jobs/" + job.get("id").asText() + "/workers";
                for (JsonNode w : wadi.get(path).json().path("data")) {
                    if (w.path("scheduler").asText().equals("process")
                            && w.path("description").asText().matches("process jvm_[0-9a-z]{10}, pid \\d+, log .*")) {
                        sawWorker = true;
                    }
                }
                return job;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("job of " + pipelineId + " still " + job.get("state").asText()
                        + " after 120 s\n" + wadi.diagnostics());
            }
            Wadi.sleep(50);
        }
    }
}
