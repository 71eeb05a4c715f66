package org.wadi.sql.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * The aggregate functions DataFusion 48 registers by default (so Arroyo), each with an example run
 * through the planner and the worker ({@link FunctionsTest#aggregateExample}) over the first
 * second of {@link SqlWindowEndToEndTest.Events}: v = 0 … 99 in order, k = v % 5. The window
 * functions are listed as the worker's OVER operator runs them.
 */
final class AggregateCases {

    private AggregateCases() {
    }

    static final List<FunctionCases.Pinned> PINNED = new ArrayList<>();
    static final List<FunctionCases.Case> CASES = new ArrayList<>();
    /** The window functions of DataFusion 48 (all run by the OVER operator over windowed rows). */
    static final List<String> WINDOW_FUNCTIONS = List.of("row_number", "rank", "dense_rank", "percent_rank",
            "cume_dist", "ntile", "lag", "lead", "first_value", "last_value", "nth_value");

    private static void pin(String name, String... aliases) {
        PINNED.add(new FunctionCases.Pinned("Aggregate functions", name, List.of(aliases), null));
    }

    private static void ex(String function, String sql, String expected) {
        CASES.add(new FunctionCases.Case(function, sql, expected));
    }

    static {
        pin("avg", "mean");
        ex("avg", "avg(v)", "49.5");
        ex("mean", "mean(v)", "49.5");
        pin("count");
        ex("count", "count(DISTINCT k)", "5");
        ex("count", "count(*) FILTER (WHERE k = 0)", "20");
        ex("count", "count(DISTINCT k) FILTER (WHERE v % 2 = 0)", "5");
        pin("sum");
        ex("sum", "sum(v)", "4950");
        pin("min");
        ex("min", "min(v)", "0");
        pin("max");
        ex("max", "max(v)", "99");
        pin("array_agg");
        ex("array_agg", "array_agg(DISTINCT k)", "[0, 1, 2, 3, 4]");
        ex("array_agg", "array_agg(k ORDER BY v DESC) FILTER (WHERE v < 5)", "[4, 3, 2, 1, 0]");
        pin("string_agg");
        ex("string_agg", "string_agg(DISTINCT CAST(k AS TEXT), ',')", "0,1,2,3,4");
        ex("string_agg", "string_agg(CAST(v AS TEXT), ',' ORDER BY v DESC) FILTER (WHERE v >= 97)", "99,98,97");
        pin("bit_and");
        ex("bit_and", "bit_and(v + 128)", "128");
        pin("bit_or");
        ex("bit_or", "bit_or(v)", "127");
        pin("bit_xor");
        ex("bit_xor", "bit_xor(k)", "0");
        pin("bool_and");
        ex("bool_and", "bool_and(v >= 0)", "true");
        pin("bool_or");
        ex("bool_or", "bool_or(v > 98)", "true");
        pin("first_value");
        ex("first_value", "first_value(v)", "0");
        ex("first_value", "first_value(v ORDER BY k DESC, v)", "4");
        pin("last_value");
        ex("last_value", "last_value(v)", "99");
        ex("last_value", "last_value(v ORDER BY v DESC)", "0");
        pin("nth_value");
        ex("nth_value", "nth_value(v, 3)", "2");
        ex("nth_value", "nth_value(v, 2 ORDER BY v DESC)", "98");
        pin("median");
        ex("median", "median(v)", "49");
        pin("var", "var_samp", "var_sample");
        ex("var", "var(v)", "841.6666666666666");
        ex("var_samp", "var_samp(v)", "841.6666666666666");
        ex("var_sample", "var_sample(v)", "841.6666666666666");
        // variance: the name Arroyo's planner tests use for it
        ex("var_samp", "variance(v)", "841.6666666666666");
        pin("var_pop", "var_population");
        ex("var_pop", "var_pop(v)", "833.25");
        ex("var_population", "var_population(v)", "833.25");
        pin("stddev", "stddev_samp");
        ex("stddev", "stddev(v)", "29.011491975882016");
        ex("stddev_samp", "stddev_samp(v)", "29.011491975882016");
        pin("stddev_pop");
        ex("stddev_pop", "stddev_pop(v)", "28.86607004772212");
        pin("covar_samp", "covar");
        ex("covar_samp", "covar_samp(v, 2 * v)", "1683.3333333333333");
        ex("covar", "covar(v, 2 * v)", "1683.3333333333333");
        pin("covar_pop");
        ex("covar_pop", "covar_pop(v, 2 * v)", "1666.5");
        pin("corr");
        ex("corr", "\"corr\"(v, 2 * v)", "1.0");
        pin("regr_avgx");
        ex("regr_avgx", "\"regr_avgx\"(v, 2 * v)", "99.0");
        pin("regr_avgy");
        ex("regr_avgy", "\"regr_avgy\"(v, k)", "49.5");
        pin("regr_count");
        ex("regr_count", "regr_count(v, k)", "100");
        pin("regr_intercept");
        ex("regr_intercept", "\"regr_intercept\"(2 * v + 1, v)", "1.0");
        pin("regr_r2");
        ex("regr_r2", "\"regr_r2\"(2 * v + 1, v)", "1.0");
        pin("regr_slope");
        ex("regr_slope", "\"regr_slope\"(2 * v + 1, v)", "2.0");
        pin("regr_sxx");
        ex("regr_sxx", "regr_sxx(v, k)", "200.0");
        pin("regr_syy");
        ex("regr_syy", "regr_syy(v, k)", "83325.0");
        pin("regr_sxy");
        ex("regr_sxy", "\"regr_sxy\"(2 * v, v)", "166650.0");
        pin("approx_distinct");
        ex("approx_distinct", "approx_distinct(k)", "5");
        pin("approx_median");
        ex("approx_median", "approx_median(v)", "49");
        pin("approx_percentile_cont");
        ex("approx_percentile_cont", "approx_percentile_cont(0.25) WITHIN GROUP (ORDER BY v)", "24.75");
        pin("approx_percentile_cont_with_weight");
        ex("approx_percentile_cont_with_weight",
                "approx_percentile_cont_with_weight(1, 0.25) WITHIN GROUP (ORDER BY v)", "24.75");
        PINNED.add(new FunctionCases.Pinned("Aggregate functions", "grouping", List.of(),
                "not applicable: GROUPING SETS, ROLLUP and CUBE are not supported, so every group is a plain one"));
    }
}
