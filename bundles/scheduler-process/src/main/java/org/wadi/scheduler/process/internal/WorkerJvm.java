package org.wadi.scheduler.process.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker JVM the process scheduler started. It runs the worker launcher in pooled mode: idle
 * until the scheduler assigns it a worker over its standard input, and idle again when that worker
 * has ended, so one JVM serves one run after another. Its replies arrive on standard output as
 * lines starting with {@code @wadi <token> }; every other line it prints goes to its log file, as
 * does its standard error.
 */
final class WorkerJvm {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerJvm.class);

    /** Where a JVM is in its life. */
    enum State {
        /** Launched, warming up: it queues an assignment until it is ready. */
        STARTING,
        /** Ready, no worker. */
        IDLE,
        /** Running (or about to run) a worker. */
        BUSY,
        /** Told to exit, or gone. */
        GONE
    }

    private final String id;
    private final Process process;
    private final Path log;
    private final boolean dedicated;
    private final String prefix;
    private final Writer stdin;
    // guarded by the scheduler's lock
    State state = State.STARTING;
    /** The worker it runs or was last given; null when idle. */
    String workerId;
    /** Its worker was told to end: it will be idle soon. */
    boolean releasing;
    long idleSinceNanos = System.nanoTime();

    /**
     * @param id the JVM's id ({@code jvm_…})
     * @param process the running launcher
     * @param log its log file
     * @param dedicated started for one worker (its own environment): it exits when that worker ends
     * @param token the secret its replies start with
     */
    WorkerJvm(String id, Process process, Path log, boolean dedicated, String token) {
        this.id = id;
        this.process = process;
        this.log = log;
        this.dedicated = dedicated;
        this.prefix = "@wadi " + token + " ";
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    }

    String id() {
        return id;
    }

    Process process() {
        return process;
    }

    Path log() {
        return log;
    }

    boolean dedicated() {
        return dedicated;
    }

    boolean alive() {
        return process.isAlive();
    }

    /**
     * Starts copying the JVM's standard output: replies to {@code onReply} (the reply without its
     * prefix), everything else to the log.
     */
    void readOutput(BiConsumer<WorkerJvm, String> onReply) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8));
                    OutputStream logOut = Files.newOutputStream(log, StandardOpenOption.CREATE,
                            StandardOpenOption.APPEND)) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (line.startsWith(prefix)) {
                        onReply.accept(this, line.substring(prefix.length()).trim());
                    } else {
                        logOut.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                        logOut.flush();
                    }
                }
            } catch (IOException e) {
                LOG.debug("Worker process {}: reading its output ended: {}", id, e.toString());
            }
        }, "wadi-worker-output-" + id);
        t.setDaemon(true);
        t.start();
    }

    /** Sends a command line; false if the process no longer reads them. */
    boolean send(String command) {
        synchronized (stdin) {
            try {
                stdin.write(command);
                stdin.write('\n');
                stdin.flush();
                return true;
            } catch (IOException e) {
                LOG.debug("Worker process {}: cannot send '{}': {}", id, command, e.toString());
                return false;
            }
        }
    }

    String describe() {
        return "process " + id + ", pid " + process.pid() + ", log " + log;
    }
}
