package org.wadi.worker.internal.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The key table of the joins and the updating operators, checked against a HashMap over many
 * additions and removals, looked up by two sides' columns, cleared and restored.
 */
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
        assertEquals(KeyValues.hash(new Object[] {1L, 2L}), KeyValues.hash(new Object[] {1L, 2L}));
        assertTrue(KeyIndex.same(new byte[] {1, 2}, new byte[] {1, 2}), "binary by content");
        assertEquals(KeyValues.hash(new byte[] {1, 2}), KeyValues.hash(new byte[] {1, 2}));
        assertTrue(KeyIndex.same(0.0, -0.0));
        assertEquals(KeyValues.hash(0.0), KeyValues.hash(-0.0));
        assertTrue(KeyIndex.same(new BigDecimal("1.0"), new BigDecimal("1.00")));
        assertEquals(KeyValues.hash(new BigDecimal("1.0")), KeyValues.hash(new BigDecimal("1.00")));
        assertFalse(KeyIndex.same(1L, 1), "values of different classes differ: the plan gives both keys one type");
        assertNotEquals(KeyIndex.hash(row(1, "x"), KEYS), KeyIndex.hash(row(2, "x"), KEYS));
        assertTrue(KeyIndex.hasNull(row(1, null), KEYS));
        assertFalse(KeyIndex.hasNull(row(1, "x"), KEYS));
    }

    @Test
    void addsFindsAndRemovesKeysAsAMapDoes() {
        KeyIndex index = new KeyIndex(2, 4);
        int[] columns = {1, 0};
        Map<List<Object>, Integer> model = new HashMap<>();
        Set<Integer> used = new HashSet<>();
        Random random = new Random(3);
        for (int i = 0; i < 200_000; i++) {
            // few distinct keys, so that removals hit keys in long probe runs
            Object[] row = {(long) random.nextInt(50), random.nextInt(20) == 0 ? null : "k" + random.nextInt(60)};
            List<Object> key = Arrays.asList(row[1], row[0]);
            Integer slot = model.get(key);
            if (random.nextInt(3) == 0) {
                assertEquals(slot == null ? -1 : slot, index.find(row, columns));
                if (slot != null) {
                    index.remove(slot);
                    model.remove(key);
                    used.remove(slot);
                }
            } else {
                int s = index.findOrAdd(row, columns);
                assertEquals(slot == null, index.added());
                if (slot == null) {
                    assertTrue(used.add(s), "slot " + s + " is another key's");
                    model.put(key, s);
                } else {
                    assertEquals(slot, s);
                }
                assertEquals(row[1], index.key(s, 0));
                assertEquals(row[0], index.key(s, 1));
            }
            assertEquals(model.size(), index.size());
        }
        for (Map.Entry<List<Object>, Integer> e : model.entrySet()) {
            assertTrue(index.live(e.getValue()));
            assertEquals(e.getValue(), index.find(new Object[] {e.getKey().get(1), e.getKey().get(0)}, columns));
        }
        assertTrue(index.limit() <= 50 * 61, "removed slots are reused: " + index.limit());
    }

    @Test
    void restoredKeysGetSlotsInOrderAndBinaryKeysCompareByContent() {
        KeyIndex index = new KeyIndex(1, 0);
        Object[] keys = {new byte[] {1, 2}, "b", null};
        for (int i = 0; i < keys.length; i++) {
            assertEquals(i, index.addNew(keys, i));
        }
        assertEquals(0, index.find(new Object[] {new byte[] {1, 2}}, new int[] {0}));
        assertEquals(2, index.find(new Object[] {null}, new int[] {0}), "NULL is a group of its own");
        assertEquals(-1, index.find(new Object[] {"c"}, new int[] {0}));
        index.remove(1);
        assertThrows(IllegalStateException.class, () -> index.remove(1));
    }
}
