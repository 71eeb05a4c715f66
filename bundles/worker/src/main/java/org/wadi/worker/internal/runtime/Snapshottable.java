package org.wadi.worker.internal.runtime;

import org.wadi.worker.internal.state.StateReader;
import org.wadi.worker.internal.state.StateWriter;

/**
 * An operator that keeps state across rows, taken into checkpoints. The task calls both on its own
 * thread: {@link #snapshot} when the checkpoint barrier has reached the operator (every row before
 * the barrier is processed, none after it), {@link #restore} before the task opens, when the job
 * restores from a checkpoint.
 */
public interface Snapshottable {

    /**
     * The operator's state now, for checkpoint {@code epoch}.
     *
     * @return the state, or {@code null} when the operator keeps none (nothing is stored)
     */
    StateWriter snapshot(long epoch) throws Exception;

    /**
     * Restores what {@link #snapshot} returned at the checkpoint the job restores from.
     *
     * @param state that state; {@code null} when nothing was stored for this subtask
     */
    void restore(StateReader state) throws Exception;
}
