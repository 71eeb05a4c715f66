package org.wadi.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code bin/wadi run}: runs one pipeline on a local server of its own — the distribution started
 * with its data in the state folder (embedded PostgreSQL, checkpoints, logs) on free ports — and
 * prints the rows of its bare {@code SELECT} as JSON lines on standard output. Ctrl-C stops the
 * pipeline with a final checkpoint and the server after it; run again with the same state folder
 * and the same SQL, the pipeline resumes from that checkpoint (as {@code arroyo run}).
 */
public final class Run {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> FINAL = Set.of("Stopped", "Finished", "Failed");
    private static final Duration STOP_DEADLINE = Duration.ofSeconds(90);

    private final RunOptions options;
    private final PrintStream out;
    private final PrintStream err;
    private final Path home;
    private final Path cwd;
    private LocalServer server;
    private Api api;
    private String pipelineId;
    private final AtomicBoolean interrupted = new AtomicBoolean();
    private final AtomicBoolean cleanedUp = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);

    Run(RunOptions options, Path home, Path cwd, PrintStream out, PrintStream err) {
        this.options = options;
        this.home = home;
        this.cwd = cwd;
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        Path cwd = Path.of("").toAbsolutePath();
        String home = System.getProperty("wadi.home");
        RunOptions options;
        try {
            options = RunOptions.parse(args, cwd);
        } catch (IllegalArgumentException e) {
            System.err.println("bin/wadi run: " + e.getMessage());
            System.err.print(RunOptions.USAGE);
            System.exit(2);
            return;
        }
        if (home == null) {
            System.err.println("bin/wadi run: the system property wadi.home is not set (run it through bin/wadi)");
            System.exit(2);
        }
        Run run = new Run(options, Path.of(home), cwd, System.out, System.err);
        Runtime.getRuntime().addShutdownHook(new Thread(run::onInterrupt, "wadi-run-stop"));
        int code = run.run(System.in);
        run.cleanUp();
        System.exit(code);
    }

    /** Runs the pipeline until it ends by itself or Ctrl-C stopped it; returns the exit code. */
    int run(InputStream stdin) {
        String sql;
        try {
            sql = options.file() == null ? new String(stdin.readAllBytes(), StandardCharsets.UTF_8)
                    : Files.readString(options.file());
        } catch (IOException e) {
            err.println("bin/wadi run: cannot read " + (options.file() == null ? "standard input" : options.file())
                    + ": " + e.getMessage());
            return 2;
        }
        if (sql.isBlank()) {
            err.println("bin/wadi run: no SQL in " + (options.file() == null ? "standard input" : options.file()));
            return 2;
        }
        try {
            Files.createDirectories(options.state());
        } catch (IOException e) {
            err.println("bin/wadi run: cannot create the state folder " + options.state() + ": " + e.getMessage());
            return 2;
        }
        try (FileChannel lockFile = FileChannel.open(options.state().resolve(".lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock lock = lockFile.tryLock()) {
            if (lock == null) {
                err.println("bin/wadi run: another bin/wadi run uses the state folder " + options.state());
                return 2;
            }
            return runLocked(sql);
        } catch (IOException e) {
            err.println("bin/wadi run: " + e.getMessage());
            return 1;
        } finally {
            stopped.countDown();
        }
    }

    private int runLocked(String sql) throws IOException {
        err.println("Starting a local Wadi with its state in " + options.state() + " …");
        server = LocalServer.start(home, options.state(), cwd);
        api = new Api(server.port());
        if (!server.awaitApi(api, Duration.ofSeconds(240), err)) {
            return 1;
        }
        pipelineId = pipeline(sql);
        if (pipelineId == null) {
            return 1;
        }
        String jobId = api.awaitJob(pipelineId, Duration.ofSeconds(60));
        if (jobId == null) {
            err.println("bin/wadi run: the pipeline " + pipelineId + " got no job within 60 s");
            return 1;
        }
        Thread rows = api.streamOutput(pipelineId, jobId, value -> {
            synchronized (out) {
                out.println(value);
                out.flush();
            }
        });
        String lastState = null;
        while (true) {
            JsonNode job = api.job(pipelineId, jobId);
            String state = job.path("state").asText();
            if (!state.equals(lastState)) {
                err.println("Pipeline " + options.name() + " (" + pipelineId + ", " + jobId + "): " + state);
                lastState = state;
            }
            if (FINAL.contains(state) && !interrupted.get()) {
                // what the sinks sent last is still on its way through the stream
                sleepQuietly(1000);
                rows.interrupt();
                if (state.equals("Failed")) {
                    err.println("bin/wadi run: the pipeline failed: "
                            + job.path("failure_reason").path("error").asText("(no reason given)"));
                    return 1;
                }
                return 0;
            }
            if (interrupted.get()) {
                // the shutdown hook stops the pipeline and the server; wait for it
                sleepQuietly(STOP_DEADLINE.toMillis());
                return 130;
            }
            sleepQuietly(300);
        }
    }

    /** Creates the pipeline, or resumes the one this state folder ran before; returns its id. */
    private String pipeline(String sql) throws IOException {
        Path record = options.state().resolve("pipeline.json");
        if (Files.exists(record)) {
            JsonNode saved = JSON.readTree(record.toFile());
            String id = saved.path("id").asText();
            if (!saved.path("query").asText().equals(sql)) {
                err.println("bin/wadi run: the state folder " + options.state() + " belongs to another query (pipeline "
                        + id + "); run this one with another --state, or delete that folder to start afresh");
                return null;
            }
            Api.Response existing = api.get("/api/v1/pipelines/" + id);
            if (existing.status() == 200) {
                err.println("Resuming pipeline " + id + " from its last checkpoint");
                Api.Response r = api.patch("/api/v1/pipelines/" + id, "{\"stop\":\"none\"}");
                if (r.status() != 200) {
                    err.println("bin/wadi run: could not resume pipeline " + id + ": " + r.error());
                    return null;
                }
                return id;
            }
        }
        ObjectNode body = JSON.createObjectNode().put("name", options.name()).put("query", sql)
                .put("parallelism", options.parallelism());
        Api.Response r = api.post("/api/v1/pipelines", body.toString());
        if (r.status() != 200) {
            err.println("bin/wadi run: the pipeline was refused: " + r.error());
            return null;
        }
        String id = r.json().path("id").asText();
        Files.writeString(record, JSON.writeValueAsString(Map.of("id", id, "query", sql)));
        return id;
    }

    /** Ctrl-C or SIGTERM: a final checkpoint, then the server stops. Also runs at a normal exit. */
    void onInterrupt() {
        if (stopped.getCount() > 0) {
            interrupted.set(true);
            if (api != null && pipelineId != null) {
                err.println("Stopping pipeline " + pipelineId + " with a final checkpoint …");
                try {
                    api.patch("/api/v1/pipelines/" + pipelineId, "{\"stop\":\"checkpoint\"}");
                    Instant deadline = Instant.now().plus(STOP_DEADLINE);
                    while (Instant.now().isBefore(deadline)) {
                        String jobId = api.latestJob(pipelineId);
                        if (jobId != null && FINAL.contains(api.job(pipelineId, jobId).path("state").asText())) {
                            err.println("Stopped; run the same SQL with --state " + options.state() + " to resume");
                            break;
                        }
                        sleepQuietly(200);
                    }
                } catch (RuntimeException e) {
                    err.println("bin/wadi run: could not stop the pipeline cleanly: " + e.getMessage());
                }
            }
        }
        cleanUp();
    }

    /** Stops the local server, once. */
    void cleanUp() {
        if (cleanedUp.compareAndSet(false, true) && server != null) {
            server.stop(Duration.ofSeconds(60));
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}
