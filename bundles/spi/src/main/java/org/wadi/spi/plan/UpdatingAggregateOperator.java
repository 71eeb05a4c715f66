package org.wadi.spi.plan;

import java.util.List;
import java.util.Objects;
import org.wadi.spi.types.Schema;

/**
 * Aggregates rows per key without a window, emitting the results as an updating stream: when a
 * key's result changes, its old row is retracted ({@code UPDATE_BEFORE}, or {@code DELETE} when
 * the key has no rows left) and the new one emitted ({@code INSERT} for a new key,
 * {@code UPDATE_AFTER} otherwise). Changes are emitted in bulk, not per input row: every
 * {@code flushNanos} of processing time, before each checkpoint barrier is passed on and at the end of
 * input — only the net change of each key since the last emission. When the input is updating
 * its retractions are taken out of the aggregates. Its input edge is a SHUFFLE by {@code keys}.
 *
 * <p>Output rows: the key columns (in {@code keys} order), one column per aggregate, {@code _op},
 * then {@code _timestamp} = the largest event time among the key's input rows.
 *
 * @param input the input rows' schema, {@code _timestamp} last ({@code _op} before it when updating)
 * @param keys the indexes of the grouping columns in {@code input} (none: one global group)
 * @param aggregates the aggregates, in output order ({@code count}, {@code sum}, {@code min},
 *     {@code max}, {@code avg})
 * @param ttlNanos a key's state is forgotten after this much event time (watermark) without a
 *     new row for it; 0 keeps it forever
 * @param flushNanos how often, in processing time, changes are emitted
 * @param output the output rows' schema as described above
 */
public record UpdatingAggregateOperator(Schema input, List<Integer> keys, List<AggregateCall> aggregates,
        long ttlNanos, long flushNanos, Schema output) implements OperatorSpec {

    /** The default emission period: Arroyo flushes updating results every second. */
    public static final long DEFAULT_FLUSH_NANOS = 1_000_000_000L;

    public UpdatingAggregateOperator {
        Objects.requireNonNull(input, "input");
        keys = List.copyOf(keys);
        aggregates = List.copyOf(aggregates);
        int expected = keys.size() + aggregates.size() + 2;
        if (output.size() != expected || !output.isUpdating()) {
            throw new IllegalArgumentException("an updating aggregate with " + keys.size() + " keys and "
                    + aggregates.size() + " aggregates has " + expected + " output columns ending in _op, _timestamp");
        }
        if (ttlNanos < 0 || flushNanos <= 0) {
            throw new IllegalArgumentException("updating aggregate TTL must not be negative and its flush period "
                    + "must be positive: " + ttlNanos + ", " + flushNanos);
        }
    }

    @Override
    public String name() {
        return "updating_aggregate";
    }
}
