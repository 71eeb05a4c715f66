package org.wadi.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The fault-injection suite. A Nexmark pipeline — bids per auction over hopping windows into a
 * {@code filesystem} sink, and Nexmark q8's window join (people who opened an auction in the window
 * they registered in) into a {@code kafka} sink with {@code sink.commit_mode = 'exactly_once'} —
 * runs at parallelism 2 on two worker processes of a server whose database is the machine's
 * PostgreSQL and whose checkpoints go to an S3-compatible server in this JVM. It runs once without
 * failures, then again while faults are injected one after another, each once the job has
 * recovered from the one before: a worker process SIGKILLed, the server SIGKILLed (and started
 * again on the same folder), the checkpoint storage stopped for a while, PostgreSQL restarted,
 * the TCP connections between the workers cut. The committed output of both sinks (the folder's
 * published files; the topic read {@code read_committed}) must equal the failure-free run's as
 * multisets: no row lost, none doubled.
 *
 * <p>The short form (the default, for CI) injects a worker kill, a TCP cut and a server kill. The
 * long form ({@code -Dchaos.form=long}, run by {@code bench/chaos.sh}) injects 20 worker kills, 3
 * server kills, a 30 s storage outage, a PostgreSQL restart and 3 TCP cuts, in random order
 * ({@code -Dchaos.seed}); each count can be set ({@code -Dchaos.worker.kills}, {@code
 * chaos.server.kills}, {@code chaos.storage.outages}, {@code chaos.storage.outage.seconds}, {@code
 * chaos.postgres.restarts}, {@code chaos.tcp.cuts}), as can the stream ({@code chaos.events},
 * {@code chaos.event.rate}: events per second, which sets how long the run lasts). The report — per
 * fault the time it was injected, the time until the job was Running again in a new run (if it was
 * restarted) and until a new checkpoint completed; then rows expected, lost and doubled — is
 * printed and written to {@code target/chaos/report.txt}.
 */
class ChaosIT {

    private static final Duration RECOVERY_DEADLINE = Duration.ofMinutes(5);
    private static final String BASE_TIME = "2023-11-14T22:13:20Z";
    private static final int PARALLELISM = 2;

    enum Fault {
        WORKER_KILL("worker SIGKILL"),
        SERVER_KILL("server SIGKILL"),
        STORAGE_OUTAGE("checkpoint storage down"),
        POSTGRES_RESTART("PostgreSQL restart"),
        TCP_CUT("TCP cut between workers");

        final String label;

        Fault(String label) {
            this.label = label;
        }
    }

    /** One injected fault: when, what it did, and when the job had recovered (seconds from the start; NaN: never). */
    record Injection(Fault fault, double injectedAt, String detail, double runningAgainAfter,
            double checkpointAfter) {
    }

    private final boolean longForm = "long".equals(System.getProperty("chaos.form", "short"));
    private final long seed = Long.getLong("chaos.seed", System.nanoTime());
    private final Random random = new Random(seed);
    private final long eventRate = Long.getLong("chaos.event.rate", 1000);
    private final long events = Long.getLong("chaos.events", longForm ? 300_000 : 40_000);
    private final int storageOutageSeconds = Integer.getInteger("chaos.storage.outage.seconds", longForm ? 30 : 5);

    private WadiServer server;
    private S3Store storage;
    private long started;

    private List<Fault> plan() {
        List<Fault> plan = new ArrayList<>();
        add(plan, Fault.WORKER_KILL, "chaos.worker.kills", longForm ? 20 : 1);
        add(plan, Fault.SERVER_KILL, "chaos.server.kills", longForm ? 3 : 1);
        add(plan, Fault.STORAGE_OUTAGE, "chaos.storage.outages", longForm ? 1 : 0);
        add(plan, Fault.POSTGRES_RESTART, "chaos.postgres.restarts", longForm ? 1 : 0);
        add(plan, Fault.TCP_CUT, "chaos.tcp.cuts", longForm ? 3 : 1);
        Collections.shuffle(plan, random);
        return plan;
    }

    private static void add(List<Fault> plan, Fault fault, String property, int dflt) {
        for (int i = Integer.getInteger(property, dflt); i > 0; i--) {
            plan.add(fault);
        }
    }

