package org.wadi.worker.internal.agg;

import java.util.List;
import java.util.Locale;
import org.wadi.spi.function.FunctionRef;
import org.wadi.spi.plan.AggregateCall;
import org.wadi.spi.plan.SortKey;
import org.wadi.spi.types.DataType;
import org.wadi.spi.types.Schema;
import org.wadi.spi.types.TypeId;
import org.wadi.worker.internal.expr.FunctionResolver;
import org.wadi.worker.internal.expr.PlanException;

/**
 * Makes the {@link AggColumn} of an {@link AggregateCall}: the primitive fast paths for
 * {@code count}, {@code sum}, {@code avg}, {@code min} and {@code max} of an append input, state
 * objects per group for the others (see each function's class for its algorithm).
 */
public final class Aggregates {

    /** The functions the engine runs, by their DataFusion names. */
    public static final List<String> FUNCTIONS = List.of("count", "sum", "min", "max", "avg", "var_samp", "var_pop",
            "stddev_samp", "stddev_pop", "covar_samp", "covar_pop", "corr", "regr_count", "regr_avgx", "regr_avgy",
            "regr_sxx", "regr_syy", "regr_sxy", "regr_slope", "regr_intercept", "regr_r2", "bit_and", "bit_or",
            "bit_xor", "bool_and", "bool_or", "array_agg", "string_agg", "first_value", "last_value", "nth_value",
            "median", "approx_median", "approx_distinct", "approx_percentile_cont",
            "approx_percentile_cont_with_weight");

    /** The functions whose result depends on the order of values, which an ORDER BY in the call sets. */
    public static final List<String> ORDERED = List.of("array_agg", "string_agg", "first_value", "last_value",
            "nth_value");

    private Aggregates() {
    }

    /**
     * The column computing {@code call} over rows of {@code input}.
     *
     * @param retracting whether rows are also taken out (the input is updating)
     */
    public static AggColumn create(AggregateCall call, Schema input, boolean retracting) throws PlanException {
        return create(call, input, retracting, null);
    }

    /**
     * The column computing {@code call} over rows of {@code input}, user-defined aggregates looked
     * up in {@code functions} (the OSGi services of the worker's framework when null).
     *
     * @param retracting whether rows are also taken out (the input is updating)
     */
    public static AggColumn create(AggregateCall call, Schema input, boolean retracting, FunctionResolver functions)
            throws PlanException {
        int columns = input.size() - (input.isUpdating() ? 2 : 1);
        String fn = call.function().toLowerCase(Locale.ROOT);
        if (call.argument() >= columns) {
            throw new PlanException("aggregate " + fn + " reads column " + call.argument() + ", but the input has "
                    + columns + " columns", "internal");
        }
        for (int a : call.moreArguments()) {
            if (a >= columns) {
                throw new PlanException("aggregate " + fn + " reads column " + a + ", but the input has " + columns
                        + " columns", "internal");
            }
        }
        if (call.filter() >= columns) {
            throw new PlanException("aggregate " + fn + " filters by column " + call.filter() + ", but the input has "
                    + columns + " columns", "internal");
        }
        for (SortKey k : call.orderBy()) {
            if (k.column() < 0 || k.column() >= columns) {
                throw new PlanException("aggregate " + fn + " orders by column " + k.column() + ", but the input has "
                        + columns + " columns", "internal");
            }
        }
        AggColumn column = unfiltered(fn, call, input, columns, retracting, functions);
        if (call.filtered()) {
            if (input.field(call.filter()).type().id() != TypeId.BOOLEAN) {
                throw new PlanException("the FILTER (WHERE …) condition of aggregate " + fn + " must be BOOLEAN, not "
                        + input.field(call.filter()).type(), "user");
            }
            return new FilteredColumn(call.filter(), column);
        }
        return column;
    }

