package org.wadi.worker.internal.over;

import java.util.List;
import org.wadi.spi.plan.SortKey;
import org.wadi.spi.types.Schema;
import org.wadi.worker.internal.expr.PlanException;

/**
 * The ORDER BY of an {@code OVER} clause: compares two rows key by key, each key ascending or
 * descending with NULLs first or last as its {@link SortKey} says. Rows that compare equal are
 * peers (they share a rank).
 */
final class RowOrder {

    private final int[] columns;
    private final boolean[] descending;
    private final boolean[] nullsFirst;
    private final ValueOrder[] orders;

    private RowOrder(int n) {
        columns = new int[n];
        descending = new boolean[n];
        nullsFirst = new boolean[n];
        orders = new ValueOrder[n];
    }

    /** The order of {@code keys} over rows of {@code input}; {@code what} names the operator in errors. */
    static RowOrder of(String what, Schema input, List<SortKey> keys) throws PlanException {
        RowOrder o = new RowOrder(keys.size());
        for (int i = 0; i < keys.size(); i++) {
            SortKey k = keys.get(i);
            if (k.column() < 0 || k.column() >= input.size()) {
                throw new PlanException(what + " orders by column " + k.column() + ", but its input has "
                        + input.size() + " columns", "internal");
            }
            o.columns[i] = k.column();
            o.descending[i] = k.descending();
            o.nullsFirst[i] = k.nullsFirst();
            o.orders[i] = ValueOrder.of(input.field(k.column()).type());
        }
        return o;
    }

    /** Whether there is no ORDER BY: every row of a partition is a peer of every other. */
    boolean isEmpty() {
        return columns.length == 0;
    }

    /** Negative, zero or positive as row {@code a} sorts before, with (a peer), or after row {@code b}. */
    int compare(Object[] a, Object[] b) {
        for (int i = 0; i < columns.length; i++) {
            Object x = a[columns[i]];
            Object y = b[columns[i]];
            if (x == y) {
                continue;
            }
            if (x == null) {
                return nullsFirst[i] ? -1 : 1;
            }
            if (y == null) {
                return nullsFirst[i] ? 1 : -1;
            }
            int c = orders[i].compare(x, y);
            if (c != 0) {
                return descending[i] ? (c < 0 ? 1 : -1) : c;
            }
        }
        return 0;
    }
}
