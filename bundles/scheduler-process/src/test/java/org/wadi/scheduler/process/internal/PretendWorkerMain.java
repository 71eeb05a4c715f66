package org.wadi.scheduler.process.internal;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Stands in for the worker launcher in a spawned JVM: prints what it was given, then waits to be
 * stopped (SIGTERM runs its shutdown hook, as the real launcher's stops its framework).
 */
public final class PretendWorkerMain {

    private PretendWorkerMain() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("WADI_WORKER_ID=" + System.getenv("WADI_WORKER_ID"));
        System.out.println("WADI_JOB_ID=" + System.getenv("WADI_JOB_ID"));
        System.out.println("WADI_RUN_ID=" + System.getenv("WADI_RUN_ID"));
        System.out.println("WADI_CONTROLLER_ADDRESS=" + System.getenv("WADI_CONTROLLER_ADDRESS"));
        System.out.println("WADI_SLOTS=" + System.getenv("WADI_SLOTS"));
        System.out.println("WADI_FILE_ROOTS=" + System.getenv("WADI_FILE_ROOTS"));
        System.out.println("EXTRA=" + System.getenv("EXTRA"));
        if (args.length == 2 && args[0].equals("--bundles")) {
            for (String line : Files.readAllLines(Path.of(args[1]))) {
                System.out.println("bundle " + line);
            }
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("shutting down")));
        System.out.println("ready");
        System.out.flush();
        Thread.currentThread().join(); // until the scheduler stops this process
    }
}