    private static AggColumn unfiltered(String fn, AggregateCall call, Schema input, int columns, boolean retracting,
            FunctionResolver functions) throws PlanException {
        if (FunctionRef.isEncoded(call.function())) {
            // a user-defined aggregate, as the plan names it (bundle and version)
            return UserAggregateFunction.column(call, input, retracting,
                    functions != null ? functions : FunctionResolver.osgi());
        }
        if (!FUNCTIONS.contains(fn)) {
            throw new PlanException("aggregate function '" + call.function() + "' is not supported; supported: "
                    + String.join(", ", FUNCTIONS), "user");
        }
        if (!call.orderBy().isEmpty() && !ORDERED.contains(fn)) {
            throw new PlanException("ORDER BY inside " + fn + "(…) is not supported; it orders the values of "
                    + String.join(", ", ORDERED), "user");
        }
        if (call.distinct() || fn.equals("approx_distinct")) {
            if (!call.orderBy().isEmpty()) {
                throw new PlanException("DISTINCT and ORDER BY together are not supported in " + fn + "(…)", "user");
            }
            if (call.argument() < 0 || !call.moreArguments().isEmpty()) {
                throw new PlanException("DISTINCT applies to aggregates of one argument, not to " + fn, "user");
            }
            // the function over one column of distinct values (approx_distinct: their count, exactly)
            String over = fn.equals("approx_distinct") ? "count" : fn;
            AggregateCall inner = new AggregateCall(over, 0, false, call.type(), List.of(), call.parameters());
            Schema one = Schema.of(input.field(call.argument()), input.field(input.size() - 1));
            return new DistinctColumn(call.argument(), build(over, inner, one, 1, false));
        }
        return build(fn, call, input, columns, retracting);
    }

    private static AggColumn build(String fn, AggregateCall call, Schema input, int columns, boolean retracting)
            throws PlanException {
        DataType out = call.type();
        if (fn.equals("count")) {
            return call.argument() < 0 ? new Counts.CountStar(16) : new Counts.Count(call.argument(), 16);
        }
        if (call.argument() < 0) {
            throw new PlanException("aggregate " + fn + " needs an argument", "internal");
        }
        int arg = call.argument();
        DataType type = input.field(arg).type();
        TypeId in = type.id();
        Numbers.Kind kind = Numbers.kind(in);
        boolean unsigned = in == TypeId.UINT64;
        return switch (fn) {
            case "sum" -> switch (kind) {
                case LONG -> new Counts.SumLong(arg, out, 16);
                case DOUBLE -> new Counts.SumDouble(arg, out, false, false, 16);
                case DECIMAL -> new Counts.SumDecimal(arg, out, false, 16);
                default -> throw unsupported(fn, type);
            };
            case "avg" -> switch (kind) {
                case LONG, DOUBLE -> new Counts.SumDouble(arg, out, true, unsigned, 16);
                case DECIMAL -> new Counts.SumDecimal(arg, out, true, 16);
                default -> throw unsupported(fn, type);
            };
            case "min", "max" -> {
                boolean max = fn.equals("max");
                if (kind == Numbers.Kind.OTHER) {
                    throw unsupported(fn, type);
                }
                if (retracting) {
                    yield new Extremes.MinMaxMultiset(arg, out, max, kind, unsigned);
                }
                yield switch (kind) {
                    case LONG -> new Extremes.MinMaxLong(arg, out, max, unsigned, 16);
                    case DOUBLE -> new Extremes.MinMaxDouble(arg, out, max, 16);
                    default -> new Extremes.MinMaxObject(arg, max, 16);
                };
            }
            case "var_samp", "var_pop", "stddev_samp", "stddev_pop" -> {
                numeric(fn, type);
                yield new StateColumn<>(new Moments(arg, unsigned,
                        Moments.Stat.valueOf(fn.toUpperCase(Locale.ROOT))), retracting);
            }
            case "covar_samp", "covar_pop", "corr", "regr_count", "regr_avgx", "regr_avgy", "regr_sxx", "regr_syy",
                    "regr_sxy", "regr_slope", "regr_intercept", "regr_r2" -> {
                int x = second(fn, call);
                DataType xType = input.field(x).type();
                numeric(fn, type);
                numeric(fn, xType);
                yield new StateColumn<>(new CoMoments(arg, x, unsigned, xType.id() == TypeId.UINT64,
                        CoMoments.Stat.valueOf(fn.toUpperCase(Locale.ROOT))), retracting);
            }
            case "bit_and", "bit_or", "bit_xor" -> {
                if (!Numbers.isInteger(in)) {
                    throw unsupported(fn, type);
                }
                yield new StateColumn<>(new Bits(arg, out, Bits.Op.valueOf(fn.toUpperCase(Locale.ROOT))), retracting);
            }
            case "bool_and", "bool_or" -> {
                if (in != TypeId.BOOLEAN) {
                    throw unsupported(fn, type);
                }
                yield new StateColumn<>(new Bits(arg, out, Bits.Op.valueOf(fn.toUpperCase(Locale.ROOT))), retracting);
            }
            case "array_agg" -> sequence(new Sequences(arg, Sequences.Fn.ARRAY_AGG, 0, null, retracting), call, input,
                    retracting);
            case "string_agg" -> {
                if (in != TypeId.UTF8 && in != TypeId.JSON) {
                    throw unsupported(fn, type);
                }
                String delimiter = call.parameters().isEmpty() ? null : call.parameters().get(0);
                yield sequence(new Sequences(arg, Sequences.Fn.STRING_AGG, 0, delimiter, retracting), call, input,
                        retracting);
            }
            case "first_value" -> sequence(new Sequences(arg, Sequences.Fn.FIRST_VALUE, 1, null, retracting), call,
                    input, retracting);
            case "last_value" -> sequence(new Sequences(arg, Sequences.Fn.LAST_VALUE, -1, null, retracting), call,
                    input, retracting);
            case "nth_value" -> {
                long n = parameter(fn, call);
                if (n == 0) {
                    throw new PlanException("nth_value: n must not be 0 (1 is the first value, -1 the last)", "user");
                }
                yield sequence(new Sequences(arg, Sequences.Fn.NTH_VALUE, n, null, retracting), call, input,
                        retracting);
            }
            case "median" -> {
                numeric(fn, type);
                yield new StateColumn<>(new Quantiles(arg, -1, Double.NaN, out, unsigned), retracting);
            }
            case "approx_median" -> {
                numeric(fn, type);
                yield new StateColumn<>(new Quantiles(arg, -1, 0.5, out, unsigned), retracting);
            }
            case "approx_percentile_cont", "approx_percentile_cont_with_weight" -> {
                numeric(fn, type);
                double p = percentile(fn, call);
                int weight = -1;
                if (fn.endsWith("_with_weight")) {
                    weight = second(fn, call);
                    numeric(fn, input.field(weight).type());
                }
                yield new StateColumn<>(new Quantiles(arg, weight, p, out, unsigned), retracting);
            }
            default -> throw new PlanException("aggregate function '" + fn + "' is not supported", "user");
        };
    }

