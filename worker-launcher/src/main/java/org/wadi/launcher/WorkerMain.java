package org.wadi.launcher;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.felix.framework.Felix;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;

/**
 * The main class of a worker process: starts a Felix framework (no Karaf) with the bundles listed
 * in a file, passes the worker's identity from the {@code WADI_*} environment as framework
 * properties, and exits when the framework stops — the worker bundle stops it when its worker is
 * done. Usage: {@code java -cp 'lib/worker/*' org.wadi.launcher.WorkerMain --bundles <file>}, the
 * file holding one absolute jar path per line, in install order.
 *
 * <p>Exit codes: 0 after a normal stop; 1 if a bundle could not be installed or started (each is
 * printed with the reason) or the framework failed; 2 for bad arguments.
 */
public final class WorkerMain {

    /** The environment variables passed on, and the framework properties they become. */
    static final Map<String, String> ENV_TO_PROPERTY = Map.of(
            "WADI_WORKER_POOLED", "wadi.worker.pooled",
            "WADI_HOST_TOKEN", "wadi.host.token",
            "WADI_WORKER_ID", "wadi.worker.id",
            "WADI_JOB_ID", "wadi.job.id",
            "WADI_RUN_ID", "wadi.run.id",
            "WADI_CONTROLLER_ADDRESS", "wadi.controller.address",
            "WADI_SLOTS", "wadi.worker.slots",
            "WADI_FILE_ROOTS", "wadi.file.roots",
            "WADI_DATA_HOST", "wadi.data.host");

    /** SLF4J is on the launcher's class path; bundles import it from the system bundle. */
    static final String SLF4J_VERSION = "2.0.17";

    private WorkerMain() {
    }

    public static void main(String[] args) {
        // worker logs (one file per worker, kept by the scheduler) carry the time of each line,
        // unless the JVM options say otherwise
        System.setProperty("org.slf4j.simpleLogger.showDateTime",
                System.getProperty("org.slf4j.simpleLogger.showDateTime", "true"));
        System.setProperty("org.slf4j.simpleLogger.dateTimeFormat",
                System.getProperty("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX"));
        // warnings of connectors and their libraries, for the job's errors list (LogCapture)
        LogCapture capture = new LogCapture(new FileOutputStream(FileDescriptor.err));
        System.setErr(capture.stream());
        System.exit(run(args, System.getenv(), System.err, capture));
    }

    static int run(String[] args, Map<String, String> env, PrintStream err) {
        return run(args, env, err, null);
    }

    /** @param capture the warnings caught on standard error, offered to the bundles; null: none */
    static int run(String[] args, Map<String, String> env, PrintStream err, LogCapture capture) {
        if (args.length != 2 || !args[0].equals("--bundles")) {
            err.println("usage: WorkerMain --bundles <file listing one bundle jar per line, in install order>");
            return 2;
        }
        List<Path> bundles;
        try {
            bundles = readBundleList(Path.of(args[1]));
        } catch (IOException e) {
            err.println("worker: cannot read the bundle list " + args[1] + ": " + e);
            return 2;
        }
        Path storage;
        try {
            storage = Files.createTempDirectory("wadi-worker-");
        } catch (IOException e) {
            err.println("worker: cannot create the framework storage directory: " + e);
            return 1;
        }
        Object cleaned = new Object();
        Felix framework = new Felix(frameworkProperties(storage, env));
        Thread hook = new Thread(() -> {
            // SIGTERM: stop the bundles (the worker closes its session), then clean up
            try {
                framework.stop();
                framework.waitForStop(10_000);
            } catch (BundleException | InterruptedException e) {
                err.println("worker: stopping the framework failed: " + e);
            }
            delete(storage, cleaned);
        }, "wadi-worker-shutdown");
        try {
            framework.init();
            if (capture != null) {
                Dictionary<String, Object> props = new Hashtable<>();
                props.put(LogCapture.SERVICE_PROPERTY, "warn");
                Supplier<String> next = capture.lines()::poll;
                framework.getBundleContext().registerService(Supplier.class, next, props);
            }
            Runtime.getRuntime().addShutdownHook(hook);
            int status = startBundles(framework, bundles, err);
            if (status == 0) {
                FrameworkEvent event = framework.waitForStop(0);
                if (event.getType() == FrameworkEvent.ERROR) {
                    err.println("worker: the framework stopped with an error: " + event.getThrowable());
                    status = 1;
                }
            } else {
                framework.stop();
                framework.waitForStop(10_000);
            }
            return status;
        } catch (BundleException e) {
            err.println("worker: the OSGi framework could not start: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException | IllegalArgumentException e) {
                // shutting down already: the hook cleans up
            }
            delete(storage, cleaned);
        }
    }

