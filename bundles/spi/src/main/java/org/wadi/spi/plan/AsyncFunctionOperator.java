package org.wadi.spi.plan;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.wadi.spi.function.FunctionRef;
import org.wadi.spi.types.Schema;

/**
 * Calls an asynchronous function for every row and appends its result: output rows are the input
 * row's columns except {@code _timestamp}, the result, then {@code _timestamp}. At most
 * {@code maxConcurrency} calls are in flight per subtask; rows leave in input order when
 * {@code ordered}, else as their calls complete. A watermark or a checkpoint barrier waits until the
 * calls before it have completed, so results are exactly-once. A call that takes longer than
 * {@code timeoutNanos}, or fails, fails the task.
 *
 * @param input the input rows' schema, {@code _timestamp} last
 * @param function the asynchronous function
 * @param arguments the input columns passed as the function's arguments, in order
 * @param ordered whether rows keep their input order
 * @param timeoutNanos how long one call may take
 * @param maxConcurrency calls in flight per subtask, at least 1
 * @param output the output rows' schema as described above
 */
public record AsyncFunctionOperator(Schema input, FunctionRef function, List<Integer> arguments, boolean ordered,
        long timeoutNanos, int maxConcurrency, Schema output) implements OperatorSpec {

    public AsyncFunctionOperator {
        Objects.requireNonNull(function, "function");
        arguments = List.copyOf(arguments);
        if (maxConcurrency < 1) {
            throw new IllegalArgumentException("maxConcurrency must be at least 1, was " + maxConcurrency);
        }
        if (timeoutNanos <= 0) {
            throw new IllegalArgumentException("timeout must be positive, was " + Duration.ofNanos(timeoutNanos));
        }
        if (output.size() != input.size() + 1) {
            throw new IllegalArgumentException("an async function adds one column to its " + input.size()
                    + " input columns, not " + (output.size() - input.size()));
        }
    }

    @Override
    public String name() {
        return "async_function";
    }
}