    /** A function of the values' order: in arrival order, or sorted by the call's ORDER BY. */
    private static AggColumn sequence(Sequences plain, AggregateCall call, Schema input, boolean retracting) {
        if (call.orderBy().isEmpty()) {
            return new StateColumn<>(plain, retracting);
        }
        List<DataType> keyTypes = call.orderBy().stream().map(k -> input.field(k.column()).type()).toList();
        return new StateColumn<>(new OrderedSequences(call.argument(), plain, call.orderBy(), keyTypes), retracting);
    }

    private static int second(String fn, AggregateCall call) throws PlanException {
        if (call.moreArguments().isEmpty()) {
            throw new PlanException("aggregate " + fn + " needs a second argument", "internal");
        }
        return call.moreArguments().get(0);
    }

    private static long parameter(String fn, AggregateCall call) throws PlanException {
        String p = call.parameters().isEmpty() ? null : call.parameters().get(0);
        try {
            return Long.parseLong(p);
        } catch (NumberFormatException e) {
            throw new PlanException(fn + " needs a whole number constant as its second argument, not " + p, "user");
        }
    }

    private static double percentile(String fn, AggregateCall call) throws PlanException {
        String p = call.parameters().isEmpty() ? null : call.parameters().get(0);
        double v;
        try {
            v = Double.parseDouble(p);
        } catch (NumberFormatException | NullPointerException e) {
            throw new PlanException(fn + " needs a constant percentile between 0 and 1, not " + p, "user");
        }
        if (!(v >= 0 && v <= 1)) {
            throw new PlanException(fn + ": the percentile must be between 0.0 and 1.0 inclusive, " + p
                    + " is invalid", "user");
        }
        return v;
    }

    private static void numeric(String fn, DataType type) throws PlanException {
        if (!Numbers.isNumeric(type.id())) {
            throw unsupported(fn, type);
        }
    }

    private static PlanException unsupported(String fn, DataType type) {
        return new PlanException("aggregate " + fn + " over values of type " + type + " is not supported", "user");
    }
}
