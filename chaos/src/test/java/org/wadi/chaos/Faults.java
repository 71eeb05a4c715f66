package org.wadi.chaos;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The faults that need the operating system: PostgreSQL's restart and cutting TCP connections. */
final class Faults {

    private static final Pattern LISTEN = Pattern.compile("\\S+:(\\d+)\\s+\\S+\\s+users:.*\\bpid=(\\d+)\\b");

    private Faults() {
    }

    /** Runs a command, returning what it printed; fails when it exits with an error. */
    static String run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish within 120 s: " + out);
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " exited with " + p.exitValue() + ": " + out);
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + String.join(" ", command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Restarts the machine's PostgreSQL cluster (Debian's {@code pg_ctlcluster}, the one version
     * under /etc/postgresql, cluster {@code main}): every connection to it breaks.
     */
    static String restartPostgres() {
        String version;
        try (Stream<Path> versions = Files.list(Path.of("/etc/postgresql"))) {
            List<String> found = versions.map(p -> p.getFileName().toString()).sorted().toList();
            if (found.size() != 1) {
                throw new IllegalStateException("expected one PostgreSQL version under /etc/postgresql, found " + found);
            }
            version = found.get(0);
        } catch (IOException e) {
            throw new IllegalStateException("no PostgreSQL cluster to restart under /etc/postgresql: " + e, e);
        }
        run(List.of("pg_ctlcluster", version, "main", "restart"));
        return "pg_ctlcluster " + version + " main restart";
    }

    /** The TCP ports these processes listen on (their data servers). */
    static Set<Integer> listeningPorts(Set<Long> pids) {
        Set<Integer> ports = new TreeSet<>();
        for (String line : run(List.of("ss", "-Htlnp")).split("\n")) {
            Matcher m = LISTEN.matcher(line);
            if (m.find() && pids.contains(Long.parseLong(m.group(2)))) {
                ports.add(Integer.parseInt(m.group(1)));
            }
        }
        return ports;
    }

    /**
     * Cuts every established TCP connection to or from these ports: the kernel destroys both ends
     * ({@code ss -K}, SOCK_DESTROY), which see the connection aborted as on a network failure.
     *
     * @return the number of sockets destroyed
     */
    static int cutConnections(Set<Integer> ports) {
        if (ports.isEmpty()) {
            return 0;
        }
        String filter = ports.stream().map(p -> "sport = :" + p + " or dport = :" + p)
                .collect(Collectors.joining(" or ", "( ", " )"));
        List<String> command = new ArrayList<>(List.of("ss", "-K", "-Htn", "state", "established"));
        command.add(filter);
        String out = run(command);
        return (int) out.lines().filter(l -> !l.isBlank()).count();
    }
}
