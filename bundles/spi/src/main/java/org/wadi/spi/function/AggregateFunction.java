package org.wadi.spi.function;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * An aggregate SQL function over the rows of a group (a window, or a key of an updating aggregate):
 * an accumulator is created per group, values are added, accumulators of partial groups are merged
 * and the result is read when the group is emitted. Register it as an OSGi service
 * ({@code @Component(service = AggregateFunction.class)}); SQL calls it by
 * {@link FunctionSignature#name()} with the arguments of its signature — one or several.
 *
 * <p>Accumulators are the function's own objects; they are written into checkpoints with
 * {@link #serialize} and restored with {@link #deserialize}, so exactly-once results survive a
 * restart, also in another version of the bundle that reads the same bytes. The runtime calls one
 * accumulator from one thread at a time; the function object itself is shared by all subtasks.
 *
 * @param <A> the accumulator's type
 */
@ConsumerType
public interface AggregateFunction<A> {

    /** The name, the arguments' types and the result type. */
    FunctionSignature signature();

    /** A new, empty accumulator. */
    A create();

    /**
     * Adds a value to an accumulator.
     *
     * @param value the argument's value, each converted to its declared type; with several arguments
     *     an {@code Object[]} of them in the signature's order. Never {@code null} (nor holding one)
     *     when the signature is strict: rows with a NULL argument are then skipped, as SQL
     *     aggregates skip them
     * @return the accumulator holding the value: {@code accumulator} itself, changed, or a new one
     */
    A add(A accumulator, Object value);

    /**
     * Combines two accumulators of parts of one group (hopping windows, panes, restored state).
     *
     * @return an accumulator of both; it may be {@code into}, changed
     */
    A merge(A into, A other);

    /** The result of an accumulator, of the Java type of the return type, or {@code null}. */
    Object result(A accumulator);

    /** Whether {@link #retract} is implemented, so that updating aggregates can take retractions. */
    default boolean retractable() {
        return false;
    }

    /**
     * Removes a value added before (an updating aggregate's input row was retracted).
     *
     * @throws UnsupportedOperationException unless {@link #retractable()}
     */
    default A retract(A accumulator, Object value) {
        throw new UnsupportedOperationException("aggregate function '" + signature().name()
                + "' cannot retract values");
    }

    /** The accumulator as bytes, for checkpoints. */
    byte[] serialize(A accumulator);

    /** An accumulator read from what {@link #serialize} wrote. */
    A deserialize(byte[] bytes);
}