    @Test
    void committedOutputEqualsFailureFreeRun() throws Exception {
        Path dir = Path.of(System.getProperty("wadi.chaos.dir", "target/chaos")).toAbsolutePath();
        Files.createDirectories(dir);
        Path run = Files.createTempDirectory(dir, "run-");
        Path files = Files.createDirectories(run.resolve("files"));
        String database = "wadi_chaos_" + Long.toHexString(random.nextLong() & Long.MAX_VALUE);
        List<Fault> plan = plan();
        System.out.printf(Locale.ROOT, "chaos: %s form, seed %d, %d events at %d/s, faults %s%n",
                longForm ? "long" : "short", seed, events, eventRate, plan);

        createDatabase(database);
        try (KafkaBroker kafka = new KafkaBroker(); S3Store s3 = new S3Store(Files.createDirectories(run.resolve("s3")))) {
            storage = s3;
            s3.createBucket("checkpoints");
            Map<String, String> env = new HashMap<>();
            env.put("WADI_DATABASE_URL", "jdbc:postgresql://127.0.0.1:5432/" + database + "?user=postgres");
            env.put("WADI_SCHEDULER", "process");
            env.put("WADI_WORKER_SLOTS", "1"); // one subtask of each operator per worker: 2 worker processes
            env.put("WADI_FILE_ROOTS", files.toString());
            env.put("WADI_CHECKPOINT_STORAGE_URL", "s3://checkpoints/wadi");
            env.put("WADI_STORAGE_URL", "s3://checkpoints/wadi");
            env.put("WADI_STORAGE_S3_ENDPOINT", s3.endpoint());
            env.put("WADI_STORAGE_S3_ACCESS_KEY", S3Store.ACCESS_KEY);
            env.put("WADI_STORAGE_S3_SECRET_KEY", s3.secretKey);
            // every fault costs a restart or more (an outage several): the job must not give up on them
            env.put("WADI_CONTROLLER_RESTART_MAX", "200");
            env.put("WADI_CONTROLLER_RESTART_BACKOFF_MAX_MS", "5000");
            server = WadiServer.start(run, env);
            try {
                kafka.createTopic("reference", 2);
                kafka.createTopic("chaos", 2);

                // the failure-free run: the same events, generated as fast as possible
                String reference = server.send("POST", "/api/v1/pipelines", Map.of("name", "chaos-reference",
                        "parallelism", PARALLELISM, "query", sql(files.resolve("reference"), kafka, "reference", false)))
                        .path("id").asText();
                awaitFinished(reference, Duration.ofMinutes(5));
                Map<String, Long> expectedFiles = count(folderRows(files.resolve("reference")));
                Map<String, Long> expectedKafka = count(kafka.committedValues("reference"));
                assertTrue(!expectedFiles.isEmpty() && !expectedKafka.isEmpty(),
                        "the failure-free run wrote nothing: files " + expectedFiles.size() + ", kafka "
                                + expectedKafka.size() + "\n" + server.diagnostics());

                Map<String, Object> body = new LinkedHashMap<>();
                body.put("name", "chaos");
                body.put("parallelism", PARALLELISM);
                body.put("checkpoint_interval_micros", 2_000_000);
                body.put("query", sql(files.resolve("chaos"), kafka, "chaos", true));
                started = System.nanoTime();
                String pipeline = server.send("POST", "/api/v1/pipelines", body).path("id").asText();

                List<Injection> injections = new ArrayList<>();
                for (Fault fault : plan) {
                    injections.add(inject(pipeline, fault));
                }
                JsonNode last = awaitFinished(pipeline, RECOVERY_DEADLINE.plusSeconds(events / eventRate));

                Map<String, Long> actualFiles = count(folderRows(files.resolve("chaos")));
                Map<String, Long> actualKafka = count(kafka.committedValues("chaos"));
                long[] fileDiff = diff(expectedFiles, actualFiles);
                long[] kafkaDiff = diff(expectedKafka, actualKafka);
                String report = report(plan.size(), injections, expectedFiles, fileDiff, expectedKafka, kafkaDiff);
                System.out.print(report);
                Files.writeString(dir.resolve("report.txt"), report);

                assertEquals("Finished", last.path("state").asText(), "the chaos run did not finish: " + last);
                assertEquals(0, fileDiff[0], "rows lost from the filesystem sink\n" + report);
                assertEquals(0, fileDiff[1], "rows doubled in the filesystem sink\n" + report);
                assertEquals(0, kafkaDiff[0], "rows lost from the kafka sink\n" + report);
                assertEquals(0, kafkaDiff[1], "rows doubled in the kafka sink\n" + report);
            } finally {
                server.close();
            }
        } finally {
            dropDatabase(database);
        }
    }

