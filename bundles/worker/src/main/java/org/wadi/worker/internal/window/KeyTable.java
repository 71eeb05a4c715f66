package org.wadi.worker.internal.window;

import java.io.IOException;
import java.util.Arrays;
import org.wadi.worker.internal.runtime.KeyValues;
import org.wadi.worker.internal.runtime.Partitioners;
import org.wadi.worker.internal.state.StateReader;
import org.wadi.worker.internal.state.StateWriter;
import org.wadi.worker.internal.state.Values;

/**
 * The distinct key tuples of a group of rows, each numbered by a dense slot (0, 1, …) that indexes
 * the aggregates' accumulator arrays. An open-addressing hash table probed with the row itself:
 * looking up a key that is there allocates nothing; a new key's values are copied once.
 */
final class KeyTable {

    private static final int FIB = 0x9E3779B9;

    private final int[] keyIndexes;
    private final int width;
    /** Slot {@code s}'s key values at {@code s * width …}. */
    private Object[] keys;
    private int[] hashes;
    /** Slot + 1 per bucket; 0 is empty. */
    private int[] buckets;
    private int shift;
    private int size;

    KeyTable(int[] keyIndexes, int initialCapacity) {
        this.keyIndexes = keyIndexes;
        this.width = keyIndexes.length;
        int buckets = Integer.highestOneBit(Math.max(4, initialCapacity) * 2 - 1) * 2;
        this.buckets = new int[buckets];
        this.shift = 32 - Integer.numberOfTrailingZeros(buckets);
        this.hashes = new int[buckets / 2];
        this.keys = new Object[Math.max(1, width) * (buckets / 2)];
    }

    /**
     * The keys of slots {@code 0 … size-1} as they are now, for a snapshot written later: the
     * array is shared, since the table only writes beyond those slots (or into a new array) until
     * it is {@link #clear}ed.
     */
    record Keys(Object[] values, int width, int size) {

        /** Writes the keys, one column per key field, slot order. */
        void write(StateWriter out) {
            for (int j = 0; j < width; j++) {
                Values.writeColumn(out, values, j, width, size);
            }
        }
    }

    /** The keys as they are now; valid as long as the table is not {@link #clear}ed. */
    Keys frozen() {
        return new Keys(keys, width, size);
    }

    int size() {
        return size;
    }

    /**
     * The hash that decides which subtask owns slot {@code slot}'s key: {@link Partitioners#hash}
     * of its values, as the SHUFFLE into the operator computed it from the row.
     */
    int ownerHash(int slot) {
        return Partitioners.hash(keys, slot * width, width);
    }

    /** The slot of the row's key, added if new. */
    int slotOf(Object[] row) {
        int h = hashRow(row);
        int b = h >>> shift;
        int mask = buckets.length - 1;
        while (true) {
            int s = buckets[b] - 1;
            if (s < 0) {
                return insertFromRow(row, h, b);
            }
            if (hashes[s] == h && equalsRow(s, row)) {
                return s;
            }
            b = (b + 1) & mask;
        }
    }

    /** The slot of {@code other}'s key in {@code otherSlot}, added if new. */
    int slotOf(KeyTable other, int otherSlot) {
        int h = other.hashes[otherSlot];
        int b = h >>> shift;
        int mask = buckets.length - 1;
        int base = otherSlot * width;
        while (true) {
            int s = buckets[b] - 1;
            if (s < 0) {
                int slot = add(h, b);
                System.arraycopy(other.keys, base, keys, slot * width, width);
                return slot;
            }
            if (hashes[s] == h && equalsStored(s, other.keys, base)) {
                return s;
            }
            b = (b + 1) & mask;
        }
    }

    /** Key value {@code j} of slot {@code slot}. */
    Object key(int slot, int j) {
        return keys[slot * width + j];
    }

    /** Empties the table, keeping its arrays for reuse (this writes into the key array). */
    void clear() {
        if (size > 0) {
            Arrays.fill(buckets, 0);
            Arrays.fill(keys, 0, size * width, null);
            size = 0;
        }
    }

