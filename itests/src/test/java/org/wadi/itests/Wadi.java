package org.wadi.itests;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * One running copy of the assembled distribution, started the way a user starts it ({@code bin/wadi})
 * on ports of its own, so tests never collide with each other or with a server someone is running.
 * Each test class starts one in {@code @BeforeAll} and closes it in {@code @AfterAll}; the copy
 * lives in its own folder, so runs share no data.
 */
public final class Wadi implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration START_DEADLINE = Duration.ofSeconds(180);
    private static final String WORKER_MAIN = "org.wadi.launcher.WorkerMain";

    private final Path home;
    private final Path files;
    private final Map<String, String> env;
    private final int httpPort;
    private final int sshPort;
    private final String shellUser = "itest";
    private final String shellPassword;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Process process;

    private Wadi(Path home, Path files, Map<String, String> env, int httpPort, int sshPort, String shellPassword) {
        this.home = home;
        this.files = files;
        this.env = env;
        this.httpPort = httpPort;
        this.sshPort = sshPort;
        this.shellPassword = shellPassword;
    }

    /** Copies the distribution and starts it with these extra environment variables. */
    public static Wadi start(String name, Map<String, String> extraEnv) {
        Path assembly = Path.of(System.getProperty("wadi.assembly", "../karaf-assembly/target/assembly"));
        if (!Files.isExecutable(assembly.resolve("bin/wadi"))) {
            fail("no distribution at " + assembly.toAbsolutePath() + ": build karaf-assembly first");
        }
        try {
            Path base = Path.of(System.getProperty("wadi.itests.dir", "target/itests"));
            Files.createDirectories(base);
            Path dir = Files.createTempDirectory(base.toAbsolutePath(), name + "-");
            Path home = dir.resolve("wadi");
            copyTree(assembly, home);
            Path files = Files.createDirectories(dir.resolve("files"));

            String password = HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
            // an operator adds a user the same way (README): Karaf ships with none
            Files.writeString(home.resolve("etc/users.properties"),
                    "\nitest = " + password + ",_g_:admingroup\n_g_\\:admingroup = group,admin,manager,viewer,systembundles,ssh\n",
                    java.nio.file.StandardOpenOption.APPEND);

            Map<String, String> env = new HashMap<>(System.getenv());
            env.keySet().removeIf(k -> k.startsWith("WADI_") || k.equals("SCHEDULER") || k.startsWith("KARAF_"));
            int[] ports = freePorts(5);
            env.put("WADI_HTTP_PORT", Integer.toString(ports[0]));
            env.put("WADI_SSH_PORT", Integer.toString(ports[1]));
            env.put("WADI_RMI_REGISTRY_PORT", Integer.toString(ports[2]));
            env.put("WADI_RMI_SERVER_PORT", Integer.toString(ports[3]));
            env.put("WADI_CONTROLLER_GRPC_PORT", Integer.toString(ports[4]));
            env.put("WADI_DATABASE_EMBEDDED_DIR", dir.resolve("postgres").toString());
            env.put("WADI_FILE_ROOTS", files.toString());
            env.putAll(extraEnv);

            Wadi wadi = new Wadi(home, files, env, ports[0], ports[1], password);
            wadi.launch();
            return wadi;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void launch() throws IOException {
        ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/wadi").toString())
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(home.resolve("wadi.out").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().clear();
        pb.environment().putAll(env);
        process = pb.start();
        Instant deadline = Instant.now().plus(START_DEADLINE);
        while (true) {
            if (!process.isAlive()) {
                fail("bin/wadi exited with " + process.exitValue() + " before /api/v1/ping answered\n" + diagnostics());
            }
            // ping answers as soon as the API bundle is up; pipelines once the store and planner are too
            // with mutual TLS, plain HTTP answers ping only
            if (ok("/api/v1/ping") && ("mtls".equals(env.get("WADI_API_AUTH_MODE")) || ok("/api/v1/pipelines"))) {
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                String why = diagnostics();
                kill(); // a server that never came up must not outlive the test (nor its PostgreSQL)
                fail("/api/v1/ping and /api/v1/pipelines did not answer within " + START_DEADLINE + "\n" + why);
            }
            sleep(250);
        }
    }

    /**
     * The API key this copy's requests carry when it runs with {@code WADI_API_AUTH_MODE=api_key}
     * (the first of {@code WADI_API_AUTH_KEYS}), or {@code null}.
     */
    private String apiKey() {
        String keys = env.get("WADI_API_AUTH_KEYS");
        return "api_key".equals(env.get("WADI_API_AUTH_MODE")) && keys != null ? keys.split(",")[0].trim() : null;
    }

    private HttpRequest.Builder authorized(HttpRequest.Builder request) {
        String key = apiKey();
        return key == null ? request : request.setHeader("Authorization", "Bearer " + key);
    }

    private boolean ok(String path) {
        try {
            return http.send(authorized(HttpRequest.newBuilder(uri(path))).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (ConnectException e) {
            return false;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Kills the server and everything it started, at once. */
    private void kill() {
        List<ProcessHandle> tree = new ArrayList<>();
        process.toHandle().descendants().forEach(tree::add);
        process.destroyForcibly();
        tree.forEach(ProcessHandle::destroyForcibly);
        process = null;
    }

    /** Stops the server as Ctrl-C would and checks that no worker process of it is left. */
    @Override
    public void close() {
        if (process == null) {
            return;
        }
        List<ProcessHandle> tree = new ArrayList<>();
        process.toHandle().descendants().forEach(tree::add);
        process.destroy(); // SIGTERM: Karaf's shutdown hook stops everything
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                tree.forEach(ProcessHandle::destroyForcibly);
                fail("bin/wadi did not stop within 60 s of SIGTERM\n" + diagnostics());
            }
            waitUntil("the workers of " + home + " exit", Duration.ofSeconds(30), () -> workerProcesses(null).isEmpty());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            workerProcesses(null).forEach(ProcessHandle::destroyForcibly);
            tree.forEach(ProcessHandle::destroyForcibly);
            process = null;
        }
    }

    // ---- what tests use

    public Path home() {
        return home;
    }

    /** The only folder connectors may touch (WADI_FILE_ROOTS). */
    public Path files() {
        return files;
    }

    public int httpPort() {
        return httpPort;
    }

    public int sshPort() {
        return sshPort;
    }

    /** A port this copy was given through the environment, e.g. WADI_RMI_REGISTRY_PORT. */
    public int port(String variable) {
        return Integer.parseInt(env.get(variable));
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + httpPort + path);
    }

    /** A response: status and body. */
    public record Response(int status, String body, Optional<String> contentType) {

        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (status " + status + "): " + body, e);
            }
        }
    }

    public Response get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    public Response post(String path, String body) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** Sends a request, with this copy's API key when it has one (see {@link #sendAnonymously}). */
    public Response send(HttpRequest.Builder request) {
        return sendAnonymously(authorized(request));
    }

    /** Sends a request as it is: no credentials added. */
    public Response sendAnonymously(HttpRequest.Builder request) {
        try {
            HttpResponse<String> r = http.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.body(), r.headers().firstValue("Content-Type"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Creates a pipeline and returns its id. */
    public String createPipeline(String name, String query, int parallelism) {
        ObjectNode body = JSON.createObjectNode().put("name", name).put("query", query).put("parallelism", parallelism);
        Response r = post("/api/v1/pipelines", body.toString());
        if (r.status() != 200) {
            fail("POST /api/v1/pipelines answered " + r.status() + ": " + r.body());
        }
        return r.json().get("id").asText();
    }

    /** The pipeline's newest job, as the API shows it. */
    public JsonNode job(String pipelineId) {
        Response r = get("/api/v1/pipelines/" + pipelineId + "/jobs");
        if (r.status() != 200) {
            fail("GET jobs of " + pipelineId + " answered " + r.status() + ": " + r.body());
        }
        JsonNode data = r.json().get("data");
        if (data == null || data.size() == 0) {
            fail("pipeline " + pipelineId + " has no job: " + r.body());
        }
        return data.get(0);
    }

    /** Waits until the pipeline's job is in a final state, and returns it. */
    public JsonNode awaitFinalJob(String pipelineId, Duration timeout) {
        JsonNode[] last = new JsonNode[1];
        waitUntil("the job of " + pipelineId + " ends", timeout, () -> {
            last[0] = job(pipelineId);
            return Set.of("Finished", "Failed", "Stopped").contains(last[0].get("state").asText());
        });
        return last[0];
    }

    /**
     * Worker JVMs this distribution started (all of them: idle pooled ones too), or those running a
     * worker of one job now, as the job's workers endpoint reports them.
     */
    public List<ProcessHandle> workerProcesses(String jobId) {
        if (jobId != null) {
            return jobWorkerProcesses(jobId);
        }
        String lib = home.resolve("lib/worker").toString();
        try (Stream<ProcessHandle> all = ProcessHandle.allProcesses()) {
            return all.filter(p -> {
                String cmd = p.info().commandLine().orElse("");
                return cmd.contains(WORKER_MAIN) && cmd.contains(lib);
            }).toList();
        }
    }

    private static final java.util.regex.Pattern PID = java.util.regex.Pattern.compile("\\bpid (\\d+)");

    private List<ProcessHandle> jobWorkerProcesses(String jobId) {
        String pipelineId = null;
        for (JsonNode j : get("/api/v1/jobs").json().path("data")) {
            if (j.path("id").asText().equals(jobId)) {
                pipelineId = j.path("pipeline_id").asText();
            }
        }
        if (pipelineId == null) {
            return List.of();
        }
        Response r = get("/api/v1/pipelines/" + pipelineId + "/jobs/" + jobId + "/workers");
        if (r.status() != 200) {
            throw new AssertionError("GET workers of " + jobId + ": " + r.status() + " " + r.body());
        }
        List<ProcessHandle> out = new ArrayList<>();
        for (JsonNode w : r.json().path("data")) {
            java.util.regex.Matcher m = PID.matcher(w.path("description").asText());
            if (w.path("alive").asBoolean() && m.find()) {
                ProcessHandle.of(Long.parseLong(m.group(1))).filter(ProcessHandle::isAlive).ifPresent(out::add);
            }
        }
        return out;
    }

    /** Runs shell commands through bin/client (batch mode, commands on stdin) and returns what it printed. */
    public String shell(String... commands) {
        try {
            ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/client").toString(),
                    "-a", Integer.toString(sshPort), "-h", "127.0.0.1", "-u", shellUser, "-p", shellPassword, "-b")
                    .directory(home.toFile()).redirectErrorStream(true);
            pb.environment().putAll(env);
            Process p = pb.start();
            p.getOutputStream().write((String.join("\n", commands) + "\n").getBytes(StandardCharsets.UTF_8));
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail("bin/client did not finish: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The tail of the server's log and console, for failure messages. */
    public String diagnostics() {
        StringBuilder sb = new StringBuilder();
        for (Path p : List.of(home.resolve("wadi.out"), home.resolve("data/log/karaf.log"))) {
            try {
                List<String> lines = Files.readAllLines(p);
                sb.append("---- ").append(p).append(" (last 60 lines)\n");
                lines.subList(Math.max(0, lines.size() - 60), lines.size()).forEach(l -> sb.append(l).append('\n'));
            } catch (IOException e) {
                sb.append("---- ").append(p).append(": ").append(e.getMessage()).append('\n');
            }
        }
        return sb.toString();
    }

    // ---- helpers

    /** Polls a condition until it holds or the timeout passes (then fails, naming what was awaited). */
    public void waitUntil(String what, Duration timeout, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                fail("timed out after " + timeout + " waiting until " + what + "\n" + diagnostics());
            }
            sleep(100);
        }
    }

    /** The polling interval of waits that have their own deadline. */
    static void sleep(long millis) {
        try {
            Thread.sleep(millis); // polling interval of a wait with a deadline, not a wait for time to pass
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int[] freePorts(int n) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[n];
            for (int i = 0; i < n; i++) {
                ServerSocket s = new ServerSocket(0);
                sockets.add(s);
                ports[i] = s.getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket s : sockets) {
                s.close();
            }
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (dir.equals(from.resolve("data"))) {
                    return FileVisitResult.SKIP_SUBTREE; // the state of someone's run of the distribution
                }
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES,
                        LinkOption.NOFOLLOW_LINKS);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