    /** The pipeline: hopping-window counts into a folder, q8's window join into a topic. */
    private String sql(Path folder, KafkaBroker kafka, String topic, boolean paced) {
        return """
                CREATE TABLE nexmark WITH (connector = 'nexmark', event_rate = '%d', event_time_rate = '%d',
                  pace = '%s', events = '%d', base_time = '%s');
                CREATE TABLE auction_bids (auction BIGINT, num BIGINT, top_price BIGINT, window_start TIMESTAMP) WITH (connector = 'filesystem', type = 'sink', path = '%s', format = 'json');
                CREATE TABLE new_sellers (id BIGINT, name TEXT, starttime TIMESTAMP) WITH (connector = 'kafka', type = 'sink', bootstrap_servers = '%s',
                  topic = '%s', format = 'json', 'sink.commit_mode' = 'exactly_once');
                INSERT INTO auction_bids
                SELECT auction, num, top_price, window.start AS window_start FROM (
                  SELECT bid.auction AS auction, count(*) AS num, max(bid.price) AS top_price,
                         hop(interval '2 second', interval '10 second') AS window
                  FROM nexmark WHERE bid IS NOT NULL GROUP BY 1, 4);
                INSERT INTO new_sellers
                SELECT P.id AS id, P.name AS name, P.window.start AS starttime
                FROM (SELECT person.id AS id, person.name AS name, tumble(interval '10 second') AS window
                      FROM nexmark WHERE person IS NOT NULL GROUP BY 1, 2, 3) AS P
                JOIN (SELECT auction.seller AS seller, tumble(interval '10 second') AS window
                      FROM nexmark WHERE auction IS NOT NULL GROUP BY 1, 2) AS A
                  ON P.id = A.seller AND P.window = A.window;
                """.formatted(eventRate, eventRate, paced, events, BASE_TIME, folder, kafka.bootstrap(), topic);
    }

    // ---- faults

    private Injection inject(String pipeline, Fault fault) throws Exception {
        // each fault hits a job that runs and has checkpointed since the last one
        long epoch = awaitRunningWithNewCheckpoint(pipeline, -1, "before " + fault.label);
        JsonNode job = job(pipeline).orElseThrow();
        String jobId = job.path("id").asText();
        long runBefore = job.path("run_id").asLong();
        double injectedAt = seconds();
        String detail;
        switch (fault) {
            case WORKER_KILL -> {
                List<ProcessHandle> workers = server.jobWorkerProcesses(pipeline, jobId);
                if (workers.isEmpty()) {
                    throw new AssertionError("job " + jobId + " has no live worker process to kill");
                }
                ProcessHandle victim = workers.get(random.nextInt(workers.size()));
                victim.destroyForcibly();
                detail = "pid " + victim.pid() + " of " + workers.size();
            }
            case SERVER_KILL -> {
                List<ProcessHandle> workers = server.workerProcesses();
                server.kill();
                double down = seconds();
                server.launch();
                long orphans = workers.stream().filter(ProcessHandle::isAlive).count();
                detail = String.format(Locale.ROOT, "API back after %.1f s; %d of its %d worker processes left",
                        seconds() - down, orphans, workers.size());
            }
            case STORAGE_OUTAGE -> {
                storage.stop();
                long until = System.nanoTime() + storageOutageSeconds * 1_000_000_000L;
                String seen = null;
                while (System.nanoTime() < until) { // the outage lasts its time; meanwhile the job is watched
                    seen = job(pipeline).map(j -> j.path("state").asText()).orElse(seen);
                    Poll.pause();
                }
                storage.start();
                detail = storageOutageSeconds + " s down, job " + seen + " at its end";
            }
            case POSTGRES_RESTART -> detail = Faults.restartPostgres();
            case TCP_CUT -> {
                Set<Long> pids = server.jobWorkerProcesses(pipeline, jobId).stream().map(ProcessHandle::pid)
                        .collect(Collectors.toSet());
                Set<Integer> ports = Faults.listeningPorts(pids);
                int cut = Faults.cutConnections(ports);
                if (cut == 0) {
                    throw new AssertionError("ss -K destroyed no TCP connection between the workers " + pids
                            + " (data ports " + ports + "); it needs root (CAP_NET_ADMIN) and a kernel with"
                            + " CONFIG_INET_DIAG_DESTROY");
                }
                detail = cut + " sockets on data ports " + ports;
            }
            default -> throw new IllegalStateException("unknown fault " + fault);
        }
        Recovery r = awaitRecovery(pipeline, runBefore, epoch, fault.label);
        detail += r.runId() == runBefore ? "; job not restarted" : "; run " + runBefore + " -> " + r.runId();
        Injection injection = new Injection(fault, injectedAt, detail, r.runningAt - injectedAt,
                r.checkpointAt - injectedAt);
        System.out.printf(Locale.ROOT, "chaos: %.1f s: %s (%s): Running again after %s s, new checkpoint after %s s%n",
                injectedAt, fault.label, detail, fmt(injection.runningAgainAfter()), fmt(injection.checkpointAfter()));
        return injection;
    }

