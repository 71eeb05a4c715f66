package org.wadi.worker.internal.over;

import java.util.Arrays;
import org.wadi.worker.internal.runtime.KeyValues;

/**
 * Splits the rows of one window into the partitions of {@code PARTITION BY}: rows whose key
 * columns are one key ({@link KeyValues#same}: SQL equality, except that NULL equals NULL, as
 * grouping does) share a partition. The result is a permutation of the row
 * indexes, partition after partition (in the order of their first rows), each partition's rows in
 * arrival order, with the partitions' bounds. An open-addressing table of the partitions met,
 * probed with the row itself: grouping allocates nothing once the scratch arrays have grown.
 */
final class Partitions {

    private static final int FIB = 0x9E3779B9;

    private final int[] keys;
    /** Partition + 1 per bucket; 0 is empty. A window's table is a prefix, sized for its rows. */
    private int[] buckets = new int[64];
    /** Per partition: its first row (whose keys stand for it), its hash, its row count. */
    private int[] first = new int[16];
    private int[] hashes = new int[16];
    /** Per row: its partition. */
    private int[] partOf = new int[16];
    /** Partition {@code p}'s rows are {@code order[bounds[p] … bounds[p + 1])}. */
    private int[] bounds = new int[17];
    private int count;

    Partitions(int[] keys) {
        this.keys = keys;
    }

    /** The number of partitions the last {@link #group} found. */
    int count() {
        return count;
    }

    /** Where partition {@code p}'s rows start in the order; {@code start(count())} is the row count. */
    int start(int p) {
        return bounds[p];
    }

    /**
     * Groups rows {@code 0 … n-1} of {@code rows} (n ≥ 1) into partitions, writing the row indexes
     * partition by partition into {@code order} (of length ≥ n).
     */
    void group(Object[][] rows, int n, int[] order) {
        if (keys.length == 0) {
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            count = 1;
            bounds[0] = 0;
            bounds[1] = n;
            return;
        }
        int size = Integer.highestOneBit(Math.max(32, n) * 2 - 1) * 2;
        if (buckets.length < size) {
            buckets = new int[size];
        } else {
            // a prefix of a larger table: emptying it costs what the rows do, not the largest window's
            Arrays.fill(buckets, 0, size, 0);
        }
        if (partOf.length < n) {
            int m = Math.max(n, partOf.length * 2);
            partOf = new int[m];
            first = new int[m];
            hashes = new int[m];
            bounds = new int[m + 1];
        }
        int shift = 32 - Integer.numberOfTrailingZeros(size);
        int mask = size - 1;
        count = 0;
        for (int i = 0; i < n; i++) {
            Object[] row = rows[i];
            int h = hash(row);
            int b = h >>> shift;
            while (true) {
                int p = buckets[b] - 1;
                if (p < 0) {
                    p = count++;
                    buckets[b] = p + 1;
                    first[p] = i;
                    hashes[p] = h;
                    bounds[p] = 0;
                    partOf[i] = p;
                    break;
                }
                if (hashes[p] == h && sameKeys(rows[first[p]], row)) {
                    partOf[i] = p;
                    break;
                }
                b = (b + 1) & mask;
            }
            bounds[partOf[i]]++;
        }
        // row counts → starts, then a stable placement (each start advances past its rows)
        int at = 0;
        for (int p = 0; p < count; p++) {
            int c = bounds[p];
            bounds[p] = at;
            at += c;
        }
        for (int i = 0; i < n; i++) {
            order[bounds[partOf[i]]++] = i;
        }
        for (int p = count; p > 0; p--) {
            bounds[p] = bounds[p - 1];
        }
        bounds[0] = 0;
    }

    private int hash(Object[] row) {
        int h = 0;
        for (int k : keys) {
            h = 31 * h + KeyValues.hash(row[k]);
        }
        // Fibonacci hashing, read from the high bits: the SHUFFLE already split the keys by their hash
        return h * FIB;
    }

    private boolean sameKeys(Object[] a, Object[] b) {
        for (int k : keys) {
            if (!KeyValues.same(a[k], b[k])) {
                return false;
            }
        }
        return true;
    }
}
