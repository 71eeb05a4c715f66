package org.wadi.worker.internal.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The SHUFFLE hash and key equality: values one key for SQL go to one subtask and are one key in
 * an operator's key table.
 */
class PartitionersTest {

    static final int[] KEY = {0};

    static int hashOf(Object v) {
        return Partitioners.hash(new Object[] {v}, KEY);
    }

    /** Where a SHUFFLE to {@code n} subtasks sends a row keyed by {@code v}. */
    static int subtaskOf(Object v, int n) {
        List<Object[]> got = new ArrayList<>();
        RowOutput[] targets = new RowOutput[n];
        for (int i = 0; i < n; i++) {
            int subtask = i;
            targets[i] = new RowOutput() {
                @Override
                public void collect(Object[] row) {
                    got.add(new Object[] {subtask});
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
        new Partitioners.Hash(KEY, targets).collect(new Object[] {v});
        assertEquals(1, got.size());
        return (Integer) got.get(0)[0];
    }

    @Test
    void negativeZeroHashesAndRoutesAsZero() {
        assertEquals(hashOf(0.0), hashOf(-0.0));
        assertEquals(hashOf(0.0f), hashOf(-0.0f));
        for (int n = 2; n <= 16; n++) {
            assertEquals(subtaskOf(0.0, n), subtaskOf(-0.0, n), "at parallelism " + n);
        }
        assertTrue(KeyValues.same(0.0, -0.0));
        assertTrue(KeyValues.same(-0.0f, 0.0f));
        assertTrue(KeyValues.same(Double.NaN, Double.NaN), "NaN keys form one group");
        assertEquals(hashOf(Double.NaN), hashOf(Double.longBitsToDouble(0x7ff8000000000001L)));
    }

    @Test
    void decimalsOfEqualValueAndDifferentScaleHashAndRouteAlike() {
        String[][] equal = {{"1.0", "1.00", "1"}, {"0", "0.000", "0E+3"}, {"-12.50", "-12.5"}, {"1E+2", "100", "100.0"}};
        for (String[] values : equal) {
            BigDecimal first = new BigDecimal(values[0]);
            for (String s : values) {
                BigDecimal d = new BigDecimal(s);
                assertEquals(hashOf(first), hashOf(d), s + " against " + values[0]);
                assertTrue(KeyValues.same(first, d), s + " against " + values[0]);
                for (int n = 2; n <= 16; n++) {
                    assertEquals(subtaskOf(first, n), subtaskOf(d, n), s + " at parallelism " + n);
                }
            }
        }
        assertFalse(KeyValues.same(new BigDecimal("1.0"), new BigDecimal("1.01")));
    }

    @Test
    void structsAndListsHashByTheirNormalisedElements() {
        assertEquals(hashOf(new Object[] {1L, 0.0, new BigDecimal("2.0")}),
                hashOf(new Object[] {1L, -0.0, new BigDecimal("2.00")}));
        assertTrue(KeyValues.same(new Object[] {1L, 0.0}, new Object[] {1L, -0.0}));
        assertEquals(hashOf(List.of(new BigDecimal("3.10"))), hashOf(Arrays.asList(new BigDecimal("3.1"))));
        assertTrue(KeyValues.same(List.of(new byte[] {1}), List.of(new byte[] {1})), "BINARY elements by content");
        assertEquals(hashOf(List.of(new byte[] {1})), hashOf(List.of(new byte[] {1})));
    }

    /** The hash before values were normalised: what checkpoints taken earlier were keyed by. */
    static int earlierHash(Object[] row, int[] keys) {
        int h = 0;
        for (int k : keys) {
            Object v = row[k];
            h = 31 * h + (v == null ? 0 : v instanceof byte[] b ? Arrays.hashCode(b)
                    : v instanceof Object[] s ? Arrays.deepHashCode(s) : v.hashCode());
        }
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }

    @Test
    void valuesThatNeedNoNormalisationKeepTheirHash() {
        // key ownership in checkpoints taken before must not move for keys that were already equal by value
        Object[][] rows = {{42L, "abc", new byte[] {1, 2}, new Object[] {1_000L, 2_000L}},
            {-7, null, new byte[0], new Object[] {null, 5L}}, {1.5, 2.5f, new BigDecimal("3.1"), List.of(1L, 2L)}};
        int[] keys = {0, 1, 2, 3};
        for (Object[] row : rows) {
            assertEquals(earlierHash(row, keys), Partitioners.hash(row, keys), Arrays.deepToString(row));
            assertEquals(Partitioners.hash(row, keys), Partitioners.hash(row, 0, 4));
        }
        assertNotEquals(hashOf(1L), hashOf(2L));
    }
}
