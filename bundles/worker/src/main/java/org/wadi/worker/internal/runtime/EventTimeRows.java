package org.wadi.worker.internal.runtime;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Rows held per event time until the watermark reaches it — what an operator over the results of a
 * window keeps (a window join, window functions): each event time's rows, per input side in arrival
 * order, in a {@link Group}. Most rows belong to the same event time as their predecessor, so the
 * group rows went to last is looked up first; groups emptied by a watermark are kept (a few) for
 * new event times, their arrays already sized.
 *
 * <p>Checkpoints: {@link #freeze} marks every group shared and hands out its arrays for a deferred
 * snapshot; groups only grow at their end, and a shared group is never emptied for reuse, so the
 * uploader can write them while the operator goes on.
 */
public final class EventTimeRows {

    /** The rows of one event time, per side, in arrival order. */
    public static final class Group {
        /** Groups that grew beyond this many rows on a side are not kept for reuse. */
        static final int KEEP_MAX = 1 << 16;

        private final Object[][][] rows;
        private final int[] counts;
        /** A snapshot still writes the rows: the arrays are not emptied for reuse. */
        private boolean shared;

        Group(int sides) {
            rows = new Object[sides][16][];
            counts = new int[sides];
        }

        /** Side {@code side}'s rows, {@link #count} of them from index 0. */
        public Object[][] rows(int side) {
            return rows[side];
        }

        public int count(int side) {
            return counts[side];
        }

        public void add(int side, Object[] row) {
            Object[][] r = rows[side];
            int n = counts[side];
            if (n == r.length) {
                r = Arrays.copyOf(r, Math.max(16, n * 2));
                rows[side] = r;
            }
            r[n] = row;
            counts[side] = n + 1;
        }

        /** Takes {@code rows[0 … count)} as side {@code side}'s rows (of an empty side), without copying. */
        public void adopt(int side, Object[][] rows, int count) {
            if (counts[side] != 0) {
                throw new IllegalStateException("side " + side + " already holds " + counts[side] + " rows");
            }
            this.rows[side] = rows;
            counts[side] = count;
        }

        int total() {
            int n = 0;
            for (int c : counts) {
                n += c;
            }
            return n;
        }

        /** Empties the group for reuse; false when it is too large to keep. */
        boolean clear() {
            boolean keep = true;
            for (int s = 0; s < rows.length; s++) {
                Arrays.fill(rows[s], 0, counts[s], null);
                counts[s] = 0;
                keep &= rows[s].length <= KEEP_MAX;
            }
            return keep;
        }
    }

    /** Which held rows move at a restore at another parallelism: those of the keys owned there. */
    @FunctionalInterface
    public interface RowFilter {
        boolean keep(int side, Object[] row);
    }

    /** The groups at a snapshot: event times ascending, each with its sides' rows. */
    public static final class Frozen {
        private final long[] times;
        private final Object[][][][] rows;
        private final int[][] counts;

        Frozen(long[] times, Object[][][][] rows, int[][] counts) {
            this.times = times;
            this.rows = rows;
            this.counts = counts;
        }

        public int size() {
            return times.length;
        }

        public long time(int group) {
            return times[group];
        }

        public Object[][] rows(int group, int side) {
            return rows[group][side];
        }

        public int count(int group, int side) {
            return counts[group][side];
        }
    }

    private final int sides;
    private final TreeMap<Long, Group> groups = new TreeMap<>();
    private final ArrayDeque<Group> spare = new ArrayDeque<>();
    /** The group rows went to last. */
    private Group current;
    private long currentTime;

    /** @param sides the operator's inputs: 1, or 2 for a join */
    public EventTimeRows(int sides) {
        this.sides = sides;
    }

    /** Holds {@code row} of side {@code side} under event time {@code t}. */
    public void add(long t, int side, Object[] row) {
        Group g = current;
        if (g == null || t != currentTime) {
            g = groups.get(t);
            if (g == null) {
                g = spare.isEmpty() ? new Group(sides) : spare.poll();
                groups.put(t, g);
            }
            current = g;
            currentTime = t;
        }
        g.add(side, row);
    }

    /**
     * Takes out every group whose event time is at or before {@code w}, oldest first, handing each
     * to {@code action} before its rows are let go.
     */
    public void fireUpTo(long w, Consumer<Group> action) {
        while (!groups.isEmpty() && groups.firstKey() <= w) {
            Group g = groups.pollFirstEntry().getValue();
            action.accept(g);
            if (g == current) {
                current = null;
            }
            if (!g.shared && g.clear() && spare.size() < 4) {
                spare.add(g);
            }
        }
    }

    /** A new, empty group for event time {@code t}, replacing any (restoring a snapshot). */
    public Group put(long t) {
        Group g = new Group(sides);
        groups.put(t, g);
        if (t == currentTime) {
            current = null;
        }
        return g;
    }

    /**
     * Moves in the rows of {@code from} (an old subtask's, restored at another parallelism) that
     * {@code filter} keeps, event time by event time, after the rows held for each already.
     */
    public void addOwned(EventTimeRows from, RowFilter filter) {
        for (Map.Entry<Long, Group> e : from.groups.entrySet()) {
            Group src = e.getValue();
            for (int s = 0; s < sides; s++) {
                Object[][] rows = src.rows[s];
                for (int i = 0, n = src.counts[s]; i < n; i++) {
                    if (filter.keep(s, rows[i])) {
                        add(e.getKey(), s, rows[i]);
                    }
                }
            }
        }
    }

    /** Marks every group shared and returns their arrays for a snapshot written later. */
    public Frozen freeze() {
        int n = groups.size();
        long[] times = new long[n];
        Object[][][][] rows = new Object[n][][][];
        int[][] counts = new int[n][];
        int i = 0;
        for (Map.Entry<Long, Group> e : groups.entrySet()) {
            Group g = e.getValue();
            g.shared = true;
            times[i] = e.getKey();
            rows[i] = g.rows.clone();
            counts[i] = g.counts.clone();
            i++;
        }
        return new Frozen(times, rows, counts);
    }

    /** Forgets every row. */
    public void clear() {
        groups.clear();
        current = null;
    }

    /** The rows held now, every side, for tests and diagnostics. */
    public int heldRows() {
        int n = 0;
        for (Group g : groups.values()) {
            n += g.total();
        }
        return n;
    }
}
