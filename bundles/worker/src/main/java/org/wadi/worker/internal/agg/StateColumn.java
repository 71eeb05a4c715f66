package org.wadi.worker.internal.agg;

import java.io.IOException;
import java.util.Arrays;
import org.wadi.worker.internal.state.StateReader;
import org.wadi.worker.internal.state.StateWriter;

/**
 * The accumulators of a {@link StateFunction}: one state object per slot, null while the slot is
 * empty (its result is then the function's result over no rows).
 *
 * @param <S> the function's accumulator class
 */
final class StateColumn<S> extends AggColumn {

    private final StateFunction<S> function;
    private final boolean retracting;
    private Object[] states;
    /** The result of an empty slot. */
    private Object emptyResult;
    private boolean emptyKnown;

    StateColumn(StateFunction<S> function, boolean retracting) {
        this.function = function;
        this.retracting = retracting;
        this.states = new Object[16];
    }

    @SuppressWarnings("unchecked")
    private S state(int slot) {
        return (S) states[slot];
    }

    private S own(int slot) {
        S s = state(slot);
        if (s == null) {
            s = function.create();
            states[slot] = s;
        }
        return s;
    }

    @Override
    public void grow(int capacity) {
        states = Numbers.grow(states, capacity);
    }

    @Override
    public void add(int slot, Object[] row) {
        function.add(own(slot), row);
    }

    @Override
    public void retract(int slot, Object[] row) {
        if (!retracting) {
            super.retract(slot, row);
        }
        S s = state(slot);
        if (s != null) {
            function.retract(s, row);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public void merge(int slot, AggColumn from, int fromSlot) {
        S other = ((StateColumn<S>) from).state(fromSlot);
        if (other == null) {
            return;
        }
        S s = state(slot);
        if (s == null) {
            states[slot] = function.copy(other);
        } else {
            function.merge(s, other);
        }
    }

    @Override
    public Object result(int slot) {
        S s = state(slot);
        if (s != null) {
            return function.result(s);
        }
        if (!emptyKnown) {
            emptyResult = function.result(function.create());
            emptyKnown = true;
        }
        return emptyResult;
    }

    @Override
    public void clearSlot(int slot) {
        states[slot] = null;
    }

    @Override
    public void clear(int size) {
        Arrays.fill(states, 0, Math.min(size, states.length), null);
    }

    @Override
    public AggColumn fresh() {
        return new StateColumn<>(function, retracting);
    }

    @Override
    public AggColumn copy() {
        StateColumn<S> c = new StateColumn<>(function, retracting);
        c.states = new Object[states.length];
        for (int i = 0; i < states.length; i++) {
            S s = state(i);
            if (s != null) {
                c.states[i] = function.copy(s);
            }
        }
        return c;
    }

    /** Per slot a presence byte, then the state. */
    @Override
    public void write(StateWriter out, int[] slots, int count) {
        for (int i = 0; i < count; i++) {
            S s = state(slots == null ? i : slots[i]);
            out.writeBoolean(s != null);
            if (s != null) {
                function.write(out, s);
            }
        }
    }

    @Override
    public void read(StateReader in, int from, int count) throws IOException {
        for (int i = 0; i < count; i++) {
            states[from + i] = in.readBoolean() ? function.read(in) : null;
        }
    }
}
