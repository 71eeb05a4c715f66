package org.wadi.scheduler.process.internal;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Stands in for the worker launcher in pooled mode in a spawned JVM: prints what it was given on
 * standard error (the scheduler's log of it), then answers the scheduler's commands as the real
 * worker host does. A worker of job {@code job_stuck} ignores {@code release}; one of job
 * {@code job_quick} ends at once by itself.
 */
public final class PretendWorkerMain {

    private PretendWorkerMain() {
    }

    public static void main(String[] args) throws Exception {
        String prefix = "@wadi " + System.getenv("WADI_HOST_TOKEN") + " ";
        System.err.println("WADI_WORKER_POOLED=" + System.getenv("WADI_WORKER_POOLED"));
        System.err.println("WADI_FILE_ROOTS=" + System.getenv("WADI_FILE_ROOTS"));
        System.err.println("EXTRA=" + System.getenv("EXTRA"));
        if (args.length == 2 && args[0].equals("--bundles")) {
            for (String line : Files.readAllLines(Path.of(args[1]))) {
                System.err.println("bundle " + line);
            }
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> System.err.println("shutting down")));
        // a line that looks like a reply but lacks the token is only logged
        System.out.println("@wadi forged idle wkr_0000000000");
        System.out.println(prefix + "ready");
        System.out.flush();
        String current = null;
        boolean stuck = false;
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            String[] t = line.trim().split(" ");
            switch (t[0]) {
                case "assign" -> {
                    current = t[1];
                    stuck = t[2].equals("job_stuck");
                    System.err.println("assigned " + String.join(" ", java.util.Arrays.copyOfRange(t, 1, 6)));
                    for (String plugin : Files.readAllLines(Path.of(t[6]))) {
                        System.err.println("plugin " + plugin);
                    }
                    System.out.println(prefix + "running " + current);
                    if (t[2].equals("job_quick")) {
                        System.out.println(prefix + "idle " + current);
                        current = null;
                    }
                }
                case "release" -> {
                    if (t[1].equals(current) && !stuck) {
                        System.err.println("released " + current);
                        System.out.println(prefix + "idle " + current);
                        current = null;
                    }
                }
                case "exit" -> {
                    System.err.println("exit");
                    return;
                }
                default -> System.err.println("unknown " + line);
            }
            System.out.flush();
        }
        System.err.println("end of input");
    }
}
