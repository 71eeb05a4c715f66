package org.wadi.worker.internal.agg;

import java.io.IOException;
import org.wadi.worker.internal.state.StateReader;
import org.wadi.worker.internal.state.StateWriter;

/**
 * {@code f(…) FILTER (WHERE cond)}: the rows whose condition column holds TRUE reach the wrapped
 * column, the others (FALSE or NULL) are skipped — when added and when retracted alike, so that
 * an updating aggregate takes out exactly what it put in (the condition is part of the row).
 */
final class FilteredColumn extends AggColumn {

    private final int condition;
    private final AggColumn inner;

    FilteredColumn(int condition, AggColumn inner) {
        this.condition = condition;
        this.inner = inner;
    }

    private boolean passes(Object[] row) {
        return Boolean.TRUE.equals(row[condition]);
    }

    @Override
    public void grow(int capacity) {
        inner.grow(capacity);
    }

    @Override
    public void add(int slot, Object[] row) {
        if (passes(row)) {
            inner.add(slot, row);
        }
    }

    @Override
    public void retract(int slot, Object[] row) {
        if (passes(row)) {
            inner.retract(slot, row);
        }
    }

    @Override
    public void merge(int slot, AggColumn from, int fromSlot) {
        inner.merge(slot, ((FilteredColumn) from).inner, fromSlot);
    }

    @Override
    public Object result(int slot) {
        return inner.result(slot);
    }

    @Override
    public void clearSlot(int slot) {
        inner.clearSlot(slot);
    }

    @Override
    public void clear(int size) {
        inner.clear(size);
    }

    @Override
    public AggColumn fresh() {
        return new FilteredColumn(condition, inner.fresh());
    }

    @Override
    public AggColumn copy() {
        return new FilteredColumn(condition, inner.copy());
    }

    @Override
    public void write(StateWriter out, int[] slots, int count) {
        inner.write(out, slots, count);
    }

    @Override
    public void read(StateReader in, int from, int count) throws IOException {
        inner.read(in, from, count);
    }
}
