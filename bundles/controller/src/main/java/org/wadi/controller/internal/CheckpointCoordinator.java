package org.wadi.controller.internal;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wadi.rpc.CheckpointCompleted;
import org.wadi.storage.CheckpointLayout;
import org.wadi.storage.ObjectStore;
import org.wadi.store.CheckpointOperator;
import org.wadi.store.CheckpointStore;
import org.wadi.store.JobLogLevel;

/**
 * Takes the checkpoints of one run, one at a time, on the reconciliation loop's thread: triggers
 * checkpoint <i>n</i> an interval after the previous one ended, records it in the database, and when
 * every subtask of every operator reported its state stored, completes it there and tells the
 * workers to commit; then, off the loop, writes the completion marker into the checkpoint storage
 * and deletes the checkpoints beyond the retention. A checkpoint fails when a subtask reports a
 * failure, when it times out, or when the run leaves Running first; the next one is tried after
 * the interval. Epochs grow over the job's runs, so that storage keys never repeat. Completed and
 * failed checkpoints are counted in the server's metrics; a checkpoint that fails while the run goes
 * on is also an entry of the job's errors list.
 */
public final class CheckpointCoordinator {

    private static final Logger LOG = LoggerFactory.getLogger(CheckpointCoordinator.class);

    private final String jobId;
    private final long runId;
    private final Run run;
    private final CheckpointStore db;
    private final CheckpointStorage storage;
    private final int retention;
    private final Duration interval;
    private final Duration timeout;
    private final Clock clock;
    private final Executor async;
    private final Runnable wake;
    private final ControllerMetrics metrics;
    private final JobLogRecorder jobLog;

    private long lastEpoch;
    private long current = -1;
    private Instant currentStartedAt;
    private Instant nextDue;
    private long lastCompleted = -1;
    private long lastFailed = -1;
    private String lastFailure;
    /** Storage work (markers, retention) runs in order, one step after the other. */
    private CompletableFuture<Void> storageWork = CompletableFuture.completedFuture(null);

    public CheckpointCoordinator(String jobId, Run run, CheckpointStore db, CheckpointStorage storage, int retention,
            Duration interval, Duration timeout, Clock clock, Executor async, Runnable wake, ControllerMetrics metrics,
            JobLogRecorder jobLog) {
        this.jobId = jobId;
        this.runId = run.runId();
        this.run = run;
        this.db = db;
        this.storage = storage;
        this.retention = retention;
        this.interval = interval;
        this.timeout = timeout;
        this.clock = clock;
        this.async = async;
        this.wake = wake;
        this.metrics = metrics;
        this.jobLog = jobLog;
        Instant now = clock.instant();
        int stale = db.failInProgressCheckpoints(jobId, now, "its run ended before it completed");
        if (stale > 0) {
            LOG.info("Job {}: {} checkpoint(s) left in progress by an earlier run marked failed", jobId, stale);
        }
        this.lastEpoch = db.lastCheckpointEpoch(jobId);
        this.nextDue = now.plus(interval);
    }

    /**
     * Numbers this job's next checkpoints after {@code epoch}: its run restored checkpoint {@code
     * epoch} of another job, whose sinks' pending commits carry that epoch.
     */
    public void continueAfter(long epoch) {
        lastEpoch = Math.max(lastEpoch, epoch);
    }

    public Duration interval() {
        return interval;
    }

    /** The checkpoint in progress, or -1. */
    public long inProgress() {
        return current;
    }

    /** The newest checkpoint of this run that completed (and was committed), or -1. */
    public long lastCompleted() {
        return lastCompleted;
    }

    /** Why checkpoint {@code epoch} failed, if it was the last one to fail. */
    public Optional<String> failure(long epoch) {
        return epoch == lastFailed ? Optional.of(lastFailure) : Optional.empty();
    }

    /** Storage work still running (for tests). */
    CompletableFuture<Void> storageWork() {
        return storageWork;
    }

    /**
     * Moves the checkpoint in progress on — completes, fails or times it out — and triggers the
     * next one when it is due and {@code mayTrigger}.
     */
    public void step(boolean mayTrigger) {
        Instant now = clock.instant();
        if (current >= 0) {
            Optional<Run.CheckpointReport> report = run.checkpoint(current);
            if (report.isEmpty()) {
                fail(now, "its reports were lost", true);
            } else if (report.get().failure() != null) {
                fail(now, report.get().failure(), true);
            } else if (report.get().complete()) {
                complete(now, report.get());
            } else if (!now.isBefore(currentStartedAt.plus(timeout))) {
                fail(now, "it did not complete within " + timeout.toMillis() + " ms: " + report.get().completed().size()
                        + " of " + report.get().tasks() + " subtasks stored their state", true);
            }
        }
        if (current < 0 && mayTrigger && !now.isBefore(nextDue)) {
            trigger(false);
        }
    }

