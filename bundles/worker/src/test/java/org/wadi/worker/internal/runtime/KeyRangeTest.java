package org.wadi.worker.internal.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Key ranges: the SHUFFLE routing, the ranges it implies, and how ranges of two parallelisms meet. */
class KeyRangeTest {

    @Test
    void theRangesOfAParallelismCoverTheHashSpaceOnceInOrder() {
        for (int n : new int[] {1, 2, 3, 7, 64, 1000}) {
            long at = 0;
            for (int i = 0; i < n; i++) {
                KeyRange r = new KeyRange(i, n);
                assertEquals(at, r.start(), r.toString());
                assertTrue(r.end() > r.start(), r.toString());
                at = r.end();
            }
            assertEquals(KeyRange.SPACE, at);
        }
        assertEquals(0, new KeyRange(0, 3).start());
        assertEquals(1431655766L, new KeyRange(1, 3).start(), "ceil(2^32 / 3)");
    }

    @Test
    void aHashBelongsToTheSubtaskTheRoutingPicks() {
        SplittableRandom random = new SplittableRandom(3);
        int[] edges = {0, -1, Integer.MIN_VALUE, Integer.MAX_VALUE, 1431655765, 1431655766, -1431655766};
        for (int n : new int[] {1, 2, 3, 5, 16}) {
            for (int k = 0; k < 10_000 + edges.length; k++) {
                int hash = k < edges.length ? edges[k] : random.nextInt();
                int owner = KeyRange.subtaskOf(hash, n);
                long unsigned = hash & 0xffffffffL;
                KeyRange range = new KeyRange(owner, n);
                assertTrue(range.start() <= unsigned && unsigned < range.end(), hash + " in " + range);
                for (int i = 0; i < n; i++) {
                    assertEquals(i == owner, new KeyRange(i, n).contains(hash));
                }
            }
        }
        assertEquals(0, KeyRange.subtaskOf(0, 3));
        assertEquals(2, KeyRange.subtaskOf(-1, 3));
    }

    @Test
    void rangesOfTwoParallelismsOverlapWhereTheyShareHashes() {
        // 2 → 3: new subtask 1 of 3 ([1/3, 2/3)) needs both old halves; 0 and 2 one each
        assertEquals(List.of(0), overlapping(new KeyRange(0, 3), 2));
        assertEquals(List.of(0, 1), overlapping(new KeyRange(1, 3), 2));
        assertEquals(List.of(1), overlapping(new KeyRange(2, 3), 2));
        assertEquals(List.of(0, 1), overlapping(new KeyRange(0, 1), 2));
        assertEquals(List.of(2, 3), overlapping(new KeyRange(1, 2), 4));
        assertEquals(List.of(0), overlapping(new KeyRange(1, 4), 2));
        // the values of an old subtask that belong to no key go to exactly one new subtask
        for (int then : new int[] {1, 2, 3, 4, 7}) {
            for (int now : new int[] {1, 2, 3, 5, 8}) {
                for (int old = 0; old < then; old++) {
                    int takers = 0;
                    for (int i = 0; i < now; i++) {
                        KeyRange owned = new KeyRange(i, now);
                        if (new StatePart(new KeyRange(old, then), null).countedBy(owned)) {
                            takers++;
                            assertTrue(owned.overlaps(new KeyRange(old, then)));
                        }
                    }
                    assertEquals(1, takers, old + " of " + then + " restored at " + now);
                }
            }
        }
        assertFalse(new KeyRange(0, 2).overlaps(new KeyRange(1, 2)));
    }

    static List<Integer> overlapping(KeyRange owned, int oldParallelism) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < oldParallelism; i++) {
            if (new KeyRange(i, oldParallelism).overlaps(owned)) {
                out.add(i);
            }
        }
        return out;
    }

    @Test
    void invalidRangesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new KeyRange(2, 2));
        assertThrows(IllegalArgumentException.class, () -> new KeyRange(-1, 2));
        assertThrows(IllegalArgumentException.class, () -> new KeyRange(0, 0));
    }

    /** Records the rows one receiver got. */
    static final class Receiver implements RowOutput {
        final List<Object[]> rows = new ArrayList<>();

        @Override
        public void collect(Object[] row) {
            rows.add(row);
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
    }

    @Test
    void theShufflePartitionerSendsEachRowToTheOwnerOfItsKeyHash() {
        int[] keys = {2, 0};
        Receiver[] receivers = {new Receiver(), new Receiver(), new Receiver()};
        Partitioners.Hash shuffle = new Partitioners.Hash(keys, receivers);
        for (long k = 0; k < 3000; k++) {
            shuffle.collect(new Object[] {"k" + (k % 17), 0L, k % 5 == 0 ? null : k, -1L});
        }
        int total = 0;
        for (int i = 0; i < receivers.length; i++) {
            total += receivers[i].rows.size();
            assertTrue(receivers[i].rows.size() > 500, "spread over every receiver: " + receivers[i].rows.size());
            for (Object[] row : receivers[i].rows) {
                int hash = Partitioners.hash(row, keys);
                assertTrue(new KeyRange(i, 3).contains(hash));
                // the same hash from the key held as consecutive values, as keyed state stores it
                assertEquals(hash, Partitioners.hash(new Object[] {"x", row[2], row[0]}, 1, 2));
            }
        }
        assertEquals(3000, total);
    }

    @Test
    void keysAreHashedByContentSoThatEqualKeysMeetInOneSubtask() {
        int[] keys = {0, 1};
        Object[] a = {new Object[] {1L, 2L}, new byte[] {1, 2, 3}};
        Object[] b = {new Object[] {1L, 2L}, new byte[] {1, 2, 3}};
        assertEquals(Partitioners.hash(a, keys), Partitioners.hash(b, keys), "a window struct and BYTEA, equal");
        assertEquals(Partitioners.hash(new Object[] {List.of("x", 1L)}, new int[] {0}),
                Partitioners.hash(new Object[] {new ArrayList<>(List.of("x", 1L))}, new int[] {0}));
        assertTrue(Partitioners.hash(new Object[] {new Object[] {1L, 3L}}, new int[] {0})
                != Partitioners.hash(new Object[] {new Object[] {1L, 2L}}, new int[] {0}));
    }
}
