package org.wadi.worker.internal.runtime;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wadi.storage.CheckpointLayout;
import org.wadi.storage.NoSuchObjectException;
import org.wadi.storage.ObjectStore;
import org.wadi.worker.internal.state.StateReader;
import org.wadi.worker.internal.state.StateWriter;

/**
 * Where an execution's checkpoints go: the job's checkpoint storage, written by a small uploader
 * pool so that a task hands its snapshot over and goes on at once, and read at restore. Objects
 * are at {@link CheckpointLayout#subtaskKey}: one per operator, subtask and epoch that has state.
 */
public final class Checkpoints {

    private static final Logger LOG = LoggerFactory.getLogger(Checkpoints.class);

    private final String jobId;
    private final ObjectStore store;
    private final Executor uploader;
    private final CheckpointListener listener;
    private final long restoreEpoch;
    private final String unavailable;

    /**
     * @param store the job's checkpoint storage
     * @param uploader runs the writes; a few threads per worker
     * @param listener hears of each subtask's stored state
     * @param restoreEpoch the checkpoint every operator restores from before it starts, or -1
     */
    public Checkpoints(String jobId, ObjectStore store, Executor uploader, CheckpointListener listener,
            long restoreEpoch) {
        this(jobId, store, uploader, listener, restoreEpoch, null);
    }

    private Checkpoints(String jobId, ObjectStore store, Executor uploader, CheckpointListener listener,
            long restoreEpoch, String unavailable) {
        this.jobId = jobId;
        this.store = store;
        this.uploader = uploader;
        this.listener = listener;
        this.restoreEpoch = restoreEpoch;
        this.unavailable = unavailable;
    }

    /**
     * No checkpoint storage: checkpoints fail with {@code why}, nothing is restored.
     *
     * @param why the reason, for the checkpoint's failure
     */
    public static Checkpoints unavailable(CheckpointListener listener, String why) {
        return new Checkpoints(null, null, Runnable::run, listener, -1, why);
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
     * Stores a subtask's snapshot in the background and reports it; a {@code null} state is
     * reported at once with 0 bytes.
     */
    void store(long epoch, String operatorId, int subtask, StateWriter state, long startMicros) {
        if (unavailable != null) {
            listener.failed(epoch, operatorId, subtask, unavailable);
            return;
        }
        if (state == null) {
            listener.completed(epoch, operatorId, subtask, 0, startMicros, nowMicros());
            return;
        }
        String key = CheckpointLayout.subtaskKey(jobId, epoch, operatorId, subtask);
        Runnable upload = () -> {
            long size = state.size();
            try (InputStream in = state.stream()) {
                store.put(key, in, size);
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
     * (or nothing is restored). The caller closes it.
     */
    StateReader read(String operatorId, int subtask) throws IOException {
        if (restoreEpoch < 0) {
            return null;
        }
        if (unavailable != null) {
            throw new IOException("cannot restore checkpoint " + restoreEpoch + ": " + unavailable);
        }
        String key = CheckpointLayout.subtaskKey(jobId, restoreEpoch, operatorId, subtask);
        try {
            return new StateReader(new BufferedInputStream(store.getStream(key), 1 << 16));
        } catch (NoSuchObjectException e) {
            return null;
        }
    }

    /** Where the states are, for messages. */
    String location() {
        return store == null ? "(no checkpoint storage)" : store.url();
    }
}