    static List<Path> readBundleList(Path file) throws IOException {
        List<Path> out = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            String s = line.trim();
            if (!s.isEmpty() && !s.startsWith("#")) {
                out.add(Path.of(s));
            }
        }
        return out;
    }

    static Map<String, String> frameworkProperties(Path storage, Map<String, String> env) {
        Map<String, String> p = new HashMap<>();
        p.put(Constants.FRAMEWORK_STORAGE, storage.toString());
        p.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        p.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, String.join(",",
                "org.slf4j;version=" + SLF4J_VERSION,
                "org.slf4j.spi;version=" + SLF4J_VERSION,
                "org.slf4j.helpers;version=" + SLF4J_VERSION,
                "org.slf4j.event;version=" + SLF4J_VERSION,
                // Netty's fast paths (the data exchange between workers)
                "sun.misc", "sun.nio.ch"));
        p.put("felix.log.level", "1");
        for (Map.Entry<String, String> e : ENV_TO_PROPERTY.entrySet()) {
            String v = env.get(e.getKey());
            if (v != null) {
                p.put(e.getValue(), v);
            }
        }
        return p;
    }

    /** Installs every bundle, then starts them in order; returns 1 (after printing each) if any failed. */
    private static int startBundles(Felix framework, List<Path> jars, PrintStream err) throws BundleException {
        BundleContext context = framework.getBundleContext();
        List<String> failures = new ArrayList<>();
        List<Bundle> installed = new ArrayList<>();
        List<Path> installedFrom = new ArrayList<>();
        for (Path jar : jars) {
            if (!Files.isRegularFile(jar)) {
                failures.add(jar + ": no such file");
                continue;
            }
            try {
                // reference: the framework reads the jar in place instead of copying it into storage
                installed.add(context.installBundle("reference:" + jar.toUri()));
                installedFrom.add(jar);
            } catch (BundleException e) {
                failures.add(jar + ": cannot be installed: " + e.getMessage());
            }
        }
        if (failures.isEmpty()) {
            framework.start();
            for (int i = 0; i < installed.size(); i++) {
                Bundle b = installed.get(i);
                if (b.getHeaders().get(Constants.FRAGMENT_HOST) != null) {
                    continue;
                }
                try {
                    b.start();
                } catch (BundleException e) {
                    failures.add(installedFrom.get(i) + " (" + b.getSymbolicName() + "): " + describe(e));
                }
            }
        }
        for (String f : failures) {
            err.println("worker: bundle " + f);
        }
        return failures.isEmpty() ? 0 : 1;
    }

    private static String describe(Throwable e) {
        StringBuilder b = new StringBuilder(String.valueOf(e.getMessage()));
        for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            b.append(" caused by ").append(c);
        }
        return b.toString();
    }

    /**
     * Deletes the framework storage. Both the main thread and the shutdown hook call it (either may
     * be the last to run before the JVM halts); the lock makes the second call wait for the first.
     */
    private static void delete(Path dir, Object lock) {
        synchronized (lock) {
            if (!Files.exists(dir)) {
                return;
            }
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException | UncheckedIOException e) {
                // a leftover temporary directory is not worth failing the exit for
            }
        }
    }
}
