package org.wadi.controller.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.wadi.store.Checkpoint;
import org.wadi.store.CheckpointOperator;
import org.wadi.store.CheckpointState;
import org.wadi.store.CheckpointStore;

/** An in-memory {@link CheckpointStore} with the store's semantics. */
final class FakeCheckpointStore implements CheckpointStore {

    private final Map<String, TreeMap<Long, Checkpoint>> checkpoints = new TreeMap<>();
    private final Map<String, List<CheckpointOperator>> operators = new TreeMap<>();

    private TreeMap<Long, Checkpoint> of(String jobId) {
        return checkpoints.computeIfAbsent(jobId, k -> new TreeMap<>());
    }

    @Override
    public synchronized void checkpointStarted(String jobId, long runId, long epoch, Instant startedAt, boolean stopping,
            String storageUrl) {
        if (of(jobId).containsKey(epoch)) {
            throw new IllegalArgumentException("checkpoint " + epoch + " of job " + jobId + " exists");
        }
        of(jobId).put(epoch, new Checkpoint(jobId, runId, epoch, CheckpointState.IN_PROGRESS, startedAt, null, 0, null,
                stopping, storageUrl, null));
        notifyAll();
    }

    @Override
    public synchronized boolean checkpointCompleted(String jobId, long epoch, Instant finishedAt, long bytes,
            List<CheckpointOperator> ops) {
        Checkpoint c = of(jobId).get(epoch);
        if (c == null || c.state() != CheckpointState.IN_PROGRESS) {
            return false;
        }
        of(jobId).put(epoch, new Checkpoint(jobId, c.runId(), epoch, CheckpointState.COMPLETED, c.startedAt(),
                finishedAt, bytes, null, c.stopping(), c.storageUrl(),
                ops.stream().map(CheckpointOperator::finishedAt).max(Instant::compareTo).orElse(null)));
        operators.put(jobId + "/" + epoch, List.copyOf(ops));
        notifyAll();
        return true;
    }

    @Override
    public synchronized boolean checkpointFailed(String jobId, long epoch, Instant finishedAt, String reason) {
        Checkpoint c = of(jobId).get(epoch);
        if (c == null || c.state() != CheckpointState.IN_PROGRESS) {
            return false;
        }
        of(jobId).put(epoch, new Checkpoint(jobId, c.runId(), epoch, CheckpointState.FAILED, c.startedAt(),
                finishedAt, 0, reason, c.stopping(), c.storageUrl(), null));
        notifyAll();
        return true;
    }

    @Override
    public synchronized int failInProgressCheckpoints(String jobId, Instant finishedAt, String reason) {
        int n = 0;
        for (Checkpoint c : List.copyOf(of(jobId).values())) {
            if (c.state() == CheckpointState.IN_PROGRESS && checkpointFailed(jobId, c.epoch(), finishedAt, reason)) {
                n++;
            }
        }
        return n;
    }

    @Override
    public synchronized List<Checkpoint> checkpoints(String jobId) {
        return new ArrayList<>(of(jobId).values());
    }

    @Override
    public synchronized Optional<Checkpoint> latestCompletedCheckpoint(String jobId) {
        return of(jobId).descendingMap().values().stream().filter(c -> c.state() == CheckpointState.COMPLETED)
                .findFirst();
    }

    @Override
    public synchronized Optional<Checkpoint> checkpoint(String jobId, long epoch) {
        return Optional.ofNullable(of(jobId).get(epoch));
    }

    @Override
    public synchronized long lastCheckpointEpoch(String jobId) {
        return of(jobId).isEmpty() ? 0 : of(jobId).lastKey();
    }

    @Override
    public synchronized List<CheckpointOperator> checkpointOperators(String jobId, long epoch) {
        return operators.getOrDefault(jobId + "/" + epoch, List.of());
    }

    @Override
    public synchronized int deleteCheckpointsBefore(String jobId, long epoch) {
        Map<Long, Checkpoint> old = of(jobId).headMap(epoch, false);
        int n = old.size();
        old.keySet().forEach(e -> operators.remove(jobId + "/" + e));
        old.clear();
        notifyAll();
        return n;
    }

    /** The job's checkpoints in {@code state}, by epoch. */
    synchronized List<Long> epochs(String jobId, CheckpointState state) {
        return of(jobId).values().stream().filter(c -> c.state() == state).map(Checkpoint::epoch).toList();
    }
}