    private record Recovery(double runningAt, double checkpointAt, long runId) {
    }

    /**
     * Waits until the job is Running and a checkpoint newer than {@code epochBefore} — and newer
     * than any seen while it was not Running — has completed. The time it runs again is when it is
     * first seen Running in a run other than {@code runBefore} (NaN: the fault did not restart it).
     */
    private Recovery awaitRecovery(String pipeline, long runBefore, long epochBefore, String after) {
        long deadline = System.nanoTime() + RECOVERY_DEADLINE.toNanos();
        long floor = epochBefore;
        double runningAt = Double.NaN;
        while (true) {
            Optional<JsonNode> job = job(pipeline);
            if (job.isPresent()) {
                String state = job.get().path("state").asText();
                long runId = job.get().path("run_id").asLong();
                long epoch = lastCompletedEpoch(pipeline, job.get().path("id").asText());
                if (Set.of("Failed", "Stopped").contains(state)) {
                    throw new AssertionError("the job " + state + " after " + after + ": " + job.get() + "\n"
                            + server.diagnostics());
                }
                if ("Finished".equals(state)) {
                    throw new AssertionError("the stream ended before the job recovered from " + after
                            + ": give it more events (-Dchaos.events)");
                }
                if ("Running".equals(state)) {
                    if (runId != runBefore && Double.isNaN(runningAt)) {
                        runningAt = seconds();
                    }
                    if (epoch > floor) {
                        return new Recovery(runningAt, seconds(), runId);
                    }
                } else {
                    floor = Math.max(floor, epoch);
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the job did not recover within " + RECOVERY_DEADLINE + " after " + after
                        + ": " + job.map(JsonNode::toString).orElse("server down") + "\n" + server.diagnostics());
            }
            Poll.pause();
        }
    }

    private long awaitRunningWithNewCheckpoint(String pipeline, long after, String what) {
        long[] epoch = {-1};
        Poll.until("the job runs and has a completed checkpoint " + what, RECOVERY_DEADLINE, () -> {
            Optional<JsonNode> job = job(pipeline);
            if (job.isEmpty()) {
                return false;
            }
            String state = job.get().path("state").asText();
            if ("Finished".equals(state)) {
                throw new AssertionError("the stream ended " + what + ": give it more events (-Dchaos.events)");
            }
            epoch[0] = lastCompletedEpoch(pipeline, job.get().path("id").asText());
            return "Running".equals(state) && epoch[0] > after;
        });
        return epoch[0];
    }

    private Optional<JsonNode> job(String pipeline) {
        return server.getJson("/api/v1/pipelines/" + pipeline + "/jobs")
                .map(b -> b.path("data")).filter(d -> d.size() > 0).map(d -> d.get(0));
    }

    private long lastCompletedEpoch(String pipeline, String jobId) {
        long max = -1;
        Optional<JsonNode> cps = server.getJson("/api/v1/pipelines/" + pipeline + "/jobs/" + jobId + "/checkpoints");
        for (JsonNode cp : cps.map(b -> b.path("data")).orElse(WadiServer.JSON.createArrayNode())) {
            if ("completed".equals(cp.path("state").asText())) {
                max = Math.max(max, cp.path("epoch").asLong());
            }
        }
        return max;
    }

