package org.wadi.worker.internal.runtime;

import java.util.Arrays;

/**
 * The distinct keys of an operator's state, each numbered by a slot that indexes the operator's
 * per-key arrays. An open-addressing hash table (linear probing, at most half full) probed with a
 * row and the positions of its key columns, so that a lookup allocates nothing and two inputs (the
 * sides of a join) can probe one table with their own columns; a new key's values are copied once.
 * Removed keys leave no tombstones — the entries after them are shifted back, so lookups stay short
 * however many keys come and go — and their slots go to later keys, last removed first.
 *
 * <p>Values compare as keys ({@link KeyValues#same}): {@code 0.0 = -0.0}, {@code 1.0 = 1.00},
 * BINARY by content, a STRUCT field by field; two NULLs are one key (GROUP BY). Joins, where a NULL
 * key matches nothing, check {@link #hasNull} first.
 *
 * <p>Not final only so that a package that still names it by its former local name can extend it.
 */
public class KeyIndex {

    private static final int FIB = 0x9E3779B9;

    private final int width;
    /** Slot {@code s}'s key values at {@code s * width …}. */
    private Object[] keys;
    /** Per slot, its key's hash. */
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
    public KeyIndex(int width, int initialCapacity) {
        this.width = width;
        int n = Integer.highestOneBit(Math.max(4, initialCapacity) * 2 - 1) * 2;
        this.buckets = new int[n];
        this.shift = 32 - Integer.numberOfTrailingZeros(n);
        this.hashes = new int[n / 2];
        this.live = new boolean[n / 2];
        this.keys = new Object[Math.max(1, width) * (n / 2)];
    }

    /** The number of keys held. */
    public int size() {
        return size;
    }

    /** One more than the highest slot handed out: every live slot is below it. */
    public int limit() {
        return limit;
    }

    /** The number of slots the per-key arrays must have room for: every slot is below it. */
    public int capacity() {
        return hashes.length;
    }

    public boolean live(int slot) {
        return live[slot];
    }

    /** Whether the last {@link #findOrAdd} added the key rather than found it. */
    public boolean added() {
        return added;
    }

    /** Key value {@code j} of slot {@code slot}. */
    public Object key(int slot, int j) {
        return keys[slot * width + j];
    }

    /**
     * The hash by which a SHUFFLE edge sent slot {@code slot}'s key to this subtask
     * ({@link Partitioners#hash}): which subtask owns the key at another parallelism.
     */
    public int ownerHash(int slot) {
        return Partitioners.hash(keys, slot * width, width);
    }

    /** Whether one of the row's key columns {@code columns} is NULL: in a join it matches no row. */
    public static boolean hasNull(Object[] row, int[] columns) {
        for (int c : columns) {
            if (row[c] == null) {
                return true;
            }
        }
        return false;
    }

    /** The table's hash of the key in the row's columns {@code columns}, for the lookups that take one. */
    public static int hash(Object[] row, int[] columns) {
        int h = 0;
        for (int c : columns) {
            h = 31 * h + KeyValues.hash(row[c]);
        }
        // Fibonacci hashing, read from the high bits: the partitioner's hash decided which subtask
        // got the key, so low bits may be correlated within one subtask
        return h * FIB;
    }

    /** Whether two key values are one key ({@link KeyValues#same}). */
    public static boolean same(Object a, Object b) {
        return KeyValues.same(a, b);
    }

    /** The slot of the key in the row's columns {@code columns}, or -1 when it is not held. */
    public int find(Object[] row, int[] columns) {
        return find(row, columns, hash(row, columns));
    }

    /** {@link #find(Object[], int[])} with the key's {@link #hash} already computed. */
    public int find(Object[] row, int[] columns, int hash) {
        int mask = buckets.length - 1;
        for (int b = hash >>> shift; ; b = (b + 1) & mask) {
            int s = buckets[b] - 1;
            if (s < 0) {
                return -1;
            }
            if (hashes[s] == hash && equalsRow(s, row, columns)) {
                return s;
            }
        }
    }

    /** The slot of the key in the row's columns {@code columns}, added if new (see {@link #added}). */
    public int findOrAdd(Object[] row, int[] columns) {
        return findOrAdd(row, columns, hash(row, columns));
    }

    /** {@link #findOrAdd(Object[], int[])} with the key's {@link #hash} already computed. */
    public int findOrAdd(Object[] row, int[] columns, int hash) {
        int mask = buckets.length - 1;
        for (int b = hash >>> shift; ; b = (b + 1) & mask) {
            int s = buckets[b] - 1;
            if (s < 0) {
                added = true;
                int slot = add(hash, b);
                int base = slot * width;
                for (int j = 0; j < width; j++) {
                    keys[base + j] = row[columns[j]];
                }
                return slot;
            }
            if (hashes[s] == hash && equalsRow(s, row, columns)) {
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
    public int addNew(Object[] values, int base) {
        int h = 0;
        for (int j = 0; j < width; j++) {
            h = 31 * h + KeyValues.hash(values[base + j]);
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
    public void remove(int slot) {
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

    /**
     * Forgets every key, keeping the arrays; the work is proportional to the slots handed out, not
     * the table. Slots are handed out from 0 again.
     */
    public void clear() {
        if (limit == 0) {
            return;
        }
        int mask = buckets.length - 1;
        for (int s = 0; s < limit; s++) {
            if (live[s]) {
                // every entry goes: empty the whole run from this slot's home on
                for (int b = hashes[s] >>> shift; buckets[b] != 0; b = (b + 1) & mask) {
                    buckets[b] = 0;
                }
                live[s] = false;
            }
        }
        Arrays.fill(keys, 0, limit * width, null);
        size = 0;
        limit = 0;
        freeCount = 0;
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

    private boolean equalsRow(int slot, Object[] row, int[] columns) {
        int base = slot * width;
        for (int j = 0; j < width; j++) {
            if (!KeyValues.same(keys[base + j], row[columns[j]])) {
                return false;
            }
        }
        return true;
    }
}
