package org.wadi.worker.internal.join;

import java.math.BigDecimal;
import java.util.Arrays;

/**
 * The distinct join keys a join holds rows for, each numbered by a slot that indexes the join's
 * per-key arrays. An open-addressing (linear probing) hash table looked up with a row and the
 * indexes of its key columns, so the left and the right side probe the same table with their own
 * columns and a lookup allocates nothing; a new key's values are copied once. Keys are removed by
 * backward shifting (no tombstones), and their slots are reused.
 *
 * <p>Values compare as SQL {@code =} does for non-NULL keys: numbers of one Java class by value
 * ({@code 0.0 = -0.0}, {@code 1.0 = 1.00} for decimals), BINARY by content, a STRUCT (the window
 * column) field by field. Rows with a NULL key match nothing: callers never look them up
 * ({@link #hasNull}).
 */
final class KeyIndex {

    private static final int FIB = 0x9E3779B9;

    private final int width;
    /** Slot {@code s}'s key values at {@code s * width …}. */
    private Object[] keys;
    /** Per slot, its key's hash. */
    private int[] hashes;
    /** Slot + 1 per bucket; 0 is empty. */
    private int[] buckets;
    private int shift;
    private int size;
    /** Slots handed out so far: every slot below is live or free. */
    private int top;
    private int[] free = new int[8];
    private int freeCount;

    KeyIndex(int width, int initialCapacity) {
        this.width = width;
        int n = Integer.highestOneBit(Math.max(4, initialCapacity) * 2 - 1) * 2;
        this.buckets = new int[n];
        this.shift = 32 - Integer.numberOfTrailingZeros(n);
        this.hashes = new int[n / 2];
        this.keys = new Object[Math.max(1, width) * (n / 2)];
    }

    /** Live keys. */
    int size() {
        return size;
    }

    /** Every slot handed out is below this: the length the callers' per-slot arrays need. */
    int capacity() {
        return hashes.length;
    }

    /** Whether one of the row's key columns is NULL: it matches no row. */
    static boolean hasNull(Object[] row, int[] keyIndexes) {
        for (int k : keyIndexes) {
            if (row[k] == null) {
                return true;
            }
        }
        return false;
    }

    /** The hash of the row's key (of a row without NULL keys), for {@link #find} and {@link #add}. */
    static int hash(Object[] row, int[] keyIndexes) {
        int h = 0;
        for (int k : keyIndexes) {
            h = 31 * h + hashOf(row[k]);
        }
        // Fibonacci hashing, read from the high bits: the partitioner's hash decided which subtask
        // got the key, so low bits may be correlated within one subtask
        return h * FIB;
    }

    /** The slot of the row's key, or -1. */
    int find(Object[] row, int[] keyIndexes, int hash) {
        int mask = buckets.length - 1;
        for (int b = hash >>> shift; ; b = (b + 1) & mask) {
            int s = buckets[b] - 1;
            if (s < 0) {
                return -1;
            }
            if (hashes[s] == hash && equalsRow(s, row, keyIndexes)) {
                return s;
            }
        }
    }

    /** The slot of the row's key, added if new. */
    int findOrAdd(Object[] row, int[] keyIndexes, int hash) {
        int mask = buckets.length - 1;
        for (int b = hash >>> shift; ; b = (b + 1) & mask) {
            int s = buckets[b] - 1;
            if (s < 0) {
                return add(row, keyIndexes, hash, b);
            }
            if (hashes[s] == hash && equalsRow(s, row, keyIndexes)) {
                return s;
            }
        }
    }

    private int add(Object[] row, int[] keyIndexes, int hash, int bucket) {
        int slot;
        if (freeCount > 0) {
            slot = free[--freeCount];
        } else {
            slot = top++;
            if (slot == hashes.length) {
                hashes = Arrays.copyOf(hashes, slot * 2);
                keys = Arrays.copyOf(keys, Math.max(1, width) * slot * 2);
            }
        }
        hashes[slot] = hash;
        int base = slot * width;
        for (int j = 0; j < width; j++) {
            keys[base + j] = row[keyIndexes[j]];
        }
        buckets[bucket] = slot + 1;
        size++;
        if (size * 2 > buckets.length) {
            rehash();
        }
        return slot;
    }

