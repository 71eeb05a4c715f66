package org.wadi.scheduler.process.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
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
 * The {@code process} scheduler: each worker is a java process on this machine running the worker
 * launcher (a bare Felix framework) with the worker bundle set and the job's plug-in bundles, the
 * very jars this server runs. Its output goes to {@code ${karaf.data}/log/workers/<worker id>.log}.
 * Every worker it started is killed when the scheduler goes away, so a server shutdown leaves none
 * behind.
 */
@Component(service = Scheduler.class, property = Scheduler.NAME_PROPERTY + "=process",
        configurationPid = "org.wadi.scheduler.process")
@Designate(ocd = ProcessSchedulerConfig.class)
public final class ProcessScheduler implements Scheduler, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessScheduler.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] ID_CHARS = "0123456789abcdefghijklmnopqrstuvwxyz".toCharArray();

    /** A worker process this scheduler started. */
    record WorkerProcess(String workerId, String jobId, long runId, Process process, Path log, Path bundleList) {
    }

    private final ProcessSettings settings;
    private final InstalledBundles installed;
    private final BundleFiles files;
    private final Map<String, WorkerProcess> processes = new ConcurrentHashMap<>();
    private final ScheduledExecutorService killer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "wadi-process-scheduler");
        t.setDaemon(true);
        return t;
    });

    @Activate
    public ProcessScheduler(BundleContext context, ProcessSchedulerConfig config) {
        this(ProcessSettings.inKaraf(config, context::getProperty, System::getenv), name -> find(context, name));
    }

    public ProcessScheduler(ProcessSettings settings, InstalledBundles installed) {
        this.settings = settings;
        this.installed = installed;
        this.files = new BundleFiles(settings.repositories());
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
        forgetExited(request.jobId(), request.runId());
        List<Path> jars = bundleJars(request);
        if (settings.launcherDir() != null && !Files.isDirectory(settings.launcherDir())) {
            throw new SchedulerException("the worker launcher is not installed: " + settings.launcherDir()
                    + " does not exist (it should hold the worker launcher, Felix and SLF4J jars)");
        }
        List<WorkerProcess> started = new ArrayList<>();
        try {
            for (int i = 0; i < request.workers(); i++) {
                started.add(launch(request, jars));
            }
        } catch (SchedulerException | RuntimeException e) {
            started.forEach(w -> w.process().destroyForcibly());
            started.forEach(w -> processes.remove(w.workerId()));
            throw e;
        }
    }

    /** The jars a worker installs, in order: the worker bundle set, then the job's plug-ins. */
    List<Path> bundleJars(WorkerRequest request) throws SchedulerException {
        Set<Path> jars = new LinkedHashSet<>();
        for (String name : settings.workerBundles()) {
            PluginBundle b = installed.find(name).orElseThrow(() -> new SchedulerException("worker bundle '" + name
                    + "' is not installed in the server (worker.bundles in etc/org.wadi.scheduler.process.cfg lists "
                    + String.join(", ", settings.workerBundles()) + ")"));
            jars.add(files.jar(b.symbolicName(), b.location()));
        }
        for (PluginBundle p : request.plugins()) {
            jars.add(files.jar(p.symbolicName(), p.location()));
        }
        return List.copyOf(jars);
    }

    /** The command line of a worker. */
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

    /** The environment a worker gets in addition to the server's. */
    Map<String, String> environment(WorkerRequest request, String workerId) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("WADI_WORKER_ID", workerId);
        env.put("WADI_JOB_ID", request.jobId());
        env.put("WADI_RUN_ID", Long.toString(request.runId()));
        env.put("WADI_CONTROLLER_ADDRESS", request.controllerAddress());
        env.put("WADI_SLOTS", Integer.toString(request.slotsPerWorker()));
        if (settings.fileRoots() != null) {
            env.put("WADI_FILE_ROOTS", settings.fileRoots());
        }
        env.putAll(request.env());
        return env;
    }

    private WorkerProcess launch(WorkerRequest request, List<Path> jars) throws SchedulerException {
        String workerId = newWorkerId();
        Path bundleList = settings.workDir().resolve(workerId + ".bundles");
        Path log = settings.logDir().resolve(workerId + ".log");
        try {
            Files.createDirectories(settings.workDir());
            Files.createDirectories(settings.logDir());
            Files.write(bundleList, jars.stream().map(p -> p.toAbsolutePath().toString()).toList(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SchedulerException("cannot prepare worker " + workerId + " of job " + request.jobId() + ": " + e, e);
        }
        ProcessBuilder pb = new ProcessBuilder(command(bundleList))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(nullFile()));
        pb.environment().putAll(environment(request, workerId));
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            deleteQuietly(bundleList);
            throw new SchedulerException("cannot start worker " + workerId + " of job " + request.jobId() + " with "
                    + settings.java() + ": " + e.getMessage(), e);
        }
        WorkerProcess w = new WorkerProcess(workerId, request.jobId(), request.runId(), process, log, bundleList);
        processes.put(workerId, w);
        LOG.info("Started worker {} of job {} run {}: pid {}, log {}", workerId, request.jobId(), request.runId(),
                process.pid(), log);
        process.onExit().thenRun(() -> {
            deleteQuietly(bundleList);
            LOG.info("Worker {} of job {} exited with code {}", workerId, request.jobId(), process.exitValue());
        });
        return w;
    }

    private static java.io.File nullFile() {
        return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }

    private static String newWorkerId() {
        StringBuilder sb = new StringBuilder("wkr_");
        for (int i = 0; i < 10; i++) {
            sb.append(ID_CHARS[RANDOM.nextInt(ID_CHARS.length)]);
        }
        return sb.toString();
    }

    @Override
    public void stopWorkers(String jobId, long runId, boolean force) {
        for (WorkerProcess w : List.copyOf(processes.values())) {
            if (!w.jobId().equals(jobId) || (runId >= 0 && w.runId() != runId)) {
                continue;
            }
            Process p = w.process();
            if (p.isAlive()) {
                if (force) {
                    LOG.info("Killing worker {} of job {} (pid {})", w.workerId(), jobId, p.pid());
                    p.destroyForcibly();
                } else {
                    LOG.info("Stopping worker {} of job {} (pid {})", w.workerId(), jobId, p.pid());
                    p.destroy();
                    killer.schedule(() -> {
                        if (p.isAlive()) {
                            LOG.warn("Worker {} of job {} did not exit within {} ms of SIGTERM; killing it", w.workerId(),
                                    jobId, settings.stopTimeout().toMillis());
                            p.destroyForcibly();
                        }
                    }, settings.stopTimeout().toMillis(), TimeUnit.MILLISECONDS);
                }
            }
            // forgotten once it is gone: until then workers() still shows it
            p.onExit().thenRun(() -> processes.remove(w.workerId(), w));
        }
    }

    /** Forgets workers of earlier runs of a job that exited without being stopped. */
    private void forgetExited(String jobId, long runId) {
        processes.values().removeIf(w -> w.jobId().equals(jobId) && w.runId() < runId && !w.process().isAlive());
    }

    @Override
    public List<WorkerHandle> workers(String jobId) {
        List<WorkerHandle> out = new ArrayList<>();
        for (WorkerProcess w : processes.values()) {
            if (w.jobId().equals(jobId)) {
                Process p = w.process();
                String description = "pid " + p.pid() + ", log " + w.log()
                        + (p.isAlive() ? "" : ", exited with code " + p.exitValue());
                out.add(new WorkerHandle(w.workerId(), jobId, w.runId(), description, p.isAlive()));
            }
        }
        return out;
    }

    /** Kills every worker this scheduler started: none may outlive the server. */
    @Deactivate
    @Override
    public void close() {
        List<WorkerProcess> all = processes.values().stream().filter(w -> w.process().isAlive()).toList();
        all.forEach(w -> w.process().destroy());
        long deadline = System.nanoTime() + Math.min(settings.stopTimeout().toNanos(), TimeUnit.SECONDS.toNanos(10));
        for (WorkerProcess w : all) {
            try {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !w.process().waitFor(left, TimeUnit.NANOSECONDS)) {
                    w.process().destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                w.process().destroyForcibly();
            }
        }
        if (!all.isEmpty()) {
            LOG.info("Stopped {} worker processes", all.size());
        }
        processes.clear();
        killer.shutdownNow();
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            LOG.debug("Could not delete {}: {}", p, e.toString());
        }
    }
}
