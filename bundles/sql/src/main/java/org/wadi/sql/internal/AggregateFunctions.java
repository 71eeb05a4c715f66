package org.wadi.sql.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.SqlAggFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlOperandTypeChecker;
import org.apache.calcite.sql.type.SqlReturnTypeInference;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.util.Optionality;

/**
 * The aggregate functions DataFusion 48 registers by default (and so Arroyo), beyond Calcite's
 * {@code count}, {@code sum}, {@code min}, {@code max} and {@code avg}: by their DataFusion names,
 * aliases, operands and result types. {@link WadiFunctions} looks them up before Calcite's own
 * (whose {@code var_pop}, {@code stddev}, … type and expand differently, and whose
 * {@code first_value} needs {@code OVER}). The planner turns a call into an
 * {@code AggregateCall} of the {@link #canonical} name.
 */
final class AggregateFunctions {

    private AggregateFunctions() {
    }

    private static final SqlReturnTypeInference DOUBLE = ReturnTypes.DOUBLE_FORCE_NULLABLE;
    /** A count: never NULL, an unsigned BIGINT as DataFusion's UInt64. */
    private static final SqlReturnTypeInference COUNT = b -> b.getTypeFactory().createSqlType(SqlTypeName.UBIGINT);
    private static final SqlReturnTypeInference ARG0 = ReturnTypes.ARG0_FORCE_NULLABLE;
    private static final SqlReturnTypeInference BOOLEAN = ReturnTypes.BOOLEAN_FORCE_NULLABLE;
    private static final SqlReturnTypeInference TEXT = ReturnTypes.VARCHAR_FORCE_NULLABLE;
    /** array_agg: an array of the argument's type, its elements nullable (NULLs are kept). */
    private static final SqlReturnTypeInference ARRAY = b -> {
        RelDataTypeFactory f = b.getTypeFactory();
        RelDataType element = f.createTypeWithNullability(b.getOperandType(0), true);
        return f.createTypeWithNullability(f.createArrayType(element, -1), true);
    };
    /**
     * The percentiles: DOUBLE. (DataFusion returns the value's type; Calcite's validator does not
     * show the WITHIN GROUP expression's type to the function, so both forms are DOUBLE here.)
     */
    private static final SqlReturnTypeInference VALUE = ReturnTypes.DOUBLE_FORCE_NULLABLE;

    /** The functions whose values an ORDER BY inside the call orders ({@code array_agg(x ORDER BY y)}). */
    static final List<String> ORDERED = List.of("array_agg", "string_agg", "first_value", "last_value", "nth_value");

    /** Name (lower case) → the function, with its aliases. */
    private static final Map<String, SqlAggFunction> BY_NAME = new LinkedHashMap<>();
    /** Alias → the DataFusion name the engine knows. */
    private static final Map<String, String> CANONICAL = new LinkedHashMap<>();