    /**
     * Triggers the next checkpoint now.
     *
     * @param thenStop the final checkpoint of a stop: tasks end once it is committed
     * @return its epoch
     * @throws IllegalStateException if one is in progress
     */
    public long trigger(boolean thenStop) {
        if (current >= 0) {
            throw new IllegalStateException("checkpoint " + current + " of job " + jobId + " is still in progress");
        }
        Instant now = clock.instant();
        long epoch = lastEpoch + 1;
        db.checkpointStarted(jobId, runId, epoch, now, thenStop, storage == null ? "" : storage.url());
        lastEpoch = epoch;
        current = epoch;
        currentStartedAt = now;
        run.triggerCheckpoint(epoch, thenStop, micros(now));
        LOG.debug("Job {}: checkpoint {} triggered{}", jobId, epoch, thenStop ? " (final, then stop)" : "");
        return epoch;
    }

    /**
     * Fails the checkpoint in progress, if any: the run left Running. (Not an entry of the job's
     * errors list: whatever ended the run is.)
     */
    public void abandon(String reason) {
        if (current >= 0) {
            fail(clock.instant(), reason, false);
        }
    }

    private void complete(Instant now, Run.CheckpointReport report) {
        long epoch = current;
        long bytes = 0;
        List<CheckpointOperator> operators = new ArrayList<>();
        for (Map.Entry<Run.TaskKey, CheckpointCompleted> e : report.completed().entrySet()) {
            CheckpointCompleted c = e.getValue();
            bytes += c.getBytes();
            operators.add(new CheckpointOperator(jobId, epoch, c.getOperatorId(), c.getSubtask(), c.getBytes(),
                    instant(c.getStartTimeMicros()), instant(c.getFinishTimeMicros()),
                    c.getAlignmentStartTimeMicros() > 0 ? instant(c.getAlignmentStartTimeMicros()) : null));
        }
        operators.sort((a, b) -> a.operatorId().equals(b.operatorId()) ? Integer.compare(a.subtask(), b.subtask())
                : a.operatorId().compareTo(b.operatorId()));
        // recorded first: a checkpoint is committed only once the database says it is complete
        db.checkpointCompleted(jobId, epoch, now, bytes, operators);
        run.forgetCheckpoint(epoch);
        run.commitCheckpoint(epoch);
        lastCompleted = epoch;
        current = -1;
        nextDue = now.plus(interval);
        metrics.checkpointCompleted(Duration.between(currentStartedAt, now), bytes);
        LOG.info("Job {}: checkpoint {} completed: {} bytes from {} subtasks in {} ms", jobId, epoch, bytes,
                operators.size(), Duration.between(currentStartedAt, now).toMillis());
        long totalBytes = bytes;
        inStorage(store -> {
            CheckpointLayout.markCompleted(store, jobId, epoch, ("{\"epoch\":" + epoch + ",\"run_id\":" + runId
                    + ",\"bytes\":" + totalBytes + "}").getBytes(StandardCharsets.UTF_8));
            List<Long> deleted = CheckpointLayout.retain(store, jobId, retention);
            if (!deleted.isEmpty()) {
                db.deleteCheckpointsBefore(jobId, deleted.get(deleted.size() - 1) + 1);
                LOG.debug("Job {}: deleted checkpoints {} (keeping {})", jobId, deleted, retention);
            }
        }, "complete checkpoint " + epoch);
    }

    private void fail(Instant now, String reason, boolean toJobLog) {
        long epoch = current;
        db.checkpointFailed(jobId, epoch, now, reason);
        run.forgetCheckpoint(epoch);
        current = -1;
        lastFailed = epoch;
        lastFailure = reason;
        nextDue = now.plus(interval);
        metrics.checkpointFailed();
        if (toJobLog) {
            jobLog.record(jobId, runId, JobLogLevel.WARN, null, null, "checkpoint " + epoch + " failed: " + reason,
                    "The job goes on; the next checkpoint is tried after the checkpoint interval ("
                            + interval.toMillis() + " ms).");
        }
        LOG.warn("Job {}: checkpoint {} failed: {}", jobId, epoch, reason);
        // what the subtasks stored of it is of no use
        inStorage(store -> store.deletePrefix(CheckpointLayout.epochPrefix(jobId, epoch)), "clean up checkpoint " + epoch);
    }

    private interface StorageStep {
        void run(ObjectStore store) throws Exception;
    }

    private void inStorage(StorageStep step, String what) {
        if (storage == null) {
            return;
        }
        storageWork = storageWork.thenRunAsync(() -> {
            try (ObjectStore store = storage.open()) {
                step.run(store);
            } catch (Exception e) {
                LOG.warn("Job {}: could not {} in {}: {}", jobId, what, storage.url(), e.toString());
            }
        }, async).whenComplete((v, e) -> wake.run());
    }

    private static long micros(Instant t) {
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000;
    }

    private static Instant instant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    }
}