    private JsonNode awaitFinished(String pipeline, Duration timeout) {
        JsonNode[] last = new JsonNode[1];
        Poll.until("the job of " + pipeline + " ends", timeout, () -> {
            job(pipeline).ifPresent(j -> last[0] = j);
            return last[0] != null && Set.of("Finished", "Failed", "Stopped").contains(last[0].path("state").asText());
        });
        if (!"Finished".equals(last[0].path("state").asText())) {
            throw new AssertionError("the job of " + pipeline + " ended " + last[0] + "\n" + server.diagnostics());
        }
        return last[0];
    }

    private double seconds() {
        return (System.nanoTime() - started) / 1e9;
    }

    // ---- output

    /** The rows of the published files of a sink folder: every line of every file that is not hidden (in progress). */
    static List<String> folderRows(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        List<String> rows = new ArrayList<>();
        try (Stream<Path> all = Files.walk(folder)) {
            for (Path p : all.filter(Files::isRegularFile).sorted().toList()) {
                if (folder.relativize(p).toString().startsWith(".") || p.getFileName().toString().startsWith(".")) {
                    continue;
                }
                Files.readAllLines(p).stream().filter(l -> !l.isBlank()).forEach(rows::add);
            }
        }
        return rows;
    }

    static Map<String, Long> count(List<String> rows) {
        Map<String, Long> counts = new TreeMap<>();
        rows.forEach(r -> counts.merge(r, 1L, Long::sum));
        return counts;
    }

    /** Rows of {@code expected} missing from {@code actual}, and rows of {@code actual} beyond {@code expected}. */
    static long[] diff(Map<String, Long> expected, Map<String, Long> actual) {
        long lost = 0;
        long doubled = 0;
        for (Map.Entry<String, Long> e : expected.entrySet()) {
            lost += Math.max(0, e.getValue() - actual.getOrDefault(e.getKey(), 0L));
        }
        for (Map.Entry<String, Long> e : actual.entrySet()) {
            doubled += Math.max(0, e.getValue() - expected.getOrDefault(e.getKey(), 0L));
        }
        return new long[] {lost, doubled};
    }

    private static long total(Map<String, Long> counts) {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    private String report(int planned, List<Injection> injections, Map<String, Long> expectedFiles, long[] fileDiff,
            Map<String, Long> expectedKafka, long[] kafkaDiff) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%nFault injection (%s form, seed %d): %d of %d faults injected%n",
                longForm ? "long" : "short", seed, injections.size(), planned));
        sb.append(String.format(Locale.ROOT, "%-3s %-26s %9s %11s %12s  %s%n", "#", "fault", "at (s)",
                "rerun (s)", "checkpt (s)", "detail"));
        int i = 1;
        for (Injection inj : injections) {
            sb.append(String.format(Locale.ROOT, "%-3d %-26s %9.1f %11s %12s  %s%n", i++, inj.fault().label,
                    inj.injectedAt(), fmt(inj.runningAgainAfter()), fmt(inj.checkpointAfter()), inj.detail()));
        }
        Map<Fault, List<Double>> byFault = new TreeMap<>();
        injections.forEach(inj -> byFault.computeIfAbsent(inj.fault(), f -> new ArrayList<>()).add(inj.checkpointAfter()));
        byFault.forEach((f, times) -> sb.append(String.format(Locale.ROOT,
                "%-26s x%-3d until a new checkpoint: median %.1f s, max %.1f s%n", f.label,
                times.size(), median(times), Collections.max(times))));
        sb.append(String.format(Locale.ROOT, "%-12s %10s %8s %8s%n", "sink", "expected", "lost", "doubled"));
        sb.append(String.format(Locale.ROOT, "%-12s %10d %8d %8d%n", "filesystem", total(expectedFiles), fileDiff[0],
                fileDiff[1]));
        sb.append(String.format(Locale.ROOT, "%-12s %10d %8d %8d%n", "kafka", total(expectedKafka), kafkaDiff[0],
                kafkaDiff[1]));
        return sb.toString();
    }

    private static double median(List<Double> values) {
        List<Double> s = values.stream().sorted().toList();
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.1f", v);
    }

    // ---- database

    private static void createDatabase(String name) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres");
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
    }

    private static void dropDatabase(String name) {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres");
                Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            System.err.println("chaos: could not drop the database " + name + ": " + e.getMessage());
        }
    }
}
