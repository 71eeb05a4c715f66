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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
    private ProcessSettings settings(List<String> workerBundles, int standby, Duration idleTimeout) throws Exception {
        Path testClasses = Path.of(PretendWorkerMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        return new ProcessSettings(Path.of(System.getProperty("java.home"), "bin", "java"),
                List.of("-Xmx32m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"), testClasses.toString(), testClasses,
                PretendWorkerMain.class.getName(), workerBundles, List.of(home.resolve("system")), home.resolve("data/workers"),
                home.resolve("data/log/workers"), "/srv/data", Duration.ofSeconds(10), standby, idleTimeout);
    }

    private ProcessScheduler scheduler(List<String> workerBundles) throws Exception {
        return scheduler(settings(workerBundles, 0, Duration.ofMinutes(10)));
    }

    private ProcessScheduler scheduler(ProcessSettings settings) {
        scheduler = new ProcessScheduler(settings, name -> Optional.ofNullable(installed.get(name)));
        return scheduler;
    }

    private WorkerRequest request(String jobId, int workers) {
        return request(jobId, workers, Map.of());
    }

    private WorkerRequest request(String jobId, int workers, Map<String, String> env) {
        return new WorkerRequest(jobId, 3, "127.0.0.1:5116", workers, 16,
                List.of(new PluginBundle("my-connector", "1.0.0", connectorJar.toUri().toString())), env);
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

    private static final Pattern DESCRIPTION = Pattern.compile("process (jvm_[0-9a-z]{10}), pid (\\d+), log ([^,]+)");

    private static long pid(WorkerHandle h) {
        Matcher m = DESCRIPTION.matcher(h.description());
        assertTrue(m.find(), h.description());
        return Long.parseLong(m.group(2));
    }

    private static Path log(WorkerHandle h) {
        Matcher m = DESCRIPTION.matcher(h.description());
        assertTrue(m.find(), h.description());
        return Path.of(m.group(3));
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    @Test
    void theWorkerSetIsInstalledAtLaunchAndThePluginsPerWorker() throws Exception {
        ProcessScheduler s = scheduler(List.of("wadi-worker", "com.fasterxml.jackson.core.jackson-core"));

        assertEquals(List.of(workerJar, jacksonJar), s.workerJars());
        assertEquals(List.of(connectorJar), s.pluginJars(request("job_1", 1)));
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
    void theCommandLineEnvironmentAndSettingsFollowTheConfiguration() throws Exception {
        ProcessSettings karaf = ProcessSettings.inKaraf(Defaults.CONFIG,
                Map.of("karaf.home", "/opt/wadi", "karaf.data", "/var/wadi", "karaf.default.repository", "system")::get,
                Map.of("WADI_WORKER_JVM_OPTIONS", "-Xmx1g  -XX:+UseSerialGC", "WADI_WORKER_STANDBY", "2")::get);
        ProcessScheduler s = new ProcessScheduler(karaf, name -> Optional.empty());
        scheduler = s;

        assertEquals(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g", "-XX:+UseSerialGC",
                        "-cp", "/opt/wadi/lib/worker/*", "org.wadi.launcher.WorkerMain", "--bundles", "/var/wadi/workers/jvm_x.bundles"),
                s.command(Path.of("/var/wadi/workers/jvm_x.bundles")));
        assertEquals(List.of(Path.of("/opt/wadi/system")), karaf.repositories());
        assertEquals(Path.of("/var/wadi/log/workers"), karaf.logDir());
        assertEquals(Map.of("WADI_WORKER_POOLED", "true", "WADI_HOST_TOKEN", "t0k", "EXTRA", "yes"),
                s.environment("t0k", Map.of("EXTRA", "yes")));
        assertEquals(List.of(Defaults.CONFIG.worker_bundles()), karaf.workerBundles());
        assertEquals(2, karaf.standby());
        assertEquals(Duration.ofMinutes(1), karaf.idleTimeout());

        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> ProcessSettings.inKaraf(
                Defaults.CONFIG, Map.of("karaf.home", "/opt/wadi")::get, Map.of("WADI_WORKER_STANDBY", "-1")::get));
        assertEquals("WADI_WORKER_STANDBY (worker_standby in etc/org.wadi.scheduler.process.cfg) must be a whole number,"
                + " 0 or more, was '-1'", bad.getMessage());
    }

    @Test
    void workersRunInPooledProcessesThatTakeTheNextWorkerOnceReleased() throws Exception {
        ProcessScheduler s = scheduler(List.of("wadi-worker"));

        s.startWorkers(request("job_1", 2));

        List<WorkerHandle> workers = s.workers("job_1");
        assertEquals(2, workers.size());
        for (WorkerHandle w : workers) {
            assertTrue(w.workerId().matches("wkr_[0-9a-z]{10}"), w.workerId());
            assertEquals(3, w.runId());
            assertTrue(w.alive());
            // the worker's stderr and the scheduler's logging of its stdout reach the log in no fixed order
            await(() -> read(log(w)).contains("assigned " + w.workerId()) && read(log(w)).contains("plugin " + connectorJar)
                    && read(log(w)).contains("@wadi forged idle"), "worker " + w.workerId() + " assigned");
            String out = read(log(w));
            assertTrue(out.contains("WADI_WORKER_POOLED=true\nWADI_FILE_ROOTS=/srv/data\nEXTRA=null\n"), out);
            assertTrue(out.contains("bundle " + workerJar + "\n"), out);
            assertTrue(out.contains("assigned " + w.workerId() + " job_1 3 127.0.0.1:5116 16\n"), out);
            assertTrue(out.contains("plugin " + connectorJar + "\n"), out);
            assertTrue(out.contains("@wadi forged idle"), "a forged reply is only logged: " + out);
        }
        List<Long> pids = workers.stream().map(ProcessSchedulerTest::pid).sorted().toList();

        s.stopWorkers("job_1", 3, false);

        await(() -> s.workers("job_1").stream().noneMatch(WorkerHandle::alive), "the workers' end");
        for (WorkerHandle w : workers) {
            await(() -> read(log(w)).contains("released " + w.workerId()), "release of " + w.workerId());
            assertTrue(alive(pid(w)), "the process stays, idle");
        }
        await(() -> s.processes().stream().allMatch(p -> p.endsWith(" IDLE null")), "both processes idle: " + s.processes());

        s.startWorkers(request("job_2", 2));
        List<Long> reused = s.workers("job_2").stream().map(ProcessSchedulerTest::pid).sorted().toList();
        assertEquals(pids, reused, "the idle processes run the next job's workers");
        assertTrue(s.workers("job_2").stream().allMatch(WorkerHandle::alive));
    }

    @Test
    void workerIdsGivenInTheRequestAreTheOnesTheWorkersRegisterWith() throws Exception {
        ProcessScheduler s = scheduler(List.of("wadi-worker"));
        WorkerRequest named = new WorkerRequest("job_1", 3, "127.0.0.1:5116", 2, 16, List.of(), Map.of(),
                List.of("wkr_fromnode01", "wkr_fromnode02"));

        s.startWorkers(named);

        assertEquals(List.of("wkr_fromnode01", "wkr_fromnode02"),
                s.workers("job_1").stream().map(WorkerHandle::workerId).sorted().toList());
        for (WorkerHandle w : s.workers("job_1")) {
            await(() -> read(log(w)).contains("assigned " + w.workerId() + " job_1 3 "), "worker " + w.workerId() + " assigned");
        }
        SchedulerException again = assertThrows(SchedulerException.class, () -> s.startWorkers(
                new WorkerRequest("job_1", 4, "127.0.0.1:5116", 1, 16, List.of(), Map.of(), List.of("wkr_fromnode01"))));
        assertTrue(again.getMessage().contains("wkr_fromnode01"), again.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new WorkerRequest("job_1", 3, "127.0.0.1:5116", 2, 16,
                List.of(), Map.of(), List.of("wkr_only")));
    }

    @Test
    void standbyProcessesAreStartedAheadAndReplacedWhenTaken() throws Exception {
        ProcessScheduler s = scheduler(settings(List.of("wadi-worker"), 1, Duration.ofMinutes(10)));
        s.prepare();
        await(() -> s.processes().size() == 1 && s.processes().get(0).endsWith(" IDLE null"), "a standby process");
        String standby = s.processes().get(0).split(" ")[0];

        s.startWorkers(request("job_1", 1));

        WorkerHandle w = s.workers("job_1").get(0);
        assertTrue(w.description().contains("process " + standby), w.description());
        await(() -> s.processes().size() == 2 && s.processes().stream().anyMatch(p -> p.endsWith(" IDLE null")),
                "a new standby process: " + s.processes());
    }

    @Test
    void idleProcessesBeyondTheStandbyOnesExitAfterTheIdleTimeout() throws Exception {
        ProcessScheduler s = scheduler(settings(List.of("wadi-worker"), 0, Duration.ZERO));
        s.prepare();
        s.startWorkers(request("job_quick", 1));
        WorkerHandle w = s.workers("job_quick").get(0);

        await(() -> !alive(pid(w)), "the idle process's exit");
        assertTrue(read(log(w)).contains("exit"), read(log(w)));
        await(() -> s.processes().isEmpty(), "no process left: " + s.processes());
    }

    @Test
    void aWorkerThatDoesNotEndWhenForcedIsKilledWithItsProcess() throws Exception {
        ProcessScheduler s = scheduler(List.of("wadi-worker"));
        s.startWorkers(request("job_stuck", 1));
        s.startWorkers(request("job_2", 1));
        WorkerHandle stuck = s.workers("job_stuck").get(0);
        WorkerHandle other = s.workers("job_2").get(0);
        await(() -> read(log(stuck)).contains("assigned"), "the assignment");

        s.stopWorkers("job_stuck", -1, true);

        await(() -> !alive(pid(stuck)), "the kill");
        assertFalse(s.workers("job_stuck").get(0).alive());
        assertTrue(s.workers("job_2").get(0).alive());

        s.close(); // the server shutting down: nothing may be left behind
        scheduler = null;
        assertFalse(alive(pid(other)));
    }

    @Test
    void aRequestWithItsOwnEnvironmentGetsAProcessOfItsOwnThatExitsWithItsWorker() throws Exception {
        ProcessScheduler s = scheduler(settings(List.of("wadi-worker"), 1, Duration.ofMinutes(10)));
        s.prepare();
        await(() -> s.processes().size() == 1 && s.processes().get(0).endsWith(" IDLE null"), "a standby process");

        s.startWorkers(request("job_1", 1, Map.of("EXTRA", "yes")));

        WorkerHandle w = s.workers("job_1").get(0);
        await(() -> read(log(w)).contains("assigned"), "the assignment");
        assertTrue(read(log(w)).contains("EXTRA=yes"), read(log(w)));
        s.stopWorkers("job_1", 3, false);
        await(() -> !alive(pid(w)), "the dedicated process's exit");
        assertEquals(1, s.processes().size(), "the standby one stays: " + s.processes());
    }

    @Test
    void aWorkerWhoseProcessCannotStartShowsAsNotAlive() throws Exception {
        ProcessSettings base = settings(List.of("wadi-worker"), 0, Duration.ofMinutes(10));
        ProcessSettings broken = new ProcessSettings(base.java(), List.of("-XX:+ThisOptionDoesNotExist"), base.classpath(),
                base.launcherDir(), base.mainClass(), base.workerBundles(), base.repositories(), base.workDir(), base.logDir(),
                null, base.stopTimeout(), 0, base.idleTimeout());
        scheduler(broken);

        scheduler.startWorkers(request("job_1", 1));

        await(() -> !scheduler.workers("job_1").get(0).alive(), "the worker's exit");
        WorkerHandle dead = scheduler.workers("job_1").get(0);
        assertTrue(dead.description().contains("exited with code 1"), dead.description());
        String log = read(log(dead));
        assertTrue(log.contains("ThisOptionDoesNotExist"), log);
    }
}
