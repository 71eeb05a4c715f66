package org.wadi.worker.internal.updating;

import java.util.Arrays;
import org.wadi.worker.internal.runtime.Partitioners;

/**
 * The distinct keys of an operator's state, each numbered by a slot that indexes the operator's
 * per-key arrays. An open-addressing hash table (linear probing, at most half full) probed with the
 * row itself, as the window's key table, so that looking up a key that is there allocates nothing —
 * but keys can also be removed: a removed key's slot goes to the next new key, and its bucket is
 * closed by shifting the entries after it back (no tombstones: lookups stay short however many
 * keys come and go).
 */
final class KeyIndex {

    private static final int FIB = 0x9E3779B9;

    private final int width;
    /** Slot {@code s}'s key values at {@code s * width …}. */
    private Object[] keys;
    private int[] hashes;
    private boolean[] live;
    /** Slot + 1 per bucket; 0 is empty. */
    private int[] buckets;
    private int shift;
    private int size;
    /** The slots handed out so far: {@code 0 … limit-1}, live or free. */
    private int limit;
    /** Removed slots, reused last-in first-out. */
    private int[] free = new int[16];
    private int freeCount;
    /** Whether the last {@link #findOrAdd} added its key. */
    private boolean added;

    /**
     * @param width the number of key columns (0: every row has the same, empty key)
     * @param initialCapacity how many keys fit before the arrays grow
     */
    KeyIndex(int width, int initialCapacity) {
        this.width = width;
        int buckets = Integer.highestOneBit(Math.max(4, initialCapacity) * 2 - 1) * 2;
        this.buckets = new int[buckets];
        this.shift = 32 - Integer.numberOfTrailingZeros(buckets);
        this.hashes = new int[buckets / 2];
        this.live = new boolean[buckets / 2];
        this.keys = new Object[Math.max(1, width) * (buckets / 2)];
    }

    /** The number of keys held. */
    int size() {
        return size;
    }

    /** One more than the highest slot handed out: every live slot is below it. */
    int limit() {
        return limit;
    }

    /** The number of slots the per-key arrays must have room for: every slot is below it. */
    int capacity() {
        return hashes.length;
    }

    boolean live(int slot) {
        return live[slot];
    }

    /** Whether the last {@link #findOrAdd} added the key rather than found it. */
    boolean added() {
        return added;
    }

    /** Key value {@code j} of slot {@code slot}. */
    Object key(int slot, int j) {
        return keys[slot * width + j];
    }

    /**
     * The hash by which a SHUFFLE edge sent slot {@code slot}'s key to this subtask
     * ({@link Partitioners#hash}): which subtask owns the key at another parallelism.
     */
    int ownerHash(int slot) {
        return Partitioners.hash(keys, slot * width, width);
    }

    /** Whether one of the row's key columns {@code columns} is NULL. */
    static boolean hasNull(Object[] row, int[] columns) {
        for (int c : columns) {
            if (row[c] == null) {
                return true;
            }
        }
        return false;
    }

    /** The slot of the key in the row's columns {@code columns}, or -1 when it is not held. */
    int find(Object[] row, int[] columns) {
        int h = hashRow(row, columns);
        int mask = buckets.length - 1;
        for (int b = h >>> shift; ; b = (b + 1) & mask) {
            int s = buckets[b] - 1;
            if (s < 0) {
                return -1;
            }
            if (hashes[s] == h && equalsRow(s, row, columns)) {
                return s;
            }
        }
    }

    /** The slot of the key in the row's columns {@code columns}, added if new (see {@link #added}). */
    int findOrAdd(Object[] row, int[] columns) {
        int h = hashRow(row, columns);
        int mask = buckets.length - 1;
        for (int b = h >>> shift; ; b = (b + 1) & mask) {
            int s = buckets[b] - 1;
            if (s < 0) {
                added = true;
                int slot = add(h, b);
                int base = slot * width;
                for (int j = 0; j < width; j++) {
                    keys[base + j] = row[columns[j]];
                }
                return slot;
            }
            if (hashes[s] == h && equalsRow(s, row, columns)) {
                added = false;
                return s;
            }
        }
    }

