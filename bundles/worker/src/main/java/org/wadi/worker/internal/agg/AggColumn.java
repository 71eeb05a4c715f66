package org.wadi.worker.internal.agg;

import java.io.IOException;
import org.wadi.worker.internal.state.StateReader;
import org.wadi.worker.internal.state.StateWriter;

/**
 * The accumulators of one aggregate for all the groups of a table, one slot per group. A slot is
 * empty until rows are added to it; {@link #result} of an empty slot is the aggregate over no rows
 * (0 for counts, NULL for most others). Columns are made by {@link Aggregates#create}.
 */
public abstract class AggColumn {

    /** Makes room for {@code capacity} slots. */
    public abstract void grow(int capacity);

    /** Adds one input row to slot {@code slot}. */
    public abstract void add(int slot, Object[] row);

    /**
     * Takes one input row, added before, out of slot {@code slot}. Only columns made for an
     * updating input take retractions.
     */
    public void retract(int slot, Object[] row) {
        throw new IllegalStateException("a retraction reached the aggregate " + getClass().getSimpleName()
                + " of an append-only input: the plan says the aggregate's input is not updating");
    }

    /**
     * Adds what {@code from} (a column of the same kind) accumulated in {@code fromSlot} to
     * {@code slot}, as if its rows had been added after this slot's own.
     */
    public abstract void merge(int slot, AggColumn from, int fromSlot);

    /** The aggregate's value for slot {@code slot}, as the output type's Java value. */
    public abstract Object result(int slot);

    /** Empties one slot, for reuse. */
    public abstract void clearSlot(int slot);

    /** Empties slots {@code 0 … size-1}, for reuse. */
    public void clear(int size) {
        for (int s = 0; s < size; s++) {
            clearSlot(s);
        }
    }

    /** An empty column of the same kind. */
    public abstract AggColumn fresh();

    /**
     * A column of the same kind holding the same accumulators in storage of its own: a snapshot
     * writes it later while the original goes on changing.
     */
    public abstract AggColumn copy();

    /**
     * Writes the accumulators of {@code count} slots: {@code slots[0 … count-1]}, or slots
     * {@code 0 … count-1} when {@code slots} is null.
     */
    public abstract void write(StateWriter out, int[] slots, int count);

    /** Reads what {@link #write} wrote into slots {@code from … from+count-1}, which must fit ({@link #grow}). */
    public abstract void read(StateReader in, int from, int count) throws IOException;
}
