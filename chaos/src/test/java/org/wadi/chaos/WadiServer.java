package org.wadi.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One copy of the assembled distribution, started as a user starts it ({@code bin/wadi}) on ports
 * of its own, that can be SIGKILLed and started again on the same folder, ports and database.
 */
final class WadiServer implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration START_DEADLINE = Duration.ofSeconds(180);
    private static final String WORKER_MAIN = "org.wadi.launcher.WorkerMain";
    private static final Pattern PID = Pattern.compile("\\bpid (\\d+)");

    private final Path home;
    private final Map<String, String> env;
    private final int httpPort;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Process process;
    private int starts;

    private WadiServer(Path home, Map<String, String> env, int httpPort) {
        this.home = home;
        this.env = env;
        this.httpPort = httpPort;
    }

    /** Copies the distribution into {@code dir}/wadi and starts it with these extra environment variables. */
    static WadiServer start(Path dir, Map<String, String> extraEnv) throws IOException {
        Path assembly = Path.of(System.getProperty("wadi.assembly", "../karaf-assembly/target/assembly"));
        if (!Files.isExecutable(assembly.resolve("bin/wadi"))) {
            throw new IllegalStateException("no distribution at " + assembly.toAbsolutePath()
                    + ": build karaf-assembly first");
        }
        Path home = dir.resolve("wadi");
        copyTree(assembly, home);
        Map<String, String> env = new HashMap<>(System.getenv());
        env.keySet().removeIf(k -> k.startsWith("WADI_") || k.equals("SCHEDULER") || k.startsWith("KARAF_"));
        int[] ports = freePorts(5);
        env.put("WADI_HTTP_PORT", Integer.toString(ports[0]));
        env.put("WADI_SSH_PORT", Integer.toString(ports[1]));
        env.put("WADI_RMI_REGISTRY_PORT", Integer.toString(ports[2]));
        env.put("WADI_RMI_SERVER_PORT", Integer.toString(ports[3]));
        env.put("WADI_CONTROLLER_GRPC_PORT", Integer.toString(ports[4]));
        env.putAll(extraEnv);
        WadiServer server = new WadiServer(home, env, ports[0]);
        server.launch();
        return server;
    }

    /** Starts the server again (after {@link #kill}) on the same folder, ports and database. */
    void launch() throws IOException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("the server of " + home + " still runs (pid " + process.pid() + ")");
        }
        starts++;
        ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/wadi").toString())
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("wadi.out").toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().clear();
        pb.environment().putAll(env);
        Files.writeString(home.resolve("wadi.out"), "==== start " + starts + "\n", StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        process = pb.start();
        long deadline = System.nanoTime() + START_DEADLINE.toNanos();
        while (!(ok("/api/v1/ping") && ok("/api/v1/pipelines"))) {
            if (!process.isAlive()) {
                throw new IllegalStateException("bin/wadi exited with " + process.exitValue()
                        + " before /api/v1/ping answered\n" + diagnostics());
            }
            if (System.nanoTime() > deadline) {
                String why = diagnostics();
                kill();
                throw new IllegalStateException("the server did not answer within " + START_DEADLINE + "\n" + why);
            }
            Poll.pause();
        }
    }

    /** SIGKILLs the server's JVM alone (bin/wadi execs it): its workers are left to notice. */
    void kill() {
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    /** Stops the server as Ctrl-C would; kills what is left of it and its workers. */
    @Override
    public void close() {
        List<ProcessHandle> tree = new ArrayList<>();
        if (process != null) {
            process.toHandle().descendants().forEach(tree::add);
            process.destroy();
            try {
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!workerProcesses().isEmpty() && System.nanoTime() < deadline) {
            Poll.pause();
        }
        workerProcesses().forEach(ProcessHandle::destroyForcibly);
        tree.forEach(ProcessHandle::destroyForcibly);
    }

    Path home() {
        return home;
    }

    /** Every worker JVM of this distribution (idle pooled ones too, and those of an earlier start). */
    List<ProcessHandle> workerProcesses() {
        String lib = home.resolve("lib/worker").toString();
        try (Stream<ProcessHandle> all = ProcessHandle.allProcesses()) {
            return all.filter(p -> {
                String cmd = p.info().commandLine().orElse("");
                return cmd.contains(WORKER_MAIN) && cmd.contains(lib);
            }).toList();
        }
    }

    /** The live processes running a worker of this job, as {@code GET …/jobs/{job}/workers} reports them. */
    List<ProcessHandle> jobWorkerProcesses(String pipelineId, String jobId) {
        Optional<JsonNode> r = getJson("/api/v1/pipelines/" + pipelineId + "/jobs/" + jobId + "/workers");
        List<ProcessHandle> out = new ArrayList<>();
        r.ifPresent(body -> {
            for (JsonNode w : body.path("data")) {
                Matcher m = PID.matcher(w.path("description").asText());
                if (w.path("alive").asBoolean() && m.find()) {
                    ProcessHandle.of(Long.parseLong(m.group(1))).filter(ProcessHandle::isAlive).ifPresent(out::add);
                }
            }
        });
        return out;
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + httpPort + path);
    }

    /** The body of a GET that answered 200, or empty when the server is down or answered otherwise. */
    Optional<JsonNode> getJson(String path) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? Optional.of(JSON.readTree(r.body())) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Sends a JSON body; fails unless the answer is 2xx. */
    JsonNode send(String method, String path, Object body) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() / 100 != 2) {
                throw new IllegalStateException(method + " " + path + " answered " + r.statusCode() + ": " + r.body());
            }
            return r.body().isBlank() ? JSON.nullNode() : JSON.readTree(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private boolean ok(String path) {
        return getJson(path).isPresent();
    }

    /** The tail of the server's console and log, for failure messages. */
    String diagnostics() {
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

    static int[] freePorts(int n) throws IOException {
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
