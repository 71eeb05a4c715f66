package org.wadi.worker.internal.runtime;

import java.util.List;
import org.wadi.worker.internal.state.StateReader;
import org.wadi.worker.internal.state.StateWriter;

/**
 * An operator that keeps state across rows, taken into checkpoints. The task calls these on its own
 * thread: {@link #snapshot} when the checkpoint barrier has reached the operator (every row before
 * the barrier is processed, none after it), a {@code restore} before the task opens, when the job
 * restores from a checkpoint.
 *
 * <p>At the parallelism of the checkpoint, each subtask restores what it stored itself
 * ({@link #restore(StateReader)}). At another parallelism, {@link #keyed} state is split by key:
 * each new subtask gets the states of the old subtasks whose {@link KeyRange}s overlap its own and
 * keeps the keys it owns now ({@link #restore(List, KeyRange)}). State that is not keyed (a
 * source's position, a sink's pending commit) is restored per subtask index, see
 * {@link Checkpoints#restore}.
 */
public interface Snapshottable {

    /**
     * The operator's state now, for checkpoint {@code epoch}. Large states should capture what
     * they need here and return a {@link StateWriter#deferred} state, which the uploader writes
     * (streams to the store) while the task goes on: the time spent in this call is the time the
     * checkpoint holds the task up.
     *
     * @return the state, or {@code null} when the operator keeps none (an empty object is stored,
     *     which restores as {@code null})
     */
    StateWriter snapshot(long epoch) throws Exception;

    /**
     * Restores what {@link #snapshot} returned at the checkpoint the job restores from, at the
     * same parallelism (or, for state that is not {@link #keyed}, the state chosen for this
     * subtask index at another one).
     *
     * @param state that state; {@code null} when nothing was stored for this subtask
     */
    void restore(StateReader state) throws Exception;

    /**
     * Whether the state is split by key — every key's entries in the subtask that owns the key's
     * hash ({@link Partitioners#hash} of the operator's SHUFFLE key columns) — so that it can be
     * restored at another parallelism with {@link #restore(List, KeyRange)}.
     */
    default boolean keyed() {
        return false;
    }

    /**
     * Whether {@link #restore(List, KeyRange)} takes the states of every old subtask, at the same
     * parallelism as at another one (a source's split positions), rather than its own or its keys'.
     */
    default boolean allParts() {
        return false;
    }

    /**
     * Restores keyed state at a parallelism other than the checkpoint's: from the states of every
     * old subtask whose key range overlaps {@code owned} (each written by {@link #snapshot}; old
     * subtasks that stored nothing are left out), keeping only the keys whose hash {@code owned}
     * contains, with the operator-wide values (watermark, timers) combined so that nothing fires
     * twice or never, and counters taken from the parts this subtask {@link StatePart#countedBy}.
     * Called only when {@link #keyed}. The default is the behaviour of state that is not split by
     * key: at most one part, restored as it is.
     *
     * @param parts the old subtasks' states, in subtask order; the runtime closes them
     * @param owned the key range this subtask owns now
     */
    default void restore(List<StatePart> parts, KeyRange owned) throws Exception {
        if (parts.size() > 1) {
            throw new IllegalStateException(getClass().getSimpleName() + " keeps state per subtask, not by key: it"
                    + " cannot combine the states of " + parts.size() + " old subtasks into subtask " + owned.subtask()
                    + " of " + owned.parallelism());
        }
        restore(parts.isEmpty() ? null : parts.get(0).state());
    }
}
