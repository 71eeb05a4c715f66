package org.wadi.spi.plan;

import java.util.List;
import java.util.Objects;
import org.wadi.spi.types.Schema;

/**
 * SQL window functions ({@code row_number() OVER (PARTITION BY … ORDER BY …)} and the like) over
 * the results of an event-time window, as Arroyo allows them: every row of one window has the same
 * {@code _timestamp} (the window's end minus 1 ns), so the operator buffers the rows of each event
 * time and, once the watermark reaches it, sorts each partition and emits its rows with the
 * functions' values (then frees them). The frame is the whole partition up to the current row
 * (SQL's default with ORDER BY). Its input edge is a SHUFFLE by {@code partitionKeys} (the window
 * column need not be among them: rows of different windows never meet). Rows at or before the
 * current watermark when they arrive are late: dropped and counted.
 *
 * <p>Output rows: every input column but {@code _timestamp}, one column per function, then
 * {@code _timestamp}. Within a partition rows are emitted in sort order.
 *
 * @param input the input rows' schema, {@code _timestamp} last (append-only)
 * @param partitionKeys the PARTITION BY columns (none: one partition per window)
 * @param orderBy the ORDER BY keys (none: arrival order, and ranking functions see ties everywhere)
 * @param functions the window functions, in output order
 * @param output the output rows' schema as described above
 */
public record WindowFunctionOperator(Schema input, List<Integer> partitionKeys, List<SortKey> orderBy,
        List<WindowFunctionCall> functions, Schema output) implements OperatorSpec {

    public WindowFunctionOperator {
        Objects.requireNonNull(input, "input");
        partitionKeys = List.copyOf(partitionKeys);
        orderBy = List.copyOf(orderBy);
        functions = List.copyOf(functions);
        if (output.size() != input.size() + functions.size()) {
            throw new IllegalArgumentException("window functions over " + input.size() + " input columns with "
                    + functions.size() + " functions have " + (input.size() + functions.size())
                    + " output columns, not " + output.size());
        }
    }

    @Override
    public String name() {
        return "window_function";
    }
}
