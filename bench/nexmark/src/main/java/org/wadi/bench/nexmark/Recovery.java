package org.wadi.bench.nexmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recovery time of a running pipeline when a worker process is killed: for each run a new pipeline
 * (the paced nexmark source at a fixed rate, a windowed count per auction, a blackhole sink, a short
 * checkpoint interval) is started on a running Wadi server; once it is {@code Running} and has
 * completed a checkpoint, one of its worker JVMs (found through {@code GET …/jobs/{job}/workers})
 * gets SIGKILL, and the job's transitions ({@code GET …/jobs/{job}/history})
 * are polled until it is {@code Running} again. A fresh pipeline per run keeps the controller's
 * restart backoff at its first step, as for a first failure.
 *
 * <p>Per run it prints the seconds from the kill to {@code Running} and where they went, from the
 * controller's transition times, the server's log (when the scheduler assigned each new worker to
 * a worker process: {@code data/log} under {@code -Dwadi.home}, when given) and the worker
 * processes' logs: noticed (kill to {@code Recovering}), cleanup and backoff ({@code Recovering}
 * to {@code Compiling}), compiling, the scheduler's assignment (to the first new worker given to a
 * process — an idle pooled one, or a new JVM), the worker registering (to the last new worker's
 * {@code registering} log line), the plan being sent and the tasks restoring and opening (to
 * {@code Running}); then it stops and deletes the pipeline. It checks
 * that the new run restores the last checkpoint completed before the kill. Then the median of the runs.
 *
 * <p>Usage: {@code Recovery [runs=5] [event_rate=10000] [parallelism=2]}, with {@code -Dwadi.url},
 * {@code -Dcheckpoint.ms} (default 1000, the API's least), {@code -Dwadi.home}.
 */
public final class Recovery {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Duration WAIT = Duration.ofMinutes(3);
    private static final Pattern LOG_TIME = Pattern.compile("^(\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d+Z)");
    private static final Pattern RESTORE = Pattern.compile("checkpoint (\\d+)");

    private final String base;
    private final Path home;

    private Recovery(String url, Path home) {
        this.base = url.replaceAll("/+$", "") + "/api/v1";
        this.home = home;
    }

    /** One run's times, in seconds from the kill (the phases are consecutive spans). */
    record Result(double total, double noticed, double cleanup, double compiling, double launch, double workerStart,
            double tasksStart, long lastCheckpoint, long restored) {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        String rate = args.length > 1 ? args[1] : "10000";
        int parallelism = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        String home = System.getProperty("wadi.home", "");
        Recovery r = new Recovery(System.getProperty("wadi.url", "http://127.0.0.1:5115"),
                home.isEmpty() ? null : Path.of(home));
        long checkpointMicros = Long.getLong("checkpoint.ms", 1000L) * 1000L;
        List<Double> totals = new ArrayList<>();
        System.out.println("run total_s noticed_s cleanup_backoff_s compiling_s assign_s worker_register_s"
                + " tasks_start_s restored_epoch last_completed_epoch");
        for (int i = 1; i <= runs; i++) {
            Result x = r.once(i, rate, parallelism, checkpointMicros);
            totals.add(x.total());
            System.out.printf(Locale.ROOT, "%d %.3f %.3f %.3f %.3f %s %s %s %d %d%n", i, x.total(), x.noticed(),
                    x.cleanup(), x.compiling(), fmt(x.launch()), fmt(x.workerStart()), fmt(x.tasksStart()),
                    x.restored(), x.lastCheckpoint());
            if (x.restored() != x.lastCheckpoint()) {
                System.out.printf(Locale.ROOT, "# run %d restored checkpoint %d, not %d, the last completed before the"
                        + " kill%n", i, x.restored(), x.lastCheckpoint());
            }
            System.out.flush();
        }
        Collections.sort(totals);
        int n = totals.size();
        double median = n % 2 == 1 ? totals.get(n / 2) : (totals.get(n / 2 - 1) + totals.get(n / 2)) / 2;
        System.out.printf(Locale.ROOT, "median %.3f s over %d runs (min %.3f, max %.3f); goal < 3 s%n", median, n,
                totals.get(0), totals.get(n - 1));
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.3f", v);
    }

    private Result once(int index, String rate, int parallelism, long checkpointMicros) throws Exception {
        String sql = "CREATE TABLE nexmark WITH (connector = 'nexmark', event_rate = '" + rate + "');\n"
                + "CREATE TABLE out WITH (connector = 'blackhole');\n"
                + "INSERT INTO out SELECT bid.auction AS auction, count(*) AS bids FROM nexmark WHERE bid IS NOT NULL"
                + " GROUP BY tumble(interval '1 second'), bid.auction;";
        Map<String, Object> post = new LinkedHashMap<>();
        post.put("name", "recovery-" + index + "-" + System.currentTimeMillis());
        post.put("query", sql);
        post.put("parallelism", parallelism);
        post.put("checkpoint_interval_micros", checkpointMicros);
        HttpResponse<String> created = send(HttpRequest.newBuilder(URI.create(base + "/pipelines"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(post))));
        if (created.statusCode() / 100 != 2) {
            throw new IOException("POST /pipelines answered " + created.statusCode() + ": " + created.body());
        }
        String pipeline = JSON.readTree(created.body()).path("id").asText();
        try {
            return measure(pipeline);
        } finally {
            Distributed.remove(base, pipeline);
        }
    }

    private Result measure(String pipeline) throws Exception {
        String jobs = "/pipelines/" + pipeline + "/jobs";
        long deadline = System.nanoTime() + WAIT.toNanos();
        String job = null;
        long lastCheckpoint = -1;
        while (lastCheckpoint < 0) {
            if (System.nanoTime() > deadline) {
                throw new IOException("pipeline " + pipeline + " was not Running with a completed checkpoint within "
                        + WAIT.toSeconds() + " s");
            }
            Thread.sleep(50);
            JsonNode data = JSON.readTree(get(jobs)).path("data");
            if (data.size() == 0) {
                continue;
            }
            job = data.get(0).path("id").asText();
            String state = data.get(0).path("state").asText();
            if (state.equals("Failed")) {
                throw new IOException("job " + job + " failed: " + get(jobs + "/" + job + "/errors"));
            }
            if (state.equals("Running")) {
                lastCheckpoint = lastCompleted(jobs + "/" + job + "/checkpoints");
            }
        }
        List<Long> pids = new ArrayList<>(Distributed.workerPids(base, pipeline, job));
        if (pids.isEmpty()) {
            throw new IOException("no worker process of job " + job + " found (is the scheduler 'process'?)");
        }
        Collections.sort(pids);
        long victim = pids.get(0);
        // the newest checkpoint completed before the kill is the one the new run must restore
        lastCheckpoint = lastCompleted(jobs + "/" + job + "/checkpoints");
        long killMicros = nowMicros();
        boolean killed = ProcessHandle.of(victim).map(ProcessHandle::destroyForcibly).orElse(false);
        if (!killed) {
            throw new IOException("could not kill worker process " + victim);
        }

        Map<String, Long> at = new LinkedHashMap<>();
        String compilingReason = "";
        while (!at.containsKey("Running")) {
            if (System.nanoTime() > deadline + WAIT.toNanos()) {
                throw new IOException("job " + job + " was not Running again within " + WAIT.toSeconds() + " s of the"
                        + " kill; transitions since: " + at);
            }
            Thread.sleep(10);
            for (JsonNode t : JSON.readTree(get(jobs + "/" + job + "/history")).path("data")) {
                long when = t.path("at").asLong();
                String to = t.path("to").asText();
                if (when >= killMicros && !at.containsKey(to)) {
                    at.put(to, when);
                    if (to.equals("Compiling")) {
                        compilingReason = t.path("reason").asText();
                    }
                    if (to.equals("Failed")) {
                        throw new IOException("job " + job + " failed after the kill: " + t.path("reason").asText());
                    }
                }
            }
        }
        long recovering = at.getOrDefault("Recovering", Long.MIN_VALUE);
        long compiling = at.getOrDefault("Compiling", Long.MIN_VALUE);
        long scheduling = at.getOrDefault("Scheduling", Long.MIN_VALUE);
        long running = at.get("Running");
        Matcher m = RESTORE.matcher(compilingReason);
        long restored = m.find() ? Long.parseLong(m.group(1)) : -1;

        // the new run's workers: when the scheduler assigned each to a process, when each registered
        List<Distributed.WorkerProc> fresh = Distributed.workers(base, pipeline, job);
        double launch = Double.NaN;
        double jvm = Double.NaN;
        double tasks = Double.NaN;
        long firstAssigned = Long.MAX_VALUE;
        long lastRegistered = Long.MIN_VALUE;
        for (Distributed.WorkerProc w : fresh) {
            firstAssigned = Math.min(firstAssigned, assigned(w.workerId()).orElse(Long.MAX_VALUE));
            Optional<Long> reg = registered(w);
            if (reg.isPresent()) {
                lastRegistered = Math.max(lastRegistered, reg.get());
            }
        }
        if (firstAssigned != Long.MAX_VALUE && scheduling > Long.MIN_VALUE) {
            launch = (firstAssigned - scheduling) / 1e6;
            if (lastRegistered > Long.MIN_VALUE) {
                jvm = (lastRegistered - firstAssigned) / 1e6;
                tasks = (running - lastRegistered) / 1e6;
            }
        }
        return new Result((running - killMicros) / 1e6, (recovering - killMicros) / 1e6,
                (compiling - recovering) / 1e6, (scheduling - compiling) / 1e6, launch, jvm, tasks, lastCheckpoint,
                restored);
    }

    private long lastCompleted(String path) throws Exception {
        long last = -1;
        for (JsonNode c : JSON.readTree(get(path)).path("data")) {
            if (c.path("state").asText().equals("completed")) {
                last = Math.max(last, c.path("epoch").asLong());
            }
        }
        return last;
    }

    /** The time of the scheduler's "Assigned worker …" line in the server's log, when found. */
    private Optional<Long> assigned(String workerId) {
        if (home == null) {
            return Optional.empty();
        }
        try {
            String marker = "Assigned worker " + workerId + " ";
            for (String line : Files.readAllLines(home.resolve("data/log/karaf.log"))) {
                if (line.contains(marker)) {
                    // Karaf's layout: 2026-11-26T15:10:00,501 | INFO | … in the local time zone
                    java.time.LocalDateTime t = java.time.LocalDateTime.parse(line.substring(0, 23).replace(',', '.'));
                    Instant i = t.atZone(java.time.ZoneId.systemDefault()).toInstant();
                    return Optional.of(i.getEpochSecond() * 1_000_000L + i.getNano() / 1_000);
                }
            }
        } catch (IOException | RuntimeException e) {
            // no log line: that phase is not split
        }
        return Optional.empty();
    }

    /** The time of the worker's "registering with" line in its process's log, when found. */
    private static Optional<Long> registered(Distributed.WorkerProc w) {
        try {
            String marker = "Worker " + w.workerId() + " of job ";
            for (String line : Files.readAllLines(w.log())) {
                Matcher m = LOG_TIME.matcher(line);
                if (line.contains(marker) && line.contains(" registering with ") && m.find()) {
                    Instant t = OffsetDateTime.parse(m.group(1)).toInstant();
                    return Optional.of(t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000);
                }
            }
        } catch (IOException | RuntimeException e) {
            // no log: that phase is not split
        }
        return Optional.empty();
    }

    private static long nowMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    private String get(String path) throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base + path)).GET());
        if (r.statusCode() != 200) {
            throw new IOException("GET " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
