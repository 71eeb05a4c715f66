package org.wadi.worker.internal.agg;

import java.io.IOException;
import org.wadi.worker.internal.state.StateReader;
import org.wadi.worker.internal.state.StateWriter;

/**
 * An aggregate function whose accumulator for one group is a mutable object {@code S}, held by a
 * {@link StateColumn}. A state is created at its group's first row.
 *
 * @param <S> the accumulator's class
 */
interface StateFunction<S> {

    /** An empty accumulator. */
    S create();

    /** Adds one input row. */
    void add(S state, Object[] row);

    /** Takes one input row, added before, out again. */
    void retract(S state, Object[] row);

    /** Adds {@code from}'s rows to {@code into}, as if they came after {@code into}'s own; {@code from} is not changed. */
    void merge(S into, S from);

    /** The aggregate's value. */
    Object result(S state);

    /** A copy that changes independently of {@code state}. */
    S copy(S state);

    void write(StateWriter out, S state);

    S read(StateReader in) throws IOException;
}
