package org.wadi.worker.internal.window;

import java.io.IOException;
import org.wadi.worker.internal.agg.AggColumn;
import org.wadi.worker.internal.runtime.KeyRange;
import org.wadi.worker.internal.runtime.RowOutput;
import org.wadi.worker.internal.state.StateReader;
import org.wadi.worker.internal.state.StateWriter;

/**
 * The groups of one pane or window: their keys and, per aggregate, their accumulators.
 *
 * <p>A checkpoint {@link #freeze}s the table: the snapshot, written later on another thread, keeps
 * the key array as it is (new keys only go beyond the slots it reads, and a full array is replaced,
 * not changed) and the accumulator columns, which the table then {@link #thaw}s — copies — before
 * it changes them again (copy on write). A frozen table is never cleared for reuse.
 */
final class GroupTable {

    final KeyTable keys;
    AggColumn[] aggs;
    private int capacity;
    /** A snapshot holds the accumulator columns: copy them before changing them. */
    boolean frozen;
    /** A snapshot may still read the key array: never clear this table for reuse. */
    boolean shared;

    /** What a snapshot writes of a table: its keys and accumulators as they were at the barrier. */
    record Frozen(KeyTable.Keys keys, AggColumn[] aggs) {

        /** Writes the groups: their number, their keys, then each aggregate's accumulators. */
        void write(StateWriter out) {
            int n = keys.size();
            out.writeInt(n);
            keys.write(out);
            for (AggColumn a : aggs) {
                a.write(out, null, n);
            }
        }
    }

    GroupTable(int[] keyIndexes, AggColumn[] prototypes) {
        this.keys = new KeyTable(keyIndexes, 16);
        this.aggs = new AggColumn[prototypes.length];
        for (int i = 0; i < aggs.length; i++) {
            aggs[i] = prototypes[i].fresh();
        }
        this.capacity = 16;
    }

    /** Hands the table's state to a snapshot: from now on it is copied before it changes. */
    Frozen freeze() {
        frozen = true;
        shared = true;
        return new Frozen(keys.frozen(), aggs.clone());
    }

    /** Before changing a frozen table: its accumulator columns become copies of their own. */
    void thaw() {
        AggColumn[] own = new AggColumn[aggs.length];
        for (int i = 0; i < own.length; i++) {
            own[i] = aggs[i].copy();
        }
        aggs = own;
        frozen = false;
    }

    /** Adds a row to its key's group. */
    void add(Object[] row) {
        int slot = keys.slotOf(row);
        if (slot >= capacity) {
            grow(slot + 1);
        }
        AggColumn[] a = aggs;
        for (int i = 0; i < a.length; i++) {
            a[i].add(slot, row);
        }
    }

    /** Adds every group of {@code other} into this table's groups. */
    void mergeFrom(GroupTable other) {
        mergeFrom(other, null);
    }

    /** Adds the groups of {@code other} whose keys {@code owned} holds (all when {@code null}). */
    void mergeFrom(GroupTable other, KeyRange owned) {
        int n = other.keys.size();
        for (int s = 0; s < n; s++) {
            if (owned != null && !owned.contains(other.keys.ownerHash(s))) {
                continue;
            }
            int slot = keys.slotOf(other.keys, s);
            if (slot >= capacity) {
                grow(slot + 1);
            }
            for (int i = 0; i < aggs.length; i++) {
                aggs[i].merge(slot, other.aggs[i], s);
            }
        }
    }

    private void grow(int needed) {
        capacity = Math.max(needed, capacity * 2);
        for (AggColumn a : aggs) {
            a.grow(capacity);
        }
    }

    int size() {
        return keys.size();
    }

    /**
     * Emits one row per group: keys, aggregates, the window {@code {start, end}} and the event time
     * {@code end - 1}.
     */
    void emit(long start, long end, int keyCount, RowOutput out) {
        Object[] window = {start, end};
        Long timestamp = end - 1;
        int n = keys.size();
        int width = keyCount + aggs.length + 2;
        for (int s = 0; s < n; s++) {
            Object[] row = new Object[width];
            for (int j = 0; j < keyCount; j++) {
                row[j] = keys.key(s, j);
            }
            for (int i = 0; i < aggs.length; i++) {
                row[keyCount + i] = aggs[i].result(s);
            }
            row[width - 2] = window;
            row[width - 1] = timestamp;
            out.collect(row);
        }
    }

    /** Reads what {@link Frozen#write} wrote into this empty table. */
    void read(StateReader in) throws IOException {
        int n = in.readInt();
        keys.read(in, n);
        if (n > capacity) {
            grow(n);
        }
        for (AggColumn a : aggs) {
            a.read(in, 0, n);
        }
    }

    /** Empties the table for reuse. */
    void clear() {
        int n = keys.size();
        keys.clear();
        for (AggColumn a : aggs) {
            a.clear(n);
        }
    }
}
