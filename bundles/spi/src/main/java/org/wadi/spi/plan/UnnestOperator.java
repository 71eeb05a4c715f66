package org.wadi.spi.plan;

import java.util.Objects;
import org.wadi.spi.types.Schema;

/**
 * {@code unnest(list)}: emits, for each input row, one row per element of its list column
 * {@code column}, with the element in that column's place (a row whose list is NULL or empty emits
 * nothing); every other column, {@code _op} and {@code _timestamp} are copied. Chained after its
 * input (a FORWARD edge).
 *
 * @param input the input rows' schema; {@code column} is a LIST
 * @param column the list column
 * @param output the output rows' schema: {@code input} with {@code column}'s type the element type
 */
public record UnnestOperator(Schema input, int column, Schema output) implements OperatorSpec {

    public UnnestOperator {
        Objects.requireNonNull(input, "input");
        if (column < 0 || column >= input.size() - 1 || output.size() != input.size()) {
            throw new IllegalArgumentException("unnest of column " + column + " of " + input.size()
                    + " input columns must keep the columns: " + output.size());
        }
    }

    @Override
    public String name() {
        return "unnest";
    }
}