    static {
        add("mean", "avg", ReturnTypes.AVG_AGG_FUNCTION, OperandTypes.NUMERIC);
        // variance: the name Arroyo's planner tests use (median_variance), the sample variance as var
        for (String name : List.of("var_samp", "var", "var_sample", "variance")) {
            add(name, "var_samp", DOUBLE, OperandTypes.NUMERIC);
        }
        for (String name : List.of("var_pop", "var_population")) {
            add(name, "var_pop", DOUBLE, OperandTypes.NUMERIC);
        }
        for (String name : List.of("stddev_samp", "stddev")) {
            add(name, "stddev_samp", DOUBLE, OperandTypes.NUMERIC);
        }
        add("stddev_pop", "stddev_pop", DOUBLE, OperandTypes.NUMERIC);
        for (String name : List.of("covar_samp", "covar")) {
            add(name, "covar_samp", DOUBLE, OperandTypes.NUMERIC_NUMERIC);
        }
        add("covar_pop", "covar_pop", DOUBLE, OperandTypes.NUMERIC_NUMERIC);
        add("corr", "corr", DOUBLE, OperandTypes.NUMERIC_NUMERIC);
        add("regr_count", "regr_count", COUNT, OperandTypes.NUMERIC_NUMERIC);
        for (String name : List.of("regr_avgx", "regr_avgy", "regr_sxx", "regr_syy", "regr_sxy", "regr_slope",
                "regr_intercept", "regr_r2")) {
            add(name, name, DOUBLE, OperandTypes.NUMERIC_NUMERIC);
        }
        for (String name : List.of("bit_and", "bit_or", "bit_xor")) {
            add(name, name, ARG0, OperandTypes.INTEGER);
        }
        for (String name : List.of("bool_and", "bool_or")) {
            add(name, name, BOOLEAN, OperandTypes.BOOLEAN);
        }
        add("array_agg", "array_agg", ARRAY, OperandTypes.ANY);
        add("string_agg", "string_agg", TEXT, OperandTypes.family(SqlTypeFamily.CHARACTER, SqlTypeFamily.CHARACTER));
        add("first_value", "first_value", ARG0, OperandTypes.ANY);
        add("last_value", "last_value", ARG0, OperandTypes.ANY);
        add("nth_value", "nth_value", ARG0, OperandTypes.family(SqlTypeFamily.ANY, SqlTypeFamily.INTEGER));
        for (String name : List.of("median", "approx_median")) {
            add(name, name, ARG0, OperandTypes.NUMERIC);
        }
        add("approx_distinct", "approx_distinct", COUNT, OperandTypes.ANY);
        // DataFusion 48: approx_percentile_cont(p [, centroids]) WITHIN GROUP (ORDER BY x); the
        // older approx_percentile_cont(x, p [, centroids]) too
        BY_NAME.put("approx_percentile_cont", function("approx_percentile_cont", SqlKind.OTHER_FUNCTION, VALUE,
                OperandTypes.repeat(org.apache.calcite.sql.type.SqlOperandCountRanges.between(1, 3),
                        OperandTypes.NUMERIC), Optionality.OPTIONAL));
        CANONICAL.put("approx_percentile_cont", "approx_percentile_cont");
        // (weight, p) WITHIN GROUP (ORDER BY x), or (x, weight, p)
        BY_NAME.put("approx_percentile_cont_with_weight", function("approx_percentile_cont_with_weight",
                SqlKind.OTHER_FUNCTION, VALUE, OperandTypes.repeat(
                        org.apache.calcite.sql.type.SqlOperandCountRanges.between(2, 3), OperandTypes.NUMERIC),
                Optionality.OPTIONAL));
        CANONICAL.put("approx_percentile_cont_with_weight", "approx_percentile_cont_with_weight");
    }

    private static void add(String name, String canonical, SqlReturnTypeInference ret, SqlOperandTypeChecker operands) {
        BY_NAME.put(name, function(name, SqlKind.OTHER_FUNCTION, ret, operands,
                ORDERED.contains(canonical) ? Optionality.OPTIONAL : Optionality.FORBIDDEN));
        CANONICAL.put(name, canonical);
    }

    /** first_value, last_value, nth_value: their window-function kinds, so that OVER (…) still finds them. */
    private static void add(String name, SqlKind kind, SqlReturnTypeInference ret, SqlOperandTypeChecker operands) {
        BY_NAME.put(name, function(name, kind, ret, operands, Optionality.FORBIDDEN));
        CANONICAL.put(name, name);
    }

    private static SqlAggFunction function(String name, SqlKind kind, SqlReturnTypeInference ret,
            SqlOperandTypeChecker operands, Optionality groupOrder) {
        return new SqlAggFunction(name, null, kind, ret, null, operands, SqlFunctionCategory.SYSTEM, false, false,
                groupOrder) {
        };
    }

    /** The functions, to register. */
    static List<SqlAggFunction> all() {
        return new ArrayList<>(BY_NAME.values());
    }

    /** The function of that name (lower case), or {@code null}. */
    static SqlAggFunction byName(String name) {
        return BY_NAME.get(name);
    }

    /** The names and aliases, lower case. */
    static List<String> names() {
        return new ArrayList<>(BY_NAME.keySet());
    }

    /** Whether {@code op} is one of these functions. */
    static boolean isOne(SqlOperator op) {
        return BY_NAME.get(op.getName().toLowerCase(Locale.ROOT)) == op;
    }

    /** The DataFusion name of one of these functions (an alias resolved), as the engine knows it. */
    static String canonical(SqlOperator op) {
        return CANONICAL.get(op.getName().toLowerCase(Locale.ROOT));
    }
}
