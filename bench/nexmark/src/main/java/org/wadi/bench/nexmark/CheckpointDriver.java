package org.wadi.bench.nexmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.wadi.spi.plan.DataflowPlan;
import org.wadi.spi.plan.PlanNode;
import org.wadi.storage.internal.FileObjectStore;
import org.wadi.worker.internal.runtime.CheckpointListener;
import org.wadi.worker.internal.runtime.Checkpoints;
import org.wadi.worker.internal.runtime.Execution;

/**
 * Takes checkpoints of an in-process {@link Execution} on an interval, as the controller does over
 * its worker protocol: it injects barrier {@code n} at the sources ({@link
 * Execution#triggerCheckpoint}), counts the stored states the subtasks report (every subtask of
 * every operator reports once per checkpoint), and once all have reported commits the checkpoint
 * ({@link Execution#commitCheckpoint}). One checkpoint is in flight at a time: a tick that finds the
 * previous one unfinished is skipped, as the controller skips it. State goes to a {@code file://}
 * folder through the runtime's own uploader path ({@link Checkpoints}, two upload threads as a
 * worker has).
 *
 * <p>A checkpoint triggered when some tasks have already ended (the end of a bounded input) cannot
 * complete: it counts as triggered, not taken.
 */
final class CheckpointDriver implements CheckpointListener, AutoCloseable {

    /** What the checkpoints of one run came to. */
    record Stats(long intervalMs, int triggered, int completed, int failed, double meanMs, double maxMs,
            double meanBytes, long maxBytes) {

        String describe() {
            return String.format(Locale.ROOT, "checkpoint_interval_s=%.1f checkpoints=%d triggered=%d"
                    + " checkpoint_failed=%d checkpoint_mean_ms=%.0f checkpoint_max_ms=%.0f checkpoint_mean_bytes=%.0f"
                    + " checkpoint_max_bytes=%d", intervalMs / 1000.0, completed, triggered, failed, meanMs, maxMs,
                    meanBytes, maxBytes);
        }
    }

    private static final class Pending {
        final long epoch;
        final long triggeredNanos;
        int reports;
        long bytes;
        String failure;

        Pending(long epoch, long triggeredNanos) {
            this.epoch = epoch;
            this.triggeredNanos = triggeredNanos;
        }
    }

    private final Path folder;
    private final long intervalMs;
    private final int reportsPerCheckpoint;
    private final FileObjectStore store;
    private final ExecutorService uploader;
    private final ScheduledExecutorService timer;
    private final Map<Long, Pending> pending = new HashMap<>();
    private final List<double[]> done = new ArrayList<>();
    private int triggered;
    private int failed;
    private long epoch;
    private Execution execution;

    /**
     * @param folder where the checkpoints go (created; deleted by {@link #close} unless {@code keep})
     * @param plan the plan being run: each of its operators' subtasks reports every checkpoint
     */
    CheckpointDriver(Path folder, long intervalMs, DataflowPlan plan) throws IOException {
        this.folder = Files.createDirectories(folder);
        this.intervalMs = intervalMs;
        int reports = 0;
        for (PlanNode n : plan.nodes()) {
            reports += n.parallelism();
        }
        this.reportsPerCheckpoint = reports;
        this.store = new FileObjectStore(this.folder.toUri().toString(), this.folder);
        this.uploader = Executors.newFixedThreadPool(2, r -> daemon(r, "bench-checkpoint-upload"));
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "bench-checkpoint-trigger"));
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** The checkpoints to build the execution with: nothing restored, states into the folder. */
    Checkpoints checkpoints(String jobId) {
        return new Checkpoints(jobId, store, uploader, this, -1);
    }

    /** Starts triggering checkpoints of {@code e} every interval, the first one interval from now. */
    void start(Execution e) {
        this.execution = e;
        timer.scheduleAtFixedRate(this::trigger, intervalMs, intervalMs, TimeUnit.MILLISECONDS);
    }

    private void trigger() {
        long n;
        synchronized (this) {
            if (!pending.isEmpty()) {
                return; // the previous one is still in flight
            }
            n = ++epoch;
            triggered++;
            pending.put(n, new Pending(n, System.nanoTime()));
        }
        execution.triggerCheckpoint(n, false);
    }

    @Override
    public void completed(long epoch, String operatorId, int subtask, long bytes, long startMicros, long finishMicros) {
        Pending p;
        synchronized (this) {
            p = pending.get(epoch);
            if (p == null) {
                return;
            }
            p.reports++;
            p.bytes += bytes;
            if (p.reports < reportsPerCheckpoint) {
                return;
            }
            pending.remove(epoch);
            if (p.failure != null) {
                failed++;
                return;
            }
            done.add(new double[] {(System.nanoTime() - p.triggeredNanos) / 1e6, p.bytes});
        }
        execution.commitCheckpoint(epoch);
    }

    @Override
    public synchronized void failed(long epoch, String operatorId, int subtask, String error) {
        Pending p = pending.get(epoch);
        if (p != null) {
            p.failure = operatorId + "[" + subtask + "]: " + error;
            p.reports++;
            if (p.reports >= reportsPerCheckpoint) {
                pending.remove(epoch);
                failed++;
            }
        }
        System.err.println("# checkpoint " + epoch + " failed at " + operatorId + "[" + subtask + "]: " + error);
    }

    /** Stops triggering; what the checkpoints taken so far came to. */
    synchronized Stats stop() {
        timer.shutdownNow();
        double sum = 0;
        double max = 0;
        double bytes = 0;
        long maxBytes = 0;
        for (double[] d : done) {
            sum += d[0];
            max = Math.max(max, d[0]);
            bytes += d[1];
            maxBytes = Math.max(maxBytes, (long) d[1]);
        }
        int n = done.size();
        return new Stats(intervalMs, triggered, n, failed, n == 0 ? 0 : sum / n, max, n == 0 ? 0 : bytes / n,
                maxBytes);
    }

    /** Ends the uploads and deletes the folder unless {@code -Dnexmark.checkpoint.keep=true}. */
    @Override
    public void close() throws IOException {
        timer.shutdownNow();
        uploader.shutdown();
        try {
            uploader.awaitTermination(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        store.close();
        if (!Boolean.getBoolean("nexmark.checkpoint.keep")) {
            try (Stream<Path> files = Files.walk(folder)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
