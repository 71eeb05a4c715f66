package org.wadi.worker.internal.join;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The join's key table against a HashMap, through many additions and removals. */
class KeyIndexTest {

    static final int[] KEYS = {1, 0};

    static Object[] row(long a, String b) {
        return new Object[] {b, a, 0L};
    }

    @Test
    void findsAddsAndRemovesLikeAMap() {
        KeyIndex index = new KeyIndex(2, 4);
        Map<String, Integer> slots = new HashMap<>();
        Set<Integer> live = new HashSet<>();
        Random random = new Random(3);
        for (int step = 0; step < 200_000; step++) {
            long a = random.nextInt(300);
            String b = "b" + random.nextInt(3);
            Object[] r = row(a, b);
            String key = a + "/" + b;
            int h = KeyIndex.hash(r, KEYS);
            int found = index.find(r, KEYS, h);
            Integer expected = slots.get(key);
            assertEquals(expected == null ? -1 : expected, found, "step " + step + " key " + key);
            if (expected == null) {
                int slot = index.findOrAdd(r, KEYS, h);
                assertTrue(live.add(slot), "slot " + slot + " handed out twice");
                assertTrue(slot < index.capacity());
                slots.put(key, slot);
            } else if (random.nextInt(3) == 0) {
                index.remove(expected);
                slots.remove(key);
                live.remove(expected);
            } else {
                assertEquals((int) expected, index.findOrAdd(r, KEYS, h));
            }
            assertEquals(slots.size(), index.size());
        }
        index.clear();
        assertEquals(0, index.size());
        for (String key : slots.keySet()) {
            String[] parts = key.split("/");
            Object[] r = row(Long.parseLong(parts[0]), parts[1]);
            assertEquals(-1, index.find(r, KEYS, KeyIndex.hash(r, KEYS)), key);
        }
        Set<Integer> reused = new HashSet<>();
        for (int i = 0; i < 10; i++) {
            Object[] r = row(i, "x");
            reused.add(index.findOrAdd(r, KEYS, KeyIndex.hash(r, KEYS)));
        }
        assertEquals(Set.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), reused, "a cleared table hands out slots from 0 again");
    }

    @Test
    void valuesCompareAsSqlEqualityDoes() {
        assertTrue(KeyIndex.same(new Object[] {1L, 2L}, new Object[] {1L, 2L}), "structs by value");
        assertFalse(KeyIndex.same(new Object[] {1L, 2L}, new Object[] {1L, 3L}));
        assertEquals(KeyIndex.hashOf(new Object[] {1L, 2L}), KeyIndex.hashOf(new Object[] {1L, 2L}));
        assertTrue(KeyIndex.same(new byte[] {1, 2}, new byte[] {1, 2}), "binary by content");
        assertEquals(KeyIndex.hashOf(new byte[] {1, 2}), KeyIndex.hashOf(new byte[] {1, 2}));
        assertTrue(KeyIndex.same(0.0, -0.0));
        assertEquals(KeyIndex.hashOf(0.0), KeyIndex.hashOf(-0.0));
        assertTrue(KeyIndex.same(new BigDecimal("1.0"), new BigDecimal("1.00")));
        assertEquals(KeyIndex.hashOf(new BigDecimal("1.0")), KeyIndex.hashOf(new BigDecimal("1.00")));
        assertFalse(KeyIndex.same(1L, 1), "values of different classes differ: the plan gives both keys one type");
        assertNotEquals(KeyIndex.hash(row(1, "x"), KEYS), KeyIndex.hash(row(2, "x"), KEYS));
        assertTrue(KeyIndex.hasNull(row(1, null), KEYS));
        assertFalse(KeyIndex.hasNull(row(1, "x"), KEYS));
    }
}
