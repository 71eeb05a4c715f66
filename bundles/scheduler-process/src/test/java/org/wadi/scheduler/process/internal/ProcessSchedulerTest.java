package org.wadi.scheduler.process.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wadi.spi.scheduler.PluginBundle;
import org.wadi.spi.scheduler.SchedulerException;
import org.wadi.spi.scheduler.WorkerHandle;
import org.wadi.spi.scheduler.WorkerRequest;

class ProcessSchedulerTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path home;

    private final Map<String, PluginBundle> installed = new HashMap<>();
    private ProcessScheduler scheduler;
    private Path jacksonJar;
    private Path workerJar;
    private Path connectorJar;

    @BeforeEach
    void installBundles() throws IOException {
        jacksonJar = touch(home.resolve("system/com/fasterxml/jackson/core/jackson-core/2.21.2/jackson-core-2.21.2.jar"));
        workerJar = touch(home.resolve("system/org/wadi/wadi-worker/0.1.0-SNAPSHOT/wadi-worker-0.1.0-SNAPSHOT.jar"));
        connectorJar = touch(home.resolve("deploy/my-connector.jar"));
        installed.put("com.fasterxml.jackson.core.jackson-core", new PluginBundle("com.fasterxml.jackson.core.jackson-core",
                "2.21.2", "mvn:com.fasterxml.jackson.core/jackson-core/2.21.2"));
        installed.put("wadi-worker", new PluginBundle("wadi-worker", "0.1.0.SNAPSHOT", "mvn:org.wadi/wadi-worker/0.1.0-SNAPSHOT"));
    }

    @AfterEach
    void close() {
        if (scheduler != null) {
            scheduler.close();
        }
    }

    private static Path touch(Path p) throws IOException {
        Files.createDirectories(p.getParent());
        return Files.writeString(p, "jar");
    }

    /** Settings that run {@link PretendWorkerMain} from this module's test classes. */
    private ProcessSettings settings(List<String> workerBundles) throws Exception {
        Path testClasses = Path.of(PretendWorkerMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        return new ProcessSettings(Path.of(System.getProperty("java.home"), "bin", "java"),
                List.of("-Xmx32m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"), testClasses.toString(), testClasses,
                PretendWorkerMain.class.getName(), workerBundles, List.of(home.resolve("system")), home.resolve("data/workers"),
                home.resolve("data/log/workers"), "/srv/data", Duration.ofSeconds(10));
    }

    private ProcessScheduler scheduler(List<String> workerBundles) throws Exception {
        scheduler = new ProcessScheduler(settings(workerBundles), name -> Optional.ofNullable(installed.get(name)));
        return scheduler;
    }

    private WorkerRequest request(String jobId, int workers) {
        return new WorkerRequest(jobId, 3, "127.0.0.1:5116", workers, 16,
                List.of(new PluginBundle("my-connector", "1.0.0", connectorJar.toUri().toString())), Map.of("EXTRA", "yes"));
    }

    private static void await(BooleanSupplier condition, String what) {
        long end = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError(what + " did not happen within " + WAIT);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long pid(WorkerHandle h) {
        String d = h.description();
        return Long.parseLong(d.substring("pid ".length(), d.indexOf(',')));
    }

    @Test
    void theBundleListIsTheWorkerSetThenThePlugins() throws Exception {
        ProcessScheduler s = scheduler(List.of("wadi-worker", "com.fasterxml.jackson.core.jackson-core"));

        assertEquals(List.of(workerJar, jacksonJar, connectorJar), s.bundleJars(request("job_1", 1)));
    }

    @Test
    void aMissingWorkerBundleIsNamed() throws Exception {
        ProcessScheduler s = scheduler(List.of("wadi-worker", "wadi-rpc"));

        SchedulerException e = assertThrows(SchedulerException.class, () -> s.startWorkers(request("job_1", 1)));
        assertEquals("worker bundle 'wadi-rpc' is not installed in the server (worker.bundles in "
                + "etc/org.wadi.scheduler.process.cfg lists wadi-worker, wadi-rpc)", e.getMessage());
        assertTrue(s.workers("job_1").isEmpty());
    }

    @Test
    void theCommandLineAndEnvironmentFollowTheProtocol() throws Exception {
        ProcessSettings karaf = ProcessSettings.inKaraf(Defaults.CONFIG,
                Map.of("karaf.home", "/opt/wadi", "karaf.data", "/var/wadi", "karaf.default.repository", "system")::get,
                Map.of("WADI_WORKER_JVM_OPTIONS", "-Xmx1g  -XX:+UseSerialGC")::get);
        ProcessScheduler s = new ProcessScheduler(karaf, name -> Optional.empty());
        scheduler = s;

        assertEquals(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g", "-XX:+UseSerialGC",
                        "-cp", "/opt/wadi/lib/worker/*", "org.wadi.launcher.WorkerMain", "--bundles", "/var/wadi/workers/wkr_x.bundles"),
                s.command(Path.of("/var/wadi/workers/wkr_x.bundles")));
        assertEquals(List.of(Path.of("/opt/wadi/system")), karaf.repositories());
        assertEquals(Path.of("/var/wadi/log/workers"), karaf.logDir());
        assertEquals(Map.of("WADI_WORKER_ID", "wkr_x", "WADI_JOB_ID", "job_1", "WADI_RUN_ID", "3",
                "WADI_CONTROLLER_ADDRESS", "127.0.0.1:5116", "WADI_SLOTS", "16", "EXTRA", "yes"),
                s.environment(request("job_1", 1), "wkr_x"));
        assertEquals(List.of(Defaults.CONFIG.worker_bundles()), karaf.workerBundles());
    }

    @Test
    void spawnedWorkersAreTrackedAndStopGracefully() throws Exception {
        ProcessScheduler s = scheduler(List.of("wadi-worker"));

        s.startWorkers(request("job_1", 2));

        List<WorkerHandle> workers = s.workers("job_1");
        assertEquals(2, workers.size());
        for (WorkerHandle w : workers) {
            assertTrue(w.workerId().matches("wkr_[0-9a-z]{10}"), w.workerId());
            assertEquals(3, w.runId());
            Path log = home.resolve("data/log/workers/" + w.workerId() + ".log");
            await(() -> read(log).contains("ready"), "worker " + w.workerId() + " starting");
            String out = read(log);
            assertTrue(out.contains("WADI_WORKER_ID=" + w.workerId()), out);
            assertTrue(out.contains("WADI_JOB_ID=job_1\nWADI_RUN_ID=3\nWADI_CONTROLLER_ADDRESS=127.0.0.1:5116\nWADI_SLOTS=16\n"
                    + "WADI_FILE_ROOTS=/srv/data\nEXTRA=yes\n"), out);
            assertTrue(out.contains("bundle " + workerJar + "\nbundle " + connectorJar + "\n"), out);
            assertTrue(w.alive());
        }

        s.stopWorkers("job_1", 3, false);

        await(() -> s.workers("job_1").isEmpty(), "the workers' exit");
        for (WorkerHandle w : workers) {
            assertFalse(ProcessHandle.of(pid(w)).map(ProcessHandle::isAlive).orElse(false));
            // SIGTERM let the JVM run its shutdown hooks
            assertTrue(read(home.resolve("data/log/workers/" + w.workerId() + ".log")).contains("shutting down"));
        }
        await(() -> !Files.exists(home.resolve("data/workers/" + workers.get(0).workerId() + ".bundles")), "bundle list removal");
    }

    @Test
    void forceKillsAndOnlyTheNamedJobsWorkers() throws Exception {
        ProcessScheduler s = scheduler(List.of("wadi-worker"));
        s.startWorkers(request("job_1", 1));
        s.startWorkers(request("job_2", 1));
        WorkerHandle first = s.workers("job_1").get(0);
        WorkerHandle other = s.workers("job_2").get(0);

        s.stopWorkers("job_1", -1, true);

        await(() -> s.workers("job_1").isEmpty(), "the kill");
        assertFalse(ProcessHandle.of(pid(first)).map(ProcessHandle::isAlive).orElse(false));
        assertTrue(s.workers("job_2").get(0).alive());

        s.close(); // the server shutting down: nothing may be left behind
        scheduler = null;
        assertFalse(ProcessHandle.of(pid(other)).map(ProcessHandle::isAlive).orElse(false));
    }

    @Test
    void aWorkerThatExitsByItselfShowsAsNotAlive() throws Exception {
        ProcessSettings base = settings(List.of("wadi-worker"));
        ProcessSettings broken = new ProcessSettings(base.java(), List.of("-XX:+ThisOptionDoesNotExist"), base.classpath(),
                base.launcherDir(), base.mainClass(), base.workerBundles(), base.repositories(), base.workDir(), base.logDir(),
                null, base.stopTimeout());
        scheduler = new ProcessScheduler(broken, name -> Optional.ofNullable(installed.get(name)));

        scheduler.startWorkers(request("job_1", 1));

        await(() -> !scheduler.workers("job_1").get(0).alive(), "the worker's exit");
        WorkerHandle dead = scheduler.workers("job_1").get(0);
        assertTrue(dead.description().contains("exited with code 1"), dead.description());
        String log = read(home.resolve("data/log/workers/" + dead.workerId() + ".log"));
        assertTrue(log.contains("ThisOptionDoesNotExist"), log);
    }
}