    /** Reads {@code n} keys {@link Keys#write} wrote into this empty table: they get slots 0 … n-1 again. */
    void read(StateReader in, int n) throws IOException {
        if (size != 0) {
            throw new IllegalStateException("keys are restored into an empty table only");
        }
        if (n > hashes.length) {
            // sized once for all n keys rather than doubled (and rehashed) on the way
            int b = Integer.highestOneBit(n * 2 - 1) * 2;
            buckets = new int[b];
            shift = 32 - Integer.numberOfTrailingZeros(b);
            hashes = new int[b / 2];
            keys = new Object[Math.max(1, width) * (b / 2)];
        }
        // the values go straight into their slots
        for (int j = 0; j < width; j++) {
            Values.readColumn(in, keys, j, width, n);
        }
        for (int s = 0; s < n; s++) {
            int h = 0;
            for (int j = s * width, end = j + width; j < end; j++) {
                h = 31 * h + hash(keys[j]);
            }
            hashes[s] = h * FIB;
        }
        // the keys are distinct: each takes the first free bucket from its own. Placed in the order of
        // their buckets, the probes walk the bucket array forward rather than miss the cache once a key.
        int mask = buckets.length - 1;
        for (int s : inBucketOrder(n)) {
            int b = hashes[s] >>> shift;
            while (buckets[b] != 0) {
                b = (b + 1) & mask;
            }
            buckets[b] = s + 1;
        }
        size = n;
    }

    /** Slots {@code 0 … n-1} sorted by the top bits of their hashes (at most 16: buckets close together). */
    private int[] inBucketOrder(int n) {
        int bits = Math.min(16, 32 - shift);
        int[] starts = new int[(1 << bits) + 1];
        int down = 32 - bits;
        for (int s = 0; s < n; s++) {
            starts[(hashes[s] >>> down) + 1]++;
        }
        for (int i = 1; i < starts.length; i++) {
            starts[i] += starts[i - 1];
        }
        int[] order = new int[n];
        for (int s = 0; s < n; s++) {
            order[starts[hashes[s] >>> down]++] = s;
        }
        return order;
    }

    private int insertFromRow(Object[] row, int h, int b) {
        int slot = add(h, b);
        int base = slot * width;
        for (int j = 0; j < width; j++) {
            keys[base + j] = row[keyIndexes[j]];
        }
        return slot;
    }

    private int add(int h, int b) {
        int slot = size++;
        if (slot == hashes.length) {
            hashes = Arrays.copyOf(hashes, slot * 2);
            keys = Arrays.copyOf(keys, Math.max(1, width) * slot * 2);
        }
        hashes[slot] = h;
        buckets[b] = slot + 1;
        if (size * 2 > buckets.length) {
            rehash();
        }
        return slot;
    }

    private void rehash() {
        int[] bigger = new int[buckets.length * 2];
        shift--;
        int mask = bigger.length - 1;
        for (int s = 0; s < size; s++) {
            int b = hashes[s] >>> shift;
            while (bigger[b] != 0) {
                b = (b + 1) & mask;
            }
            bigger[b] = s + 1;
        }
        buckets = bigger;
    }

    private int hashRow(Object[] row) {
        int h = 0;
        for (int j = 0; j < width; j++) {
            h = 31 * h + hash(row[keyIndexes[j]]);
        }
        // Fibonacci hashing, read from the high bits: the partitioner's hash decided which subtask
        // got the key, so low bits may be correlated within one subtask
        return h * FIB;
    }

    private boolean equalsRow(int slot, Object[] row) {
        int base = slot * width;
        for (int j = 0; j < width; j++) {
            if (!same(keys[base + j], row[keyIndexes[j]])) {
                return false;
            }
        }
        return true;
    }

    private boolean equalsStored(int slot, Object[] otherKeys, int otherBase) {
        int base = slot * width;
        for (int j = 0; j < width; j++) {
            if (!same(keys[base + j], otherKeys[otherBase + j])) {
                return false;
            }
        }
        return true;
    }

    /** A key value's hash, as the SHUFFLE routes it: by content, 0.0 = -0.0, 1.0 = 1.00. */
    static int hash(Object v) {
        return KeyValues.hash(v);
    }

    /** Whether two key values are the same key, as {@link #hash} treats them. */
    static boolean same(Object a, Object b) {
        return KeyValues.same(a, b);
    }
}
