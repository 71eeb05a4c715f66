package org.wadi.worker.internal.updating;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.wadi.spi.types.RowKind;
import org.wadi.worker.internal.runtime.RowOutput;
import org.wadi.worker.internal.runtime.Watermarks;

/**
 * Records what an operator emits, as text: an updating row as {@code +I[a, 1]@5} (its kind, its
 * columns before {@code _op}, its {@code _timestamp}), an append row as {@code [a, 1]@5}, and
 * {@code wm …}, {@code barrier …}, {@code finish}. Can also apply the changes to a table.
 */
final class Changes implements RowOutput {

    final List<String> events = new ArrayList<>();
    final List<Object[]> rows = new ArrayList<>();
    private final boolean updating;

    Changes(boolean updating) {
        this.updating = updating;
    }

    static String describe(Object[] row, boolean updating) {
        int n = row.length;
        if (!updating) {
            return Arrays.asList(row).subList(0, n - 1) + "@" + row[n - 1];
        }
        return RowKind.describe((Integer) row[n - 2]) + Arrays.asList(row).subList(0, n - 2) + "@" + row[n - 1];
    }

    @Override
    public void collect(Object[] row) {
        rows.add(row);
        events.add(describe(row, updating));
    }

    @Override
    public void watermark(long watermark) {
        events.add("wm " + Watermarks.describe(watermark));
    }

    @Override
    public void barrier(long epoch, boolean thenStop) {
        events.add("barrier " + epoch);
    }

    @Override
    public void flush() {
    }

    @Override
    public void finish() {
        events.add("finish");
    }

    /** The rows emitted (no watermarks, barriers), and forgets them. */
    List<String> take() {
        List<String> out = events.stream().filter(e -> !e.startsWith("wm") && !e.startsWith("barrier")
                && !e.equals("finish")).toList();
        events.clear();
        rows.clear();
        return out;
    }

    /**
     * The table a changelog describes: each row (columns before {@code _op}) with how many times it
     * is in it. Fails on a retraction of a row not in it, and on an UPDATE_AFTER not right after an
     * UPDATE_BEFORE.
     */
    static TreeMap<String, Integer> apply(List<Object[]> changes) {
        TreeMap<String, Integer> table = new TreeMap<>();
        int previous = -1;
        for (Object[] row : changes) {
            int n = row.length;
            int kind = (Integer) row[n - 2];
            String key = Arrays.asList(row).subList(0, n - 2).toString();
            if (kind == RowKind.UPDATE_AFTER && previous != RowKind.UPDATE_BEFORE) {
                throw new AssertionError("UPDATE_AFTER " + key + " does not follow an UPDATE_BEFORE");
            }
            if (RowKind.isAddition(kind)) {
                table.merge(key, 1, Integer::sum);
            } else {
                Integer had = table.get(key);
                if (had == null) {
                    throw new AssertionError("retraction of " + key + ", which is not in " + table);
                }
                if (had == 1) {
                    table.remove(key);
                } else {
                    table.put(key, had - 1);
                }
            }
            previous = kind;
        }
        return table;
    }

    /** The table as a multiset of lines. */
    static List<String> lines(Map<String, Integer> table) {
        List<String> out = new ArrayList<>();
        table.forEach((row, n) -> {
            for (int i = 0; i < n; i++) {
                out.add(row);
            }
        });
        return out;
    }
}
