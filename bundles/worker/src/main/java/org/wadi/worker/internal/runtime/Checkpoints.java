package org.wadi.worker.internal.runtime;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wadi.spi.plan.DataflowPlan;
import org.wadi.spi.plan.PlanNode;
import org.wadi.storage.CheckpointLayout;
import org.wadi.storage.NoSuchObjectException;
import org.wadi.storage.ObjectStore;
import org.wadi.worker.internal.state.StateReader;
import org.wadi.worker.internal.state.StateWriter;

/**
 * Where an execution's checkpoints go: the job's checkpoint storage, written by a small uploader
 * pool so that a task hands its snapshot over and goes on at once, and read at restore. Objects
 * are at {@link CheckpointLayout#subtaskKey}: one per operator with state, subtask and epoch (an
 * empty one when the subtask's snapshot was {@code null}), so that the subtasks stored tell the
 * parallelism of the checkpoint. A state is streamed into its object ({@link
 * StateWriter#writeTo}): a deferred state is serialised by the uploader as it is written.
 *
 * <p>Restore ({@link #restore}): at the parallelism of the checkpoint each subtask reads its own
 * object. At another one — known when the checkpoints were bound to the plan, {@link #forPlan} —
 * keyed state is read from every old subtask whose key range overlaps the new subtask's, and other
 * state by subtask index (see {@link #restore}).
 */
public final class Checkpoints {

    private static final Logger LOG = LoggerFactory.getLogger(Checkpoints.class);

    private final String jobId;
    private final ObjectStore store;
    private final Executor uploader;
    private final CheckpointListener listener;
    private final long restoreEpoch;
    /** Whose checkpoint is restored, and from where: this job's own, or another job's (a new pipeline's start). */
    private final String restoreJobId;
    private final ObjectStore restoreStore;
    private final String unavailable;
    /** The parallelism of each operator of the plan being run; empty when not bound to a plan. */
    private final Map<String, Integer> parallelism;
    /** Per operator, the subtasks that stored state at the restore epoch, listed once. */
    private final Map<String, List<Integer>> storedSubtasks = new ConcurrentHashMap<>();

    /**
     * @param store the job's checkpoint storage
     * @param uploader runs the writes; a few threads per worker
     * @param listener hears of each subtask's stored state
     * @param restoreEpoch the checkpoint every operator restores from before it starts, or -1
     */
    public Checkpoints(String jobId, ObjectStore store, Executor uploader, CheckpointListener listener,
            long restoreEpoch) {
        this(jobId, store, uploader, listener, restoreEpoch, jobId, store, null, Map.of());
    }

    /**
     * Checkpoints that restore checkpoint {@code restoreEpoch} of another job, {@code restoreJobId},
     * from {@code restoreStore}, and store this job's own checkpoints in {@code store}: the first run
     * of a pipeline started from that checkpoint.
     */
    public Checkpoints(String jobId, ObjectStore store, Executor uploader, CheckpointListener listener,
            long restoreEpoch, String restoreJobId, ObjectStore restoreStore) {
        this(jobId, store, uploader, listener, restoreEpoch, restoreJobId, restoreStore, null, Map.of());
    }

    private Checkpoints(String jobId, ObjectStore store, Executor uploader, CheckpointListener listener,
            long restoreEpoch, String restoreJobId, ObjectStore restoreStore, String unavailable,
            Map<String, Integer> parallelism) {
        this.jobId = jobId;
        this.store = store;
        this.uploader = uploader;
        this.listener = listener;
        this.restoreEpoch = restoreEpoch;
        this.restoreJobId = restoreJobId;
        this.restoreStore = restoreStore;
        this.unavailable = unavailable;
        this.parallelism = parallelism;
    }

    /**
     * No checkpoint storage: checkpoints fail with {@code why}, nothing is restored.
     *
     * @param why the reason, for the checkpoint's failure
     */
    public static Checkpoints unavailable(CheckpointListener listener, String why) {
        return new Checkpoints(null, null, Runnable::run, listener, -1, null, null, why, Map.of());
    }

    /**
     * These checkpoints for running {@code plan}: its operators' parallelism tells a restore whether
     * (and how) the state must be redistributed. Without it every subtask restores its own object.
     */
    public Checkpoints forPlan(DataflowPlan plan) {
        Map<String, Integer> p = new java.util.HashMap<>();
        for (PlanNode n : plan.nodes()) {
            p.put(n.id(), n.parallelism());
        }
        return new Checkpoints(jobId, store, uploader, listener, restoreEpoch, restoreJobId, restoreStore, unavailable,
                Map.copyOf(p));
    }

    /** The checkpoint operators restore from, or -1. */
    public long restoreEpoch() {
        return restoreEpoch;
    }

    static long nowMicros() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    /**
     * Stores a subtask's snapshot in the background and reports it; a {@code null} state as an
     * empty object (reported with 0 bytes).
     */
    void store(long epoch, String operatorId, int subtask, StateWriter state, long startMicros) {
        if (unavailable != null) {
            listener.failed(epoch, operatorId, subtask, unavailable);
            return;
        }
        String key = CheckpointLayout.subtaskKey(jobId, epoch, operatorId, subtask);
        Runnable upload = () -> {
            long size;
            try {
                size = state == null ? store.put(key, out -> { }) : store.put(key, state::writeTo);
            } catch (IOException | RuntimeException e) {
                LOG.warn("Storing the state of {}[{}] for checkpoint {} of job {} in {} failed", operatorId, subtask,
                        epoch, jobId, store.url(), e);
                listener.failed(epoch, operatorId, subtask, "storing the state of " + operatorId + "[" + subtask
                        + "] in " + store.url() + " failed: " + e.getMessage());
                return;
            }
            listener.completed(epoch, operatorId, subtask, size, startMicros, nowMicros());
        };
        try {
            uploader.execute(upload);
        } catch (RejectedExecutionException e) {
            listener.failed(epoch, operatorId, subtask, "the worker is shutting down");
        }
    }