    /**
     * Adds the key {@code values[base … base+width-1]}, which must not be held yet (restoring keys
     * written from tables, which are distinct). While no key was removed, keys get slots 0, 1, … in
     * the order they are added.
     */
    int addNew(Object[] values, int base) {
        int h = 0;
        for (int j = 0; j < width; j++) {
            h = 31 * h + hash(values[base + j]);
        }
        h *= FIB;
        int mask = buckets.length - 1;
        int b = h >>> shift;
        while (buckets[b] != 0) {
            b = (b + 1) & mask;
        }
        int slot = add(h, b);
        System.arraycopy(values, base, keys, slot * width, width);
        return slot;
    }

    /** Removes the key of live slot {@code slot}; the slot is reused for a later key. */
    void remove(int slot) {
        if (!live[slot]) {
            throw new IllegalStateException("slot " + slot + " holds no key to remove");
        }
        int mask = buckets.length - 1;
        int i = hashes[slot] >>> shift;
        while (buckets[i] != slot + 1) {
            i = (i + 1) & mask;
        }
        // backward-shift deletion: move later entries of the probe run into the hole when their
        // home bucket does not lie cyclically in (hole, their position]
        int j = i;
        while (true) {
            j = (j + 1) & mask;
            int e = buckets[j];
            if (e == 0) {
                break;
            }
            int home = hashes[e - 1] >>> shift;
            boolean stays = i <= j ? i < home && home <= j : i < home || home <= j;
            if (!stays) {
                buckets[i] = e;
                i = j;
            }
        }
        buckets[i] = 0;
        live[slot] = false;
        Arrays.fill(keys, slot * width, slot * width + width, null);
        if (freeCount == free.length) {
            free = Arrays.copyOf(free, freeCount * 2);
        }
        free[freeCount++] = slot;
        size--;
    }

    private int add(int h, int b) {
        int slot;
        if (freeCount > 0) {
            slot = free[--freeCount];
        } else {
            slot = limit++;
            if (slot == hashes.length) {
                hashes = Arrays.copyOf(hashes, slot * 2);
                live = Arrays.copyOf(live, slot * 2);
                keys = Arrays.copyOf(keys, Math.max(1, width) * slot * 2);
            }
        }
        hashes[slot] = h;
        live[slot] = true;
        buckets[b] = slot + 1;
        if (++size * 2 > buckets.length) {
            rehash();
        }
        return slot;
    }

    private void rehash() {
        int[] bigger = new int[buckets.length * 2];
        shift--;
        int mask = bigger.length - 1;
        for (int s = 0; s < limit; s++) {
            if (!live[s]) {
                continue;
            }
            int b = hashes[s] >>> shift;
            while (bigger[b] != 0) {
                b = (b + 1) & mask;
            }
            bigger[b] = s + 1;
        }
        buckets = bigger;
    }

    private static int hashRow(Object[] row, int[] columns) {
        int h = 0;
        for (int c : columns) {
            h = 31 * h + hash(row[c]);
        }
        // Fibonacci hashing, read from the high bits: the partitioner's hash decided which subtask
        // got the key, so low bits may be correlated within one subtask
        return h * FIB;
    }

    private boolean equalsRow(int slot, Object[] row, int[] columns) {
        int base = slot * width;
        for (int j = 0; j < width; j++) {
            if (!same(keys[base + j], row[columns[j]])) {
                return false;
            }
        }
        return true;
    }

    static int hash(Object v) {
        return v == null ? 0 : v instanceof byte[] b ? Arrays.hashCode(b) : v.hashCode();
    }

    /** SQL value equality for keys and rows: NULL equals NULL here (GROUP BY), BINARY by content. */
    static boolean same(Object a, Object b) {
        if (a == b) {
            return true;
        }
        if (a == null || b == null) {
            return false;
        }
        if (a instanceof byte[] x) {
            return b instanceof byte[] y && Arrays.equals(x, y);
        }
        return a.equals(b);
    }
}
