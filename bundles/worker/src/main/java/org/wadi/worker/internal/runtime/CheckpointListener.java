package org.wadi.worker.internal.runtime;

/**
 * What an execution reports about checkpoints, called from task and uploader threads
 * (implementations are thread-safe). Each subtask of each operator reports each checkpoint it
 * took part in once: completed or failed.
 */
public interface CheckpointListener {

    /** A listener that drops every report. */
    CheckpointListener NONE = new CheckpointListener() {
        @Override
        public void completed(long epoch, String operatorId, int subtask, long bytes, long startMicros,
                long finishMicros) {
        }

        @Override
        public void failed(long epoch, String operatorId, int subtask, String error) {
        }
    };

    /**
     * The subtask's state for checkpoint {@code epoch} is stored.
     *
     * @param bytes the size of its state object; 0 when it keeps no state (an empty object is stored)
     * @param startMicros when it took the snapshot
     * @param finishMicros when the object was stored
     */
    void completed(long epoch, String operatorId, int subtask, long bytes, long startMicros, long finishMicros);

    /** The subtask could not take or store its state for checkpoint {@code epoch}. */
    void failed(long epoch, String operatorId, int subtask, String error);
}
