package org.wadi.worker.internal.updating;

import java.util.Arrays;

/**
 * The rows a join keeps, in singly linked lists (one per key and side) threaded through primitive
 * arrays: an entry is a row, the entry after it ({@code -1} ends a list) and how many partners the
 * row matches now (for outer joins). Keeping a row allocates nothing once the arrays have grown;
 * freed entries are reused.
 */
final class RowPool {

    private Object[][] rows = new Object[64][];
    private int[] next = new int[64];
    private int[] matches = new int[64];
    /** The first free entry, the rest chained through {@link #next}; -1 when none. */
    private int free = -1;
    /** Entries handed out so far, live or free. */
    private int limit;
    private int size;

    /** The number of rows kept. */
    int size() {
        return size;
    }

    /** A new entry holding {@code row}, followed by {@code after}. */
    int add(Object[] row, int matchCount, int after) {
        int e;
        if (free >= 0) {
            e = free;
            free = next[e];
        } else {
            e = limit++;
            if (e == rows.length) {
                rows = Arrays.copyOf(rows, e * 2);
                next = Arrays.copyOf(next, e * 2);
                matches = Arrays.copyOf(matches, e * 2);
            }
        }
        rows[e] = row;
        next[e] = after;
        matches[e] = matchCount;
        size++;
        return e;
    }

    /** Frees entry {@code e}, which no list reaches any more. */
    void free(int e) {
        rows[e] = null;
        next[e] = free;
        free = e;
        size--;
    }

    Object[] row(int e) {
        return rows[e];
    }

    int next(int e) {
        return next[e];
    }

    void setNext(int e, int after) {
        next[e] = after;
    }

    int matches(int e) {
        return matches[e];
    }

    /** Adds {@code delta} to the row's partner count; returns the new count. */
    int addMatches(int e, int delta) {
        return matches[e] += delta;
    }
}
