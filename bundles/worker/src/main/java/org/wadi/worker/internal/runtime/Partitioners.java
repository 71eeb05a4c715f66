package org.wadi.worker.internal.runtime;

import java.util.List;

/**
 * The outputs that spread rows over several receivers, one per edge kind, and the fan-out to
 * several edges; and the key hash that decides which subtask owns a key ({@link KeyRange}).
 */
public final class Partitioners {

    private Partitioners() {
    }

    /**
     * What every spreading output shares: the receivers, and the control elements that each of
     * them must get whichever rows it got (watermarks, barriers, flushes, the end).
     */
    abstract static class FanOut implements RowOutput {
        final RowOutput[] targets;

        FanOut(RowOutput[] targets) {
            this.targets = targets;
        }

        @Override
        public void watermark(long watermark) {
            for (RowOutput t : targets) {
                t.watermark(watermark);
            }
        }

        @Override
        public void barrier(long epoch, boolean thenStop) {
            for (RowOutput t : targets) {
                t.barrier(epoch, thenStop);
            }
        }

        @Override
        public void flush() {
            for (RowOutput t : targets) {
                t.flush();
            }
        }

        @Override
        public void finish() {
            for (RowOutput t : targets) {
                t.finish();
            }
        }
    }

    /**
     * SHUFFLE: each row to the receiver whose {@link KeyRange} holds the hash of its key columns,
     * {@code (unsigned hash * n) >>> 32} of {@code n} receivers.
     */
    static final class Hash extends FanOut {
        private final int[] keys;

        Hash(int[] keys, RowOutput[] targets) {
            super(targets);
            this.keys = keys;
        }

        @Override
        public void collect(Object[] row) {
            targets[KeyRange.subtaskOf(hash(row, keys), targets.length)].collect(row);
        }
    }

    /**
     * The hash of a row's key columns {@code keys}, in that order; the same in every worker and
     * every run, since it decides key ownership, also of the keyed state in checkpoints. Values equal
     * as keys ({@link KeyValues#same}) hash alike.
     */
    public static int hash(Object[] row, int[] keys) {
        int h = 0;
        for (int k : keys) {
            h = 31 * h + valueHash(row[k]);
        }
        return finish(h);
    }

    /**
     * The same hash as {@link #hash(Object[], int[])} for a key held as {@code count} consecutive
     * values {@code values[from …]} (keyed state stores its keys so).
     */
    public static int hash(Object[] values, int from, int count) {
        int h = 0;
        for (int j = from, end = from + count; j < end; j++) {
            h = 31 * h + valueHash(values[j]);
        }
        return finish(h);
    }

    private static int valueHash(Object v) {
        // by value as SQL compares keys: BYTEA as bytes, a STRUCT (such as a window) as its fields,
        // -0.0 as 0.0, 1.00 as 1.0
        return KeyValues.hash(v);
    }

    /** murmur3's finaliser: spreads low-entropy keys (small integers) over the whole hash space. */
    private static int finish(int h) {
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }

    /** REBALANCE: rows round robin over the receivers. */
    static final class RoundRobin extends FanOut {
        private int next;

        RoundRobin(RowOutput[] targets, int start) {
            super(targets);
            this.next = start % targets.length;
        }

        @Override
        public void collect(Object[] row) {
            targets[next].collect(row);
            if (++next == targets.length) {
                next = 0;
            }
        }
    }

    /** BROADCAST, and an operator feeding several edges: every row to every output (rows are not mutated downstream). */
    static final class All extends FanOut {

        All(List<RowOutput> targets) {
            super(targets.toArray(new RowOutput[0]));
        }

        @Override
        public void collect(Object[] row) {
            for (RowOutput t : targets) {
                t.collect(row);
            }
        }
    }

    /** An operator without outputs. */
    static final RowOutput DISCARD = new RowOutput() {
        @Override
        public void collect(Object[] row) {
        }

        @Override
        public void watermark(long watermark) {
        }

        @Override
        public void barrier(long epoch, boolean thenStop) {
        }

        @Override
        public void flush() {
        }

        @Override
        public void finish() {
        }
    };
}
