package org.wadi.worker.internal.runtime;

import org.wadi.worker.internal.state.StateReader;

/**
 * One old subtask's stored state, read at a restore at another parallelism: the key range that
 * subtask owned when it was snapshotted, and its state.
 *
 * @param range the old subtask and the parallelism of the checkpoint
 * @param state what its {@link Snapshottable#snapshot} wrote
 */
public record StatePart(KeyRange range, StateReader state) {

    /**
     * Whether the restoring subtask {@code owned} is the one that takes this part's values that
     * belong to no key (counters such as late rows): the new subtask owning the first hash of the
     * old range, so that across all new subtasks each old value is taken exactly once.
     */
    public boolean countedBy(KeyRange owned) {
        return owned.holdsStartOf(range);
    }
}
