package org.wadi.spi.plan;

import java.util.Objects;
import org.wadi.spi.types.DataType;

/**
 * One aggregate of a {@link WindowAggregateOperator}.
 *
 * @param function {@code count}, {@code sum}, {@code min}, {@code max} or {@code avg}
 * @param argument the input column it aggregates, or -1 for {@code count(*)}
 * @param distinct whether only distinct values count ({@code count(DISTINCT x)}); not supported by
 *     the runtime yet, always {@code false} from the planner
 * @param type the result's type; NULL when no non-null value was aggregated (except {@code count},
 *     which is then 0)
 */
public record AggregateCall(String function, int argument, boolean distinct, DataType type) {

    public AggregateCall {
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(type, "type");
        if (argument < -1) {
            throw new IllegalArgumentException("aggregate argument index " + argument + " is not a column");
        }
    }
}