    /**
     * The stored state of a subtask at the restore epoch, or {@code null} when nothing was stored
     * (an empty object, none, or nothing is restored). The caller closes it.
     */
    StateReader read(String operatorId, int subtask) throws IOException {
        if (restoreEpoch < 0) {
            return null;
        }
        if (unavailable != null) {
            throw new IOException("cannot restore checkpoint " + restoreEpoch + ": " + unavailable);
        }
        String key = CheckpointLayout.subtaskKey(restoreJobId, restoreEpoch, operatorId, subtask);
        BufferedInputStream in;
        try {
            in = new BufferedInputStream(restoreStore.getStream(key), 1 << 16);
        } catch (NoSuchObjectException e) {
            return null;
        }
        try {
            in.mark(1);
            if (in.read() < 0) {
                in.close();
                return null;
            }
            in.reset();
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
        return new StateReader(in);
    }

    /**
     * Restores one operator's subtask from the restore epoch. The parallelism of the checkpoint is
     * the number of subtasks that stored an object there. When the operator runs at that
     * parallelism (or its parallelism now is unknown: not {@link #forPlan bound to a plan}), the
     * subtask restores its own object. Otherwise:
     * <ul>
     *   <li>{@link Snapshottable#keyed keyed} state restores from the old subtasks whose key ranges
     *       overlap this subtask's, keeping the keys it owns now;
     *   <li>a sink ({@link SinkOutput#allParts}) restores the pending commit of the old subtask with
     *       its index, and when the parallelism shrank, those of the old subtasks gone whose index
     *       modulo the new parallelism is its own, so that each is re-committed once;
     *   <li>a source's positions ({@link Snapshottable#allParts}) restore from every old
     *       subtask's state, at any parallelism: the source picks the splits it owns now;
     *   <li>other state — the watermark generator's — restores the state of old subtask
     *       {@code subtask % oldParallelism}: every new subtask starts from a state one old subtask
     *       had.
     * </ul>
     */
    void restore(String operatorId, int subtask, Snapshottable state) throws Exception {
        int now = parallelism.getOrDefault(operatorId, -1);
        if (now < 0 || restoreEpoch < 0) {
            try (StateReader in = read(operatorId, subtask)) {
                state.restore(in);
            }
            return;
        }
        List<Integer> stored = storedSubtasks(operatorId);
        int then = stored.isEmpty() ? 0 : stored.get(stored.size() - 1) + 1;
        if (state.allParts()) {
            List<StatePart> parts = new ArrayList<>();
            try {
                for (int old : stored) {
                    StateReader in = read(operatorId, old);
                    if (in != null) {
                        parts.add(new StatePart(new KeyRange(old, then), in));
                    }
                }
                state.restore(parts, new KeyRange(subtask, now));
            } finally {
                for (StatePart p : parts) {
                    p.state().close();
                }
            }
            return;
        }
        if (then == 0 || then == now) {
            try (StateReader in = read(operatorId, subtask)) {
                state.restore(in);
            }
            return;
        }
        KeyRange owned = new KeyRange(subtask, now);
        if (state.keyed()) {
            if (stored.size() != then) {
                throw new IOException("checkpoint " + restoreEpoch + " holds the state of subtasks " + stored + " of "
                        + operatorId + ", not of every subtask 0 to " + (then - 1) + ": its keyed state cannot be"
                        + " redistributed over " + now + " subtasks");
            }
            List<StatePart> parts = new ArrayList<>();
            try {
                for (int old = 0; old < then; old++) {
                    KeyRange range = new KeyRange(old, then);
                    if (range.overlaps(owned)) {
                        StateReader in = read(operatorId, old);
                        if (in != null) {
                            parts.add(new StatePart(range, in));
                        }
                    }
                }
                LOG.info("Restoring {}[{}] of job {} at parallelism {} from checkpoint {} taken at parallelism {}:"
                        + " the keys of old subtasks {} in hash range {}", operatorId, subtask, jobId, now,
                        restoreEpoch, then, parts.stream().map(p -> p.range().subtask()).toList(), owned);
                state.restore(parts, owned);
            } finally {
                for (StatePart p : parts) {
                    p.state().close();
                }
            }
            return;
        }
        int from = subtask % then;
        LOG.info("Restoring {}[{}] of job {} at parallelism {} from checkpoint {} taken at parallelism {}: the state"
                + " of old subtask {}", operatorId, subtask, jobId, now, restoreEpoch, then, from);
        try (StateReader in = read(operatorId, from)) {
            state.restore(in);
        }
    }

    /** The subtasks of an operator that stored an object at the restore epoch, ascending. */
    private List<Integer> storedSubtasks(String operatorId) throws IOException {
        List<Integer> stored = storedSubtasks.get(operatorId);
        if (stored == null) {
            stored = List.copyOf(CheckpointLayout.subtasks(restoreStore, restoreJobId, restoreEpoch, operatorId));
            storedSubtasks.put(operatorId, stored);
        }
        return stored;
    }

    /** Where the states are, for messages. */
    String location() {
        return store == null ? "(no checkpoint storage)" : store.url();
    }
}
