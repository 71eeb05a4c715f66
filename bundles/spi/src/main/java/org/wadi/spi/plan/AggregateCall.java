package org.wadi.spi.plan;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.wadi.spi.types.DataType;

/**
 * One aggregate of a {@link WindowAggregateOperator} or an {@link UpdatingAggregateOperator}.
 *
 * <p>Functions, by their DataFusion names (aliases are resolved by the planner): {@code count},
 * {@code sum}, {@code min}, {@code max}, {@code avg}; {@code var_samp}, {@code var_pop},
 * {@code stddev_samp}, {@code stddev_pop}; {@code covar_samp}, {@code covar_pop}, {@code corr},
 * {@code regr_count}, {@code regr_avgx}, {@code regr_avgy}, {@code regr_sxx}, {@code regr_syy},
 * {@code regr_sxy}, {@code regr_slope}, {@code regr_intercept}, {@code regr_r2} (these read
 * {@code argument} and {@code moreArguments[0]}: y and x for the regressions);
 * {@code bit_and}, {@code bit_or}, {@code bit_xor}, {@code bool_and}, {@code bool_or};
 * {@code array_agg}, {@code string_agg} (parameter: the delimiter), {@code first_value},
 * {@code last_value}, {@code nth_value} (parameter: n); {@code median}, {@code approx_median},
 * {@code approx_distinct}, {@code approx_percentile_cont} (parameter: the percentile) and
 * {@code approx_percentile_cont_with_weight} ({@code moreArguments[0]} the weight; parameter: the
 * percentile).
 *
 * @param function the function's lower-case name, as listed above
 * @param argument the input column it aggregates, or -1 for {@code count(*)}
 * @param distinct whether only distinct values of {@code argument} count ({@code count(DISTINCT x)})
 * @param type the result's type; NULL when no non-null value was aggregated (except {@code count},
 *     {@code regr_count} and {@code approx_distinct}, which are then 0)
 * @param moreArguments further input columns the function reads after {@code argument}; never null
 *     (an older plan without it reads as empty)
 * @param parameters the function's constant arguments as text (a NULL one as {@code null}):
 *     {@code string_agg}'s delimiter, {@code nth_value}'s n, a percentile; never null
 * @param filter {@code FILTER (WHERE …)}: the BOOLEAN input column a row must hold TRUE in to be
 *     aggregated, or -1 (also for an older plan without it) for every row
 * @param orderBy {@code f(x ORDER BY y …)}: the input columns that order the values of
 *     {@code array_agg}, {@code string_agg}, {@code first_value}, {@code last_value} and
 *     {@code nth_value} (empty: the order rows arrive in); never null
 * @since 1.4
 */
public record AggregateCall(String function, int argument, boolean distinct, DataType type,
        List<Integer> moreArguments, List<String> parameters, Integer filter, List<SortKey> orderBy) {

    public AggregateCall {
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(type, "type");
        if (argument < -1) {
            throw new IllegalArgumentException("aggregate argument index " + argument + " is not a column");
        }
        moreArguments = moreArguments == null ? List.of() : List.copyOf(moreArguments);
        for (int a : moreArguments) {
            if (a < 0) {
                throw new IllegalArgumentException("aggregate " + function + ": argument index " + a
                        + " is not a column");
            }
        }
        // List.copyOf refuses nulls: a NULL delimiter is a parameter
        parameters = parameters == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(parameters));
        filter = filter == null ? -1 : filter;
        if (filter < -1) {
            throw new IllegalArgumentException("aggregate " + function + ": filter index " + filter
                    + " is not a column");
        }
        orderBy = orderBy == null ? List.of() : List.copyOf(orderBy);
    }

    /** A call without FILTER and ORDER BY. */
    public AggregateCall(String function, int argument, boolean distinct, DataType type,
            List<Integer> moreArguments, List<String> parameters) {
        this(function, argument, distinct, type, moreArguments, parameters, -1, List.of());
    }

    /** Whether only rows with TRUE in column {@link #filter} are aggregated. */
    public boolean filtered() {
        return filter >= 0;
    }

    /** A call of one argument (or none) without constant parameters. */
    public AggregateCall(String function, int argument, boolean distinct, DataType type) {
        this(function, argument, distinct, type, List.of(), List.of());
    }
}
