package org.wadi.spi.plan;

import java.util.Objects;
import org.wadi.spi.types.DataType;

/**
 * One window function of a {@link WindowFunctionOperator}.
 *
 * @param function {@code row_number}, {@code rank}, {@code dense_rank}, {@code percent_rank},
 *     {@code cume_dist}, {@code ntile}, {@code lag}, {@code lead}, {@code first_value},
 *     {@code last_value} or {@code nth_value}
 * @param argument the input column it reads ({@code lag}, {@code lead}, {@code first_value},
 *     {@code last_value}, {@code nth_value}), or -1
 * @param offset {@code lag}/{@code lead}'s offset (default 1), {@code ntile}'s bucket count,
 *     {@code nth_value}'s n; 0 when unused
 * @param defaultValue {@code lag}/{@code lead}'s default where the offset row does not exist (a
 *     literal), or {@code null} for NULL
 * @param type the result's type
 */
public record WindowFunctionCall(String function, int argument, long offset, Expr.Literal defaultValue,
        DataType type) {

    public WindowFunctionCall {
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(type, "type");
    }
}
