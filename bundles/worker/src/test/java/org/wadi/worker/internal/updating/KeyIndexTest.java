package org.wadi.worker.internal.updating;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The key table with removal, checked against a HashMap over many adds and removes. */
class KeyIndexTest {

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
