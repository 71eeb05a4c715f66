package org.wadi.worker.internal.join;

import java.util.Arrays;

/**
 * The rows one side of an interval join holds, in primitive arrays indexed by a row id: each row's
 * event time, key slot and whether it found a partner; per key, a doubly linked list of its rows
 * (probing a key walks only that key's rows, and a row leaves its list in constant time); and a
 * min-heap of the rows by the watermark at which they expire, so that a watermark visits only the
 * rows it frees, not every row held. Ids of freed rows are reused.
 */
final class IntervalSide {

    /** Per id: the row (null when free), its event time, key slot, neighbours in the key's list, partner found. */
    Object[][] rows;
    long[] times;
    int[] keySlots;
    int[] next;
    private int[] prev;
    boolean[] matched;
    /** Per key slot: its first row's id, or -1. */
    int[] heads;
    /** Ids handed out so far; freed ids are chained through {@link #next} from {@link #freeHead}. */
    private int top;
    private int freeHead = -1;
    private int count;

    /** The expiry heap: expiry watermark and id per entry, the least expiry first. */
    private long[] heapAt;
    private int[] heapIds;
    private int heapSize;

    IntervalSide(int capacity, int keyCapacity) {
        rows = new Object[capacity][];
        times = new long[capacity];
        keySlots = new int[capacity];
        next = new int[capacity];
        prev = new int[capacity];
        matched = new boolean[capacity];
        heapAt = new long[capacity];
        heapIds = new int[capacity];
        heads = new int[keyCapacity];
        Arrays.fill(heads, -1);
    }

    /** Rows held. */
    int count() {
        return count;
    }

    /** Makes room for key slots below {@code capacity}. */
    void ensureKeys(int capacity) {
        if (capacity > heads.length) {
            int old = heads.length;
            heads = Arrays.copyOf(heads, capacity);
            Arrays.fill(heads, old, capacity, -1);
        }
    }

    /** Whether this side holds a row of key slot {@code slot}. */
    boolean holdsKey(int slot) {
        return heads[slot] >= 0;
    }

    /** Holds {@code row} (event time {@code time}, key {@code slot}) until the watermark reaches {@code expiry}. */
    void add(Object[] row, long time, int slot, long expiry, boolean hasPartner) {
        int id = freeHead;
        if (id >= 0) {
            freeHead = next[id];
        } else {
            if (top == rows.length) {
                grow();
            }
            id = top++;
        }
        rows[id] = row;
        times[id] = time;
        keySlots[id] = slot;
        matched[id] = hasPartner;
        int first = heads[slot];
        next[id] = first;
        prev[id] = -1;
        if (first >= 0) {
            prev[first] = id;
        }
        heads[slot] = id;
        push(expiry, id);
        count++;
    }

    private void grow() {
        int n = rows.length * 2;
        rows = Arrays.copyOf(rows, n);
        times = Arrays.copyOf(times, n);
        keySlots = Arrays.copyOf(keySlots, n);
        next = Arrays.copyOf(next, n);
        prev = Arrays.copyOf(prev, n);
        matched = Arrays.copyOf(matched, n);
        heapAt = Arrays.copyOf(heapAt, n);
        heapIds = Arrays.copyOf(heapIds, n);
    }

    /** Whether a row expires at watermark {@code w}. */
    boolean expiresBy(long w) {
        return heapSize > 0 && heapAt[0] <= w;
    }

    /** Takes the row that expires first off the heap; the caller reads it, then {@link #remove}s it. */
    int pollExpired() {
        int id = heapIds[0];
        int last = --heapSize;
        if (last > 0) {
            siftDown(heapAt[last], heapIds[last]);
        }
        return id;
    }

    /** Frees row {@code id} (already off the heap): out of its key's list, its id reused. */
    void remove(int id) {
        int p = prev[id];
        int n = next[id];
        if (p >= 0) {
            next[p] = n;
        } else {
            heads[keySlots[id]] = n;
        }
        if (n >= 0) {
            prev[n] = p;
        }
        rows[id] = null;
        next[id] = freeHead;
        freeHead = id;
        count--;
    }

    /** The id of the row at position {@code i} of the expiry heap's array ({@code i < count()}). */
    int heapId(int i) {
        return heapIds[i];
    }

    private void push(long at, int id) {
        int i = heapSize++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (heapAt[parent] <= at) {
                break;
            }
            heapAt[i] = heapAt[parent];
            heapIds[i] = heapIds[parent];
            i = parent;
        }
        heapAt[i] = at;
        heapIds[i] = id;
    }

    private void siftDown(long at, int id) {
        int n = heapSize;
        int i = 0;
        while (true) {
            int child = 2 * i + 1;
            if (child >= n) {
                break;
            }
            if (child + 1 < n && heapAt[child + 1] < heapAt[child]) {
                child++;
            }
            if (heapAt[child] >= at) {
                break;
            }
            heapAt[i] = heapAt[child];
            heapIds[i] = heapIds[child];
            i = child;
        }
        heapAt[i] = at;
        heapIds[i] = id;
    }
}