    /** Forgets the key in {@code slot}; the slot is handed out again later. */
    void remove(int slot) {
        int mask = buckets.length - 1;
        int b = hashes[slot] >>> shift;
        while (buckets[b] != slot + 1) {
            b = (b + 1) & mask;
        }
        // backward shift: move up every later entry of the run whose home is not between the hole and it
        for (int j = (b + 1) & mask; buckets[j] != 0; j = (j + 1) & mask) {
            int home = hashes[buckets[j] - 1] >>> shift;
            boolean stays = b <= j ? b < home && home <= j : b < home || home <= j;
            if (!stays) {
                buckets[b] = buckets[j];
                b = j;
            }
        }
        buckets[b] = 0;
        Arrays.fill(keys, slot * width, slot * width + width, null);
        if (freeCount == free.length) {
            free = Arrays.copyOf(free, freeCount * 2);
        }
        free[freeCount++] = slot;
        size--;
    }

    /** Forgets every key, keeping the arrays; the work is proportional to the keys held, not the table. */
    void clear() {
        if (top == 0) {
            return;
        }
        int mask = buckets.length - 1;
        for (int s = 0; s < top; s++) {
            // every entry goes: empty the whole run from this slot's home on
            for (int b = hashes[s] >>> shift; buckets[b] != 0; b = (b + 1) & mask) {
                buckets[b] = 0;
            }
        }
        Arrays.fill(keys, 0, top * width, null);
        size = 0;
        top = 0;
        freeCount = 0;
    }

    private void rehash() {
        int[] bigger = new int[buckets.length * 2];
        shift--;
        int mask = bigger.length - 1;
        for (int b = 0; b < buckets.length; b++) {
            int entry = buckets[b];
            if (entry != 0) {
                int i = hashes[entry - 1] >>> shift;
                while (bigger[i] != 0) {
                    i = (i + 1) & mask;
                }
                bigger[i] = entry;
            }
        }
        buckets = bigger;
    }

    private boolean equalsRow(int slot, Object[] row, int[] keyIndexes) {
        int base = slot * width;
        for (int j = 0; j < width; j++) {
            if (!same(keys[base + j], row[keyIndexes[j]])) {
                return false;
            }
        }
        return true;
    }

    /** A key value's hash, consistent with {@link #same}. */
    static int hashOf(Object v) {
        if (v == null) {
            return 0;
        }
        if (v instanceof Long || v instanceof String || v instanceof Integer) {
            return v.hashCode();
        }
        if (v instanceof byte[] b) {
            return Arrays.hashCode(b);
        }
        if (v instanceof Object[] fields) {
            int h = 1;
            for (Object f : fields) {
                h = 31 * h + hashOf(f);
            }
            return h;
        }
        if (v instanceof Double d) {
            return d == 0 ? 0 : d.hashCode();
        }
        if (v instanceof Float f) {
            return f == 0 ? 0 : f.hashCode();
        }
        if (v instanceof BigDecimal d) {
            return d.signum() == 0 ? 0 : d.stripTrailingZeros().hashCode();
        }
        return v.hashCode();
    }

    /** Whether two key values are equal; inside a STRUCT, two NULL fields are. */
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
        if (a instanceof Object[] x) {
            if (!(b instanceof Object[] y) || x.length != y.length) {
                return false;
            }
            for (int i = 0; i < x.length; i++) {
                if (!same(x[i], y[i])) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof Double x) {
            return b instanceof Double y && (x.doubleValue() == y.doubleValue() || x.equals(y));
        }
        if (a instanceof Float x) {
            return b instanceof Float y && (x.floatValue() == y.floatValue() || x.equals(y));
        }
        if (a instanceof BigDecimal x) {
            return b instanceof BigDecimal y && x.compareTo(y) == 0;
        }
        return a.equals(b);
    }
}
