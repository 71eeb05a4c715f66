package org.wadi.scheduler.process.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Version;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.wadi.spi.scheduler.PluginBundle;
import org.wadi.spi.scheduler.Scheduler;
import org.wadi.spi.scheduler.SchedulerException;
import org.wadi.spi.scheduler.WorkerHandle;
import org.wadi.spi.scheduler.WorkerRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code process} scheduler: each worker runs in a java process on this machine, the worker
 * launcher (a bare Felix framework) with the worker bundle set, the very jars this server runs.
 * The processes are pooled: once the controller has {@linkplain #prepare() prepared} it,
 * {@code worker.standby} of them are kept started and warmed up, idle, so that a job's start — and above all its recovery after a failure — does not wait for a JVM to
 * boot; a process whose worker ended (its job stopped, failed or was restarted) takes the next
 * one, with that job's plug-in bundles, and idle processes beyond the standby count exit after
 * {@code worker.idle.timeout.ms}. A request with its own environment gets processes of its own,
 * which exit with their worker. Each process's output goes to
 * {@code ${karaf.data}/log/workers/<process id>.log}. Every process it started is stopped when the
 * scheduler goes away, and a process whose server is gone (its standard input closed) exits, so
 * a server shutdown or crash leaves none behind.
 */
@Component(service = Scheduler.class, property = Scheduler.NAME_PROPERTY + "=process",
        configurationPid = "org.wadi.scheduler.process")
@Designate(ocd = ProcessSchedulerConfig.class)
public final class ProcessScheduler implements Scheduler, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessScheduler.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] ID_CHARS = "0123456789abcdefghijklmnopqrstuvwxyz".toCharArray();
    /** How long a released worker may take to end before its process is killed, when forced. */
    private static final Duration FORCED_RELEASE = Duration.ofSeconds(2);
    /** How long a request waits for a process whose worker is being released before it starts a new one. */
    private static final Duration RELEASE_WAIT = Duration.ofSeconds(3);
    /** How long an ended worker is still reported by {@link #workers}. */
    private static final Duration ENDED_KEPT = Duration.ofMinutes(5);

    /** A worker: the run it belongs to and the process that runs it. */
    static final class Assignment {
        final String workerId;
        final String jobId;
        final long runId;
        final WorkerJvm jvm;
        final Path plugins;
        /** Why the process refused it, or null. */
        volatile String refused;
        /** When it ended (System.nanoTime), or 0. */
        volatile long endedNanos;

        Assignment(String workerId, String jobId, long runId, WorkerJvm jvm, Path plugins) {
            this.workerId = workerId;
            this.jobId = jobId;
            this.runId = runId;
            this.jvm = jvm;
            this.plugins = plugins;
        }
    }

    private final ProcessSettings settings;
    private final InstalledBundles installed;
    private final BundleFiles files;
    private final Object lock = new Object();
    // guarded by lock
    private final List<WorkerJvm> jvms = new ArrayList<>();
    private final Map<String, Assignment> assignments = new LinkedHashMap<>();
    private boolean closed;
    private boolean prepared;
    private final ScheduledExecutorService background = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "wadi-process-scheduler");
        t.setDaemon(true);
        return t;
    });

    @Activate
    public ProcessScheduler(BundleContext context, ProcessSchedulerConfig config) {
        this(ProcessSettings.inKaraf(config, context::getProperty, System::getenv), name -> find(context, name));
    }

    /** A scheduler that keeps no process before it is asked for one ({@link #prepare} keeps the standby ones). */
    public ProcessScheduler(ProcessSettings settings, InstalledBundles installed) {
        this.settings = settings;
        this.installed = installed;
        this.files = new BundleFiles(settings.repositories());
    }

    /** Starts the standby processes and the periodic upkeep of the pool, the first time. */
    @Override
    public void prepare() {
        synchronized (lock) {
            if (prepared || closed) {
                return;
            }
            prepared = true;
        }
        background.scheduleWithFixedDelay(this::upkeep, 0, 1, TimeUnit.SECONDS);
    }

    private static Optional<PluginBundle> find(BundleContext context, String symbolicName) {
        Bundle best = null;
        for (Bundle b : context.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())
                    && (best == null || b.getVersion().compareTo(best.getVersion()) > 0)) {
                best = b;
            }
        }
        if (best == null) {
            return Optional.empty();
        }
        Version v = best.getVersion();
        return Optional.of(new PluginBundle(best.getSymbolicName(), v.toString(), best.getLocation()));
    }

    @Override
    public void startWorkers(WorkerRequest request) throws SchedulerException {
        forgetEnded(request.jobId(), request.runId());
        List<Path> workerSet = workerJars();
        List<Path> plugins = pluginJars(request);
        checkLauncher();
        boolean dedicated = !request.env().isEmpty();
        List<Assignment> made = new ArrayList<>();
        try {
            for (int i = 0; i < request.workers(); i++) {
                String workerId = request.workerIds().isEmpty() ? newId("wkr_") : request.workerIds().get(i);
                made.add(assign(request, workerId, workerSet, plugins, dedicated));
            }
        } catch (SchedulerException | RuntimeException e) {
            made.forEach(a -> release(a, Duration.ZERO));
            throw e;
        } finally {
            background.execute(this::upkeep);
        }
    }

    private Assignment assign(WorkerRequest request, String workerId, List<Path> workerSet, List<Path> plugins,
            boolean dedicated) throws SchedulerException {
        synchronized (lock) {
            if (assignments.containsKey(workerId)) {
                throw new SchedulerException("worker " + workerId + " of job " + request.jobId()
                        + " is already known to this scheduler; worker ids must be new");
            }
        }
        Path pluginList = settings.workDir().resolve(workerId + ".plugins");
        try {
            Files.createDirectories(settings.workDir());
            Files.write(pluginList, plugins.stream().map(p -> p.toAbsolutePath().toString()).toList(),
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SchedulerException("cannot prepare worker " + workerId + " of job " + request.jobId() + ": " + e, e);
        }
        WorkerJvm jvm = null;
        synchronized (lock) {
            if (closed) {
                throw new SchedulerException("the process scheduler is stopping");
            }
            if (!dedicated) {
                jvm = available();
                // a process whose worker is being released (a recovering job's) will be idle in a moment
                long until = System.nanoTime() + RELEASE_WAIT.toNanos();
                while (jvm == null && jvms.stream().anyMatch(j -> j.releasing && j.alive())) {
                    long left = until - System.nanoTime();
                    if (left <= 0) {
                        break;
                    }
                    try {
                        lock.wait(Math.max(1, left / 1_000_000));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new SchedulerException("interrupted while waiting for a worker process");
                    }
                    jvm = available();
                }
            }
            if (jvm != null) {
                jvm.workerId = workerId;
                if (jvm.state == WorkerJvm.State.IDLE) {
                    jvm.state = WorkerJvm.State.BUSY;
                }
            }
        }
        if (jvm == null) {
            jvm = launch(workerSet, dedicated ? request.env() : Map.of(), dedicated, workerId);
        }
        Assignment a = new Assignment(workerId, request.jobId(), request.runId(), jvm, pluginList);
        synchronized (lock) {
            assignments.put(workerId, a);
        }
        String command = "assign " + workerId + " " + request.jobId() + " " + request.runId() + " "
                + request.controllerAddress() + " " + request.slotsPerWorker() + " " + pluginList.toAbsolutePath();
        if (!jvm.send(command)) {
            throw new SchedulerException("worker process " + jvm.id() + " for worker " + workerId + " of job "
                    + request.jobId() + " is gone (" + jvm.describe() + ")");
        }
        LOG.info("Assigned worker {} of job {} run {} to worker {}", workerId, request.jobId(), request.runId(),
                jvm.describe());
        return a;
    }

    /** An idle process, or one still warming up with no worker yet; null if none. Under the lock. */
    private WorkerJvm available() {
        WorkerJvm starting = null;
        for (WorkerJvm j : jvms) {
            if (j.workerId == null && !j.dedicated() && j.alive()) {
                if (j.state == WorkerJvm.State.IDLE) {
                    return j;
                }
                if (j.state == WorkerJvm.State.STARTING && starting == null) {
                    starting = j;
                }
            }
        }
        return starting;
    }

    /** The worker bundle set's jars, in install order. */
    List<Path> workerJars() throws SchedulerException {
        List<Path> jars = new ArrayList<>();
        for (String name : settings.workerBundles()) {
            PluginBundle b = installed.find(name).orElseThrow(() -> new SchedulerException("worker bundle '" + name
                    + "' is not installed in the server (worker.bundles in etc/org.wadi.scheduler.process.cfg lists "
                    + String.join(", ", settings.workerBundles()) + ")"));
            jars.add(files.jar(b.symbolicName(), b.location()));
        }
        return jars;
    }

    /** The jars of the job's plug-ins (connectors, functions) beyond the worker set. */
    List<Path> pluginJars(WorkerRequest request) throws SchedulerException {
        Set<Path> jars = new LinkedHashSet<>();
        for (PluginBundle p : request.plugins()) {
            jars.add(files.jar(p.symbolicName(), p.location()));
        }
        return List.copyOf(jars);
    }

    private void checkLauncher() throws SchedulerException {
        if (settings.launcherDir() != null && !Files.isDirectory(settings.launcherDir())) {
            throw new SchedulerException("the worker launcher is not installed: " + settings.launcherDir()
                    + " does not exist (it should hold the worker launcher, Felix and SLF4J jars)");
        }
    }

    /** The command line of a worker process. */
    List<String> command(Path bundleList) {
        List<String> cmd = new ArrayList<>();
        cmd.add(settings.java().toString());
        cmd.addAll(settings.jvmOptions());
        cmd.add("-cp");
        cmd.add(settings.classpath());
        cmd.add(settings.mainClass());
        cmd.add("--bundles");
        cmd.add(bundleList.toString());
        return cmd;
    }

    /** The environment a worker process gets in addition to the server's. */
    Map<String, String> environment(String token, Map<String, String> extra) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("WADI_WORKER_POOLED", "true");
        env.put("WADI_HOST_TOKEN", token);
        if (settings.fileRoots() != null) {
            env.put("WADI_FILE_ROOTS", settings.fileRoots());
        }
        String data = System.getProperty("karaf.data");
        if (data != null) {
            // the secret the server generates when it listens beyond the loopback interface: read by
            // each worker the process runs, so a process started before it was written uses it too
            // (org.wadi.rpc.ClusterAuth.SERVER_SECRET_FILE_ENV and SECRET_FILE_NAME)
            env.put("WADI_CLUSTER_SERVER_SECRET_FILE", Path.of(data, "cluster.secret").toString());
        }
        env.putAll(extra);
        return env;
    }

    /** Starts a worker process; {@code forWorker} names the worker it is started for, or null for a standby one. */
    private WorkerJvm launch(List<Path> workerSet, Map<String, String> env, boolean dedicated, String forWorker)
            throws SchedulerException {
        String id = newId("jvm_");
        String token = newId("");
        Path bundleList = settings.workDir().resolve(id + ".bundles");
        Path log = settings.logDir().resolve(id + ".log");
        try {
            Files.createDirectories(settings.workDir());
            Files.createDirectories(settings.logDir());
            Files.write(bundleList, workerSet.stream().map(p -> p.toAbsolutePath().toString()).toList(),
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SchedulerException("cannot prepare worker process " + id + ": " + e, e);
        }
        ProcessBuilder pb = new ProcessBuilder(command(bundleList))
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().putAll(environment(token, env));
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            deleteQuietly(bundleList);
            throw new SchedulerException("cannot start worker process " + id + " with " + settings.java() + ": "
                    + e.getMessage(), e);
        }
        WorkerJvm jvm = new WorkerJvm(id, process, log, dedicated, token);
        synchronized (lock) {
            jvm.workerId = forWorker;
            jvms.add(jvm);
        }
        jvm.readOutput(this::onReply);
        LOG.info("Started worker process {}: pid {}, log {}{}", id, process.pid(), log,
                forWorker == null ? " (standby)" : " for worker " + forWorker);
        process.onExit().thenRun(() -> {
            deleteQuietly(bundleList);
            exited(jvm);
        });
        return jvm;
    }

    private void onReply(WorkerJvm jvm, String reply) {
        String[] words = reply.split(" ", 3);
        String verb = words[0];
        String worker = words.length > 1 ? words[1] : "";
        Assignment ended = null;
        synchronized (lock) {
            switch (verb) {
                case "ready" -> {
                    if (jvm.state == WorkerJvm.State.STARTING) {
                        jvm.state = jvm.workerId == null ? WorkerJvm.State.IDLE : WorkerJvm.State.BUSY;
                        jvm.idleSinceNanos = System.nanoTime();
                    }
                }
                case "idle", "refused" -> {
                    if (worker.equals(jvm.workerId)) {
                        jvm.workerId = null;
                        jvm.releasing = false;
                        lock.notifyAll();
                        jvm.idleSinceNanos = System.nanoTime();
                        if (jvm.state != WorkerJvm.State.GONE) {
                            jvm.state = WorkerJvm.State.IDLE;
                        }
                    }
                    ended = assignments.get(worker);
                    if (ended != null) {
                        ended.endedNanos = System.nanoTime();
                        if (verb.equals("refused")) {
                            ended.refused = words.length > 2 ? words[2] : "refused";
                        }
                    }
                }
                default -> {
                    // running: nothing to do
                }
            }
        }
        if (ended != null) {
            deleteQuietly(ended.plugins);
            if (ended.refused != null) {
                LOG.warn("Worker process {} refused worker {} of job {}: {}", jvm.id(), worker, ended.jobId, ended.refused);
            }
        }
        if (jvm.dedicated() && ended != null) {
            retire(jvm);
        }
        if (!verb.equals("running")) {
            background.execute(this::upkeep);
        }
    }

    private void exited(WorkerJvm jvm) {
        String worker;
        synchronized (lock) {
            jvm.state = WorkerJvm.State.GONE;
            jvms.remove(jvm);
            lock.notifyAll();
            worker = jvm.workerId;
            Assignment a = worker == null ? null : assignments.get(worker);
            if (a != null && a.endedNanos == 0) {
                a.endedNanos = System.nanoTime();
            }
        }
        LOG.info("Worker process {} (pid {}) exited with code {}{}", jvm.id(), jvm.process().pid(),
                jvm.process().exitValue(), worker == null ? "" : " while running worker " + worker);
        if (!background.isShutdown()) {
            try {
                background.execute(this::upkeep);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // closing
            }
        }
    }

    /** Tells a process to exit. */
    private void retire(WorkerJvm jvm) {
        synchronized (lock) {
            jvm.state = WorkerJvm.State.GONE;
        }
        if (!jvm.send("exit")) {
            jvm.process().destroy();
        }
    }

    /**
     * Keeps {@code worker.standby} idle processes, retires idle ones beyond that count once they
     * have been idle for {@code worker.idle.timeout.ms}, forgets long-ended workers.
     */
    void upkeep() {
        List<WorkerJvm> retire = new ArrayList<>();
        int missing;
        synchronized (lock) {
            if (closed) {
                return;
            }
            long now = System.nanoTime();
            List<WorkerJvm> free = new ArrayList<>();
            for (WorkerJvm j : jvms) {
                if (j.workerId == null && !j.dedicated() && j.alive()
                        && (j.state == WorkerJvm.State.IDLE || j.state == WorkerJvm.State.STARTING)) {
                    free.add(j);
                }
            }
            // the longest idle go first
            free.sort(java.util.Comparator.comparingLong(j -> j.idleSinceNanos));
            int extra = free.size() - settings.standby();
            for (int i = 0; i < extra; i++) {
                WorkerJvm j = free.get(i);
                if (j.state == WorkerJvm.State.IDLE && now - j.idleSinceNanos >= settings.idleTimeout().toNanos()) {
                    retire.add(j);
                }
            }
            missing = prepared ? Math.max(0, settings.standby() - free.size()) : 0;
            assignments.values().removeIf(a -> a.endedNanos != 0 && now - a.endedNanos > ENDED_KEPT.toNanos());
        }
        for (WorkerJvm j : retire) {
            LOG.info("Worker process {} was idle for {} ms; it exits", j.id(), settings.idleTimeout().toMillis());
            retire(j);
        }
        for (int i = 0; i < missing; i++) {
            try {
                checkLauncher();
                launch(workerJars(), Map.of(), false, null);
            } catch (SchedulerException | RuntimeException e) {
                LOG.warn("Cannot start a standby worker process: {}", e.getMessage());
                return;
            }
        }
    }

    @Override
    public void stopWorkers(String jobId, long runId, boolean force) {
        List<Assignment> stopping = new ArrayList<>();
        synchronized (lock) {
            for (Assignment a : assignments.values()) {
                if (a.jobId.equals(jobId) && (runId < 0 || a.runId == runId) && a.workerId.equals(a.jvm.workerId)
                        && a.jvm.alive()) {
                    stopping.add(a);
                }
            }
        }
        Duration grace = force && FORCED_RELEASE.compareTo(settings.stopTimeout()) < 0 ? FORCED_RELEASE
                : settings.stopTimeout();
        for (Assignment a : stopping) {
            LOG.info("Stopping worker {} of job {} in worker process {}", a.workerId, jobId, a.jvm.id());
            release(a, grace);
        }
    }

    /** Ends a worker: its process takes other work once it has ended, or is killed after {@code grace}. */
    private void release(Assignment a, Duration grace) {
        synchronized (lock) {
            if (a.workerId.equals(a.jvm.workerId)) {
                a.jvm.releasing = true;
            }
        }
        if (!a.jvm.send("release " + a.workerId) || grace.isZero()) {
            a.jvm.process().destroyForcibly();
            return;
        }
        try {
            background.schedule(() -> {
                boolean stuck;
                synchronized (lock) {
                    stuck = a.workerId.equals(a.jvm.workerId) && a.jvm.alive();
                }
                if (stuck) {
                    LOG.warn("Worker {} of job {} did not end within {} ms; killing its process {} (pid {})", a.workerId,
                            a.jobId, grace.toMillis(), a.jvm.id(), a.jvm.process().pid());
                    a.jvm.process().destroyForcibly();
                }
            }, grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            a.jvm.process().destroyForcibly();
        }
    }

    /** Forgets workers of earlier runs of a job that have ended. */
    private void forgetEnded(String jobId, long runId) {
        synchronized (lock) {
            assignments.values().removeIf(a -> a.jobId.equals(jobId) && a.runId < runId && !running(a));
        }
    }

    /** Whether the worker still runs in its process. Under the lock. */
    private static boolean running(Assignment a) {
        return a.refused == null && a.workerId.equals(a.jvm.workerId) && a.jvm.alive();
    }

    @Override
    public List<WorkerHandle> workers(String jobId) {
        List<WorkerHandle> out = new ArrayList<>();
        synchronized (lock) {
            for (Assignment a : assignments.values()) {
                if (a.jobId.equals(jobId)) {
                    boolean alive = running(a);
                    Process p = a.jvm.process();
                    String description = a.jvm.describe() + (alive ? ""
                            : a.refused != null ? ", refused: " + a.refused
                            : !p.isAlive() ? ", exited with code " + p.exitValue()
                            : ", ended");
                    out.add(new WorkerHandle(a.workerId, jobId, a.runId, description, alive));
                }
            }
        }
        return out;
    }

    /** The worker processes, for tests: id, state and the worker each runs. */
    List<String> processes() {
        synchronized (lock) {
            return jvms.stream().map(j -> j.id() + " " + j.state + " " + j.workerId).toList();
        }
    }

    /** Stops every process this scheduler started: none may outlive the server. */
    @Deactivate
    @Override
    public void close() {
        List<WorkerJvm> all;
        synchronized (lock) {
            closed = true;
            all = jvms.stream().filter(WorkerJvm::alive).toList();
        }
        background.shutdownNow();
        all.forEach(j -> j.process().destroy());
        long deadline = System.nanoTime() + Math.min(settings.stopTimeout().toNanos(), TimeUnit.SECONDS.toNanos(10));
        for (WorkerJvm j : all) {
            try {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !j.process().waitFor(left, TimeUnit.NANOSECONDS)) {
                    j.process().destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                j.process().destroyForcibly();
            }
        }
        if (!all.isEmpty()) {
            LOG.info("Stopped {} worker processes", all.size());
        }
    }

    private static String newId(String prefix) {
        StringBuilder sb = new StringBuilder(prefix);
        for (int i = 0; i < 10; i++) {
            sb.append(ID_CHARS[RANDOM.nextInt(ID_CHARS.length)]);
        }
        return sb.toString();
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            LOG.debug("Could not delete {}: {}", p, e.toString());
        }
    }
}
