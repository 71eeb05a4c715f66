package org.wadi.spi.plan;

import java.util.List;
import java.util.Objects;
import org.wadi.spi.types.DataType;
import org.wadi.spi.types.Field;
import org.wadi.spi.types.Schema;
import org.wadi.spi.types.TypeId;

/**
 * Aggregates rows per key and event-time window, emitting each window's results once the watermark
 * passes its end (then its state is freed). Rows at or before the current watermark are late: they
 * are dropped and counted. Its input edge is a SHUFFLE by {@code keys}, so that all rows of a key
 * meet in one subtask.
 *
 * <p>Output rows: the key columns (in {@code keys} order), one column per aggregate, the window as
 * a STRUCT {@code {start TIMESTAMP, end TIMESTAMP}} ({@link #WINDOW_TYPE}), then {@code _timestamp}
 * = the window's end minus one nanosecond (as Arroyo), so that results belong to their window.
 *
 * @param input the input rows' schema, {@code _timestamp} last (the event time windows use)
 * @param window the windows
 * @param keys the indexes of the grouping columns in {@code input}
 * @param aggregates the aggregates, in output order
 * @param output the output rows' schema as described above
 */
public record WindowAggregateOperator(Schema input, WindowSpec window, List<Integer> keys,
        List<AggregateCall> aggregates, Schema output) implements OperatorSpec {

    /** The type of the {@code window} column: {@code STRUCT<start TIMESTAMP, end TIMESTAMP>}. */
    public static final DataType WINDOW_TYPE = DataType.struct(List.of(
            new Field("start", DataType.TIMESTAMP, false), new Field("end", DataType.TIMESTAMP, false)));

    public WindowAggregateOperator {
        Objects.requireNonNull(window, "window");
        keys = List.copyOf(keys);
        aggregates = List.copyOf(aggregates);
        int expected = keys.size() + aggregates.size() + 2;
        if (output.size() != expected) {
            throw new IllegalArgumentException("a window aggregate with " + keys.size() + " keys and "
                    + aggregates.size() + " aggregates has " + expected + " output columns, not " + output.size());
        }
        Field w = output.field(keys.size() + aggregates.size());
        if (w.type().id() != TypeId.STRUCT) {
            throw new IllegalArgumentException("output column " + w.name() + " must be the window STRUCT, not "
                    + w.type());
        }
    }

    /** The index of the window column in {@code output}. */
    public int windowIndex() {
        return keys.size() + aggregates.size();
    }

    @Override
    public String name() {
        return "window_aggregate";
    }
}
