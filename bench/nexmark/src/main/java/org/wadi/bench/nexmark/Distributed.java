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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Nexmark through a running Wadi server, as a user runs it: each query is submitted with {@code POST
 * /api/v1/pipelines} (the nexmark source bounded to {@code events}, a {@code blackhole} sink, the
 * given parallelism), the process scheduler starts the worker JVMs (with {@code worker.slots}
 * subtasks each: slots 1 and parallelism 2 make two workers exchanging rows over TCP), and the run
 * is timed from the job's transitions as the controller recorded them ({@code GET
 * …/jobs/{job}/history}): {@code seconds} from {@code Running} (every task runs) to {@code Finished}
 * (every task ended). Tasks start streaming as each of them opens, a little before the controller
 * hears that the last one runs and records {@code Running}; the API does not record that moment,
 * so short runs read slightly fast (tens of milliseconds on seconds).
 *
 * <p>Usage: {@code Distributed <query|all|qA,qB> [events] [parallelism]} with {@code -Dwadi.url}
 * (default {@code http://127.0.0.1:5115}). stdout as {@link Bench}; stderr a {@code #} line with the
 * worker JVMs' CPU seconds (from {@code /proc}, sampled every 20 ms while the job runs, from the
 * first sample in {@code Running} to the last before they exit), their peak RSS, the other
 * processes' CPU seconds, the time the workers took to start and register ({@code schedule_s}), and
 * the checkpoints the job took ({@code -Dnexmark.checkpoint.s}; default: none within the run, the
 * interval set to a day).
 */
public final class Distributed {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final long DAY_MICROS = 86_400_000_000L;

    private final String base;

    private Distributed(String url) {
        this.base = url.replaceAll("/+$", "") + "/api/v1";
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: Distributed <query|all|qA,qB> [events=10000000] [parallelism=2]");
            System.exit(2);
        }
        List<String> queries = new ArrayList<>();
        for (String q : args[0].split(",")) {
            if (q.equals("all")) {
                queries.addAll(Queries.BASELINE);
            } else if (q.equals("gen") || Queries.ALL.containsKey(q)) {
                queries.add(q);
            } else {
                System.err.println("unknown query '" + q + "'; known: " + Queries.ALL.keySet() + ", all, gen");
                System.exit(2);
            }
        }
        long events = args.length > 1 ? Long.parseLong(args[1].replace("_", "")) : 10_000_000L;
        int parallelism = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        Distributed d = new Distributed(System.getProperty("wadi.url", "http://127.0.0.1:5115"));
        int failures = 0;
        for (String q : queries) {
            if (!d.run(q, events, parallelism)) {
                failures++;
            }
        }
        System.exit(failures == 0 ? 0 : 1);
    }

    private boolean run(String query, long events, int parallelism) throws Exception {
        double checkpointSec = Double.parseDouble(System.getProperty("nexmark.checkpoint.s", "0"));
        long intervalMicros = checkpointSec > 0 ? Math.round(checkpointSec * 1e6) : DAY_MICROS;
        String sql = "CREATE TABLE nexmark WITH (connector = 'nexmark', pace = 'false', events = '" + events
                + "', event_time_rate = '" + System.getProperty("nexmark.rate", "1e7") + "');\n"
                + "CREATE TABLE out WITH (connector = 'blackhole');\n"
                + "INSERT INTO out " + Bench.select(query) + ";";
        Map<String, Object> post = new LinkedHashMap<>();
        post.put("name", "nexmark-" + query + "-" + System.currentTimeMillis());
        post.put("query", sql);
        post.put("parallelism", parallelism);
        post.put("checkpoint_interval_micros", intervalMicros);
        HttpResponse<String> created = send(HttpRequest.newBuilder(URI.create(base + "/pipelines"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(post))));
        if (created.statusCode() == 400) {
            System.out.printf(Locale.ROOT, "%s %d %d unsupported%n", query, events, parallelism);
            System.out.flush();
            System.err.printf(Locale.ROOT, "# %s unsupported: %s%n", query, created.body());
            return true;
        }
        if (created.statusCode() / 100 != 2) {
            throw new IOException("POST /pipelines answered " + created.statusCode() + ": " + created.body());
        }
        String pipeline = JSON.readTree(created.body()).path("id").asText();
        try {
            return watch(query, events, parallelism, pipeline, checkpointSec);
        } finally {
            remove(base, pipeline);
        }
    }

    /**
     * Stops a pipeline at once if its job still runs ({@code PATCH stop = immediate}), waits for the job
     * to end, and deletes the pipeline (the API refuses to delete one whose job runs).
     *
     * @param base the API's URL ({@code …/api/v1})
     */
    static void remove(String base, String pipeline) throws Exception {
        String url = base + "/pipelines/" + pipeline;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        boolean stopAsked = false;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> jobs = send(HttpRequest.newBuilder(URI.create(url + "/jobs")).GET());
            JsonNode data = JSON.readTree(jobs.body()).path("data");
            String state = data.size() == 0 ? "" : data.get(0).path("state").asText();
            if (state.isEmpty() || state.equals("Stopped") || state.equals("Finished") || state.equals("Failed")) {
                break;
            }
            if (!stopAsked) {
                send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                        .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"stop\": \"immediate\"}")));
                stopAsked = true;
            }
            Thread.sleep(100);
        }
        HttpResponse<String> deleted = send(HttpRequest.newBuilder(URI.create(url)).DELETE());
        if (deleted.statusCode() / 100 != 2) {
            System.err.println("# could not delete pipeline " + pipeline + ": " + deleted.statusCode() + " "
                    + deleted.body());
        }
    }

    private boolean watch(String query, long events, int parallelism, String pipeline, double checkpointSec)
            throws Exception {
        long busy0 = Bench.machineBusyTicks();
        long deadline = System.nanoTime() + Duration.ofHours(2).toNanos();
        String job = null;
        String state = "";
        // per worker pid: CPU ticks when first seen in Running, and the latest sample
        Map<Long, long[]> cpu = new HashMap<>();
        long peakRssKb = 0;
        while (System.nanoTime() < deadline) {
            JsonNode jobs = JSON.readTree(get("/pipelines/" + pipeline + "/jobs")).path("data");
            if (jobs.size() > 0) {
                job = jobs.get(0).path("id").asText();
                state = jobs.get(0).path("state").asText();
            }
            if (state.equals("Finished") || state.equals("Failed") || state.equals("Stopped")) {
                break;
            }
            if (job != null && (state.equals("Running") || state.equals("Finishing"))) {
                for (long pid : workerPids(base, pipeline, job)) {
                    long ticks = cpuTicks(pid);
                    if (ticks >= 0) {
                        cpu.computeIfAbsent(pid, p -> new long[] {ticks, ticks})[1] = ticks;
                    }
                    peakRssKb = Math.max(peakRssKb, peakRssKb(pid));
                }
            }
            Thread.sleep(20);
        }
        long busy1 = Bench.machineBusyTicks();
        if (!state.equals("Finished")) {
            System.out.printf(Locale.ROOT, "%s %d %d failed%n", query, events, parallelism);
            System.err.printf(Locale.ROOT, "# %s job %s ended %s: %s%n", query, job, state,
                    job == null ? "" : get("/pipelines/" + pipeline + "/jobs/" + job + "/errors"));
            return false;
        }
        Map<String, Long> at = new HashMap<>();
        String schedulingReason = "";
        for (JsonNode t : JSON.readTree(get("/pipelines/" + pipeline + "/jobs/" + job + "/history")).path("data")) {
            at.putIfAbsent(t.path("to").asText(), t.path("at").asLong());
            if (t.path("to").asText().equals("Scheduling")) {
                schedulingReason = t.path("reason").asText();
            }
        }
        double seconds = (at.get("Finished") - at.get("Running")) / 1e6;
        double scheduleSec = (at.get("Running") - at.get("Scheduling")) / 1e6;
        double workerCpu = 0;
        for (long[] c : cpu.values()) {
            workerCpu += (c[1] - c[0]) / 100.0;
        }
        double other = busy0 < 0 || busy1 < 0 ? -1 : Math.max(0, (busy1 - busy0) / 100.0 - workerCpu);
        System.out.printf(Locale.ROOT, "%s %d %d %.3f %.0f%n", query, events, parallelism, seconds, events / seconds);
        System.out.flush();
        System.err.printf(Locale.ROOT, "# %s events=%d p=%d seconds=%.3f workers=%d worker_cpu_s=%.2f avg_cores=%.2f"
                        + " events_per_cpu_s=%.0f other_procs_cpu_s=%.1f worker_peak_rss_mb=%d schedule_s=%.3f"
                        + " job=%s plan=\"%s\"%s%n",
                query, events, parallelism, seconds, cpu.size(), workerCpu, workerCpu / seconds,
                workerCpu > 0 ? events / workerCpu : 0, other, peakRssKb / 1024, scheduleSec, job, schedulingReason,
                checkpoints(pipeline, job, checkpointSec));
        return true;
    }

    /** The job's checkpoints: how many completed, their mean and max duration and size. */
    private String checkpoints(String pipeline, String job, double intervalSec) throws Exception {
        if (intervalSec <= 0) {
            return "";
        }
        int completed = 0;
        int all = 0;
        double sumMs = 0;
        double maxMs = 0;
        double sumBytes = 0;
        long maxBytes = 0;
        for (JsonNode c : JSON.readTree(get("/pipelines/" + pipeline + "/jobs/" + job + "/checkpoints")).path("data")) {
            all++;
            if (!c.path("state").asText().equals("completed")) {
                continue;
            }
            completed++;
            double ms = (c.path("finish_time").asLong() - c.path("start_time").asLong()) / 1e3;
            sumMs += ms;
            maxMs = Math.max(maxMs, ms);
            sumBytes += c.path("bytes").asLong();
            maxBytes = Math.max(maxBytes, c.path("bytes").asLong());
        }
        return String.format(Locale.ROOT, " checkpoint_interval_s=%.1f checkpoints=%d triggered=%d"
                + " checkpoint_mean_ms=%.0f checkpoint_max_ms=%.0f checkpoint_mean_bytes=%.0f checkpoint_max_bytes=%d",
                intervalSec, completed, all, completed == 0 ? 0 : sumMs / completed, maxMs,
                completed == 0 ? 0 : sumBytes / completed, maxBytes);
    }

    /** A worker of a job running now, as {@code GET …/jobs/{job}/workers} describes it. */
    record WorkerProc(String workerId, long runId, long pid, Path log) {
    }

    private static final java.util.regex.Pattern WORKER_WHERE =
            java.util.regex.Pattern.compile("\\bpid (\\d+), log ([^,]+)");

    /**
     * The running workers of a job and their processes (the process scheduler's description gives
     * each one's pid and log).
     *
     * @param base the API's URL ({@code …/api/v1})
     */
    static List<WorkerProc> workers(String base, String pipeline, String job) throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base + "/pipelines/" + pipeline + "/jobs/" + job
                + "/workers")).GET());
        if (r.statusCode() != 200) {
            throw new IOException("GET the workers of job " + job + " answered " + r.statusCode() + ": " + r.body());
        }
        List<WorkerProc> out = new ArrayList<>();
        for (JsonNode w : JSON.readTree(r.body()).path("data")) {
            java.util.regex.Matcher m = WORKER_WHERE.matcher(w.path("description").asText());
            if (w.path("alive").asBoolean() && m.find()) {
                out.add(new WorkerProc(w.path("worker_id").asText(), w.path("run_id").asLong(),
                        Long.parseLong(m.group(1)), Path.of(m.group(2).trim())));
            }
        }
        return out;
    }

    /** The pids of the processes running a job's workers now. */
    static List<Long> workerPids(String base, String pipeline, String job) throws Exception {
        return workers(base, pipeline, job).stream().map(WorkerProc::pid).distinct().toList();
    }

    /** utime + stime of a process in clock ticks (1/100 s), or -1 once it is gone. */
    static long cpuTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static long peakRssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone
        }
        return 0;
    }

    private String get(String path) throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base + path)).GET());
        if (r.statusCode() != 200) {
            throw new IOException("GET " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
