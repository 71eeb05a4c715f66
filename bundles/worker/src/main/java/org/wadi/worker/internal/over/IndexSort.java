package org.wadi.worker.internal.over;

/**
 * A stable sort of row indexes by a {@link RowOrder}: rows that compare equal keep their order
 * (arrival order), as SQL engines keep it for {@code row_number} among peers. A merge sort on
 * {@code int} arrays with insertion sort for short runs and no merge where two runs are already in
 * order (a window's rows often arrive sorted), so sorting allocates nothing once the scratch array
 * has grown.
 */
final class IndexSort {

    private static final int INSERTION = 16;

    private final RowOrder order;
    private int[] scratch = new int[64];

    IndexSort(RowOrder order) {
        this.order = order;
    }

    /** Sorts {@code idx[from … to)}, indexes into {@code rows}. */
    void sort(Object[][] rows, int[] idx, int from, int to) {
        if (to - from < 2) {
            return;
        }
        if (scratch.length < to - from) {
            scratch = new int[Math.max(to - from, scratch.length * 2)];
        }
        sort(rows, idx, from, to, from);
    }

    /** Sorts {@code idx[from … to)}; {@code scratch[i - base]} is free for each i in the range. */
    private void sort(Object[][] rows, int[] idx, int from, int to, int base) {
        if (to - from <= INSERTION) {
            for (int i = from + 1; i < to; i++) {
                int v = idx[i];
                Object[] r = rows[v];
                int j = i - 1;
                while (j >= from && order.compare(rows[idx[j]], r) > 0) {
                    idx[j + 1] = idx[j];
                    j--;
                }
                idx[j + 1] = v;
            }
            return;
        }
        int mid = (from + to) >>> 1;
        sort(rows, idx, from, mid, base);
        sort(rows, idx, mid, to, base);
        if (order.compare(rows[idx[mid - 1]], rows[idx[mid]]) <= 0) {
            return;
        }
        int n = mid - from;
        System.arraycopy(idx, from, scratch, from - base, n);
        int a = from - base;
        int aEnd = a + n;
        int b = mid;
        int out = from;
        while (a < aEnd && b < to) {
            // the left run wins ties: stability
            if (order.compare(rows[idx[b]], rows[scratch[a]]) < 0) {
                idx[out++] = idx[b++];
            } else {
                idx[out++] = scratch[a++];
            }
        }
        while (a < aEnd) {
            idx[out++] = scratch[a++];
        }
    }
}
