package org.wadi.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The Wadi server {@code bin/wadi run} starts for itself: the distribution at {@code home} run as a
 * child process with its data ({@code KARAF_DATA}: database, checkpoints, logs) in the state
 * folder, on free loopback ports, with the embedded scheduler (one JVM) unless {@code
 * WADI_SCHEDULER} says otherwise, and local files readable from the working folder.
 */
final class LocalServer {

    private final Process process;
    private final int port;
    private final Path log;

    private LocalServer(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    static LocalServer start(Path home, Path state, Path cwd) throws IOException {
        Path data = Files.createDirectories(state.resolve("data"));
        Path log = state.resolve("server.out");
        int[] ports = freePorts(5);
        ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/wadi").toString()).directory(home.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Map<String, String> env = pb.environment();
        env.put("KARAF_DATA", data.toString());
        env.put("WADI_HTTP_PORT", Integer.toString(ports[0]));
        env.put("WADI_SSH_PORT", Integer.toString(ports[1]));
        env.put("WADI_RMI_REGISTRY_PORT", Integer.toString(ports[2]));
        env.put("WADI_RMI_SERVER_PORT", Integer.toString(ports[3]));
        env.put("WADI_CONTROLLER_GRPC_PORT", Integer.toString(ports[4]));
        env.put("WADI_HTTP_HOST", "127.0.0.1");
        env.put("WADI_API_AUTH_MODE", "none");
        env.putIfAbsent("WADI_SCHEDULER", "embedded");
        env.putIfAbsent("WADI_DATABASE_EMBEDDED_DIR", data.resolve("postgres").toString());
        env.putIfAbsent("WADI_FILE_ROOTS", String.join(":", List.of(cwd.toString(), state.toString())));
        return new LocalServer(pb.start(), ports[0], log);
    }

    int port() {
        return port;
    }

    /** Waits until the API serves pipelines; false (with what the server said) when it did not. */
    boolean awaitApi(Api api, Duration timeout, PrintStream err) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                err.println("bin/wadi run: the server exited with " + process.exitValue() + "; its output:\n" + tail());
                return false;
            }
            if (api.ok("/api/v1/ping") && api.ok("/api/v1/pipelines")) {
                return true;
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        err.println("bin/wadi run: the server did not answer within " + timeout.toSeconds() + " s; its output:\n"
                + tail());
        return false;
    }

    /** Stops the server as Ctrl-C would (its workers with it), killing it after {@code timeout}. */
    void stop(Duration timeout) {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    private static int[] freePorts(int n) throws IOException {
        int[] ports = new int[n];
        ServerSocket[] sockets = new ServerSocket[n];
        try {
            for (int i = 0; i < n; i++) {
                sockets[i] = new ServerSocket(0);
                ports[i] = sockets[i].getLocalPort();
            }
        } finally {
            for (ServerSocket s : sockets) {
                if (s != null) {
                    s.close();
                }
            }
        }
        return ports;
    }
}
