package org.wadi.sql.internal;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToIntFunction;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlAggFunction;
import org.apache.calcite.sql.SqlKind;
import org.wadi.spi.plan.SortKey;

/**
 * Translates Calcite's aggregate calls into the plan's: the function's DataFusion name, its
 * columns (the value, and the second variable or the weight where there is one) and its constant
 * arguments (a delimiter, n, a percentile), which must be literals.
 */
final class AggregateCalls {

    private AggregateCalls() {
    }

    /**
     * The plan's call for {@code call}, whose arguments index {@code inputs} (the expressions under
     * the aggregate); {@code column} makes an expression an input column of the aggregate operator
     * and returns its index.
     */
    static org.wadi.spi.plan.AggregateCall translate(AggregateCall call, List<RexNode> inputs,
            ToIntFunction<RexNode> column) {
        SqlAggFunction op = call.getAggregation();
        if (op instanceof UserFunctions.Aggregate udaf) {
            // a user-defined aggregate: its plan name is its reference, its arguments columns in order
            if (call.isDistinct() || !call.collation.getFieldCollations().isEmpty()) {
                throw new UnsupportedException("DISTINCT and ORDER BY are not supported in the user-defined aggregate "
                        + op.getName());
            }
            List<Integer> args = call.getArgList();
            int first = args.isEmpty() ? -1 : column.applyAsInt(inputs.get(args.get(0)));
            List<Integer> more = new ArrayList<>();
            for (int a : args.subList(Math.min(1, args.size()), args.size())) {
                more.add(column.applyAsInt(inputs.get(a)));
            }
            return new org.wadi.spi.plan.AggregateCall(udaf.ref().encode(), first, false, Types.toWadi(call.getType()),
                    more, List.of(), filter(call, inputs, column), List.of());
        }
        String function = switch (op.getKind()) {
            case COUNT -> "count";
            case SUM, SUM0 -> "sum";
            case MIN -> "min";
            case MAX -> "max";
            case AVG -> "avg";
            case GROUPING, GROUPING_ID, GROUP_ID -> throw new UnsupportedException(op.getName().toLowerCase(Locale.ROOT)
                    + "() tells the rows of GROUPING SETS, ROLLUP and CUBE apart, which are not supported");
            default -> {
                if (!AggregateFunctions.isOne(op)) {
                    throw new UnsupportedException("the aggregate " + op.getName() + " is not supported; supported: "
                            + SupportCheck.SUPPORTED_AGGREGATES);
                }
                yield AggregateFunctions.canonical(op);
            }
        };
        if (call.ignoreNulls()) {
            throw new UnsupportedException(function + " … IGNORE NULLS is not supported: NULL values are respected");
        }
        List<Integer> args = call.getArgList();
        List<RelFieldCollation> order = call.collation.getFieldCollations();
        boolean percentile = function.startsWith("approx_percentile_cont");
        boolean ordered = AggregateFunctions.ORDERED.contains(function);
        if (!order.isEmpty() && !percentile && !ordered) {
            throw new UnsupportedException("ORDER BY inside " + function + "(…) is not supported: it orders the values "
                    + "of " + String.join(", ", AggregateFunctions.ORDERED));
        }
        if (!order.isEmpty() && ordered && call.isDistinct()) {
            throw new UnsupportedException("DISTINCT and ORDER BY together are not supported in " + function + "(…)");
        }
        if (order.size() > 1 && percentile) {
            throw new UnsupportedException(function + " … WITHIN GROUP orders by one value, not " + order.size());
        }
        List<RexNode> columns = new ArrayList<>();
        List<String> parameters = new ArrayList<>();
        switch (function) {
            case "string_agg", "nth_value" -> {
                columns.add(inputs.get(args.get(0)));
                parameters.add(constant(function, inputs.get(args.get(1))));
            }
            case "approx_percentile_cont" -> {
                // (p [, centroids]) WITHIN GROUP (ORDER BY x), or (x, p [, centroids]); centroids only tune
                // DataFusion's t-digest, and Wadi computes the percentile exactly
                boolean within = !order.isEmpty();
                columns.add(inputs.get(within ? order.get(0).getFieldIndex() : args.get(0)));
                parameters.add(percentile(function, inputs.get(args.get(within ? 0 : 1)), order));
            }
            case "approx_percentile_cont_with_weight" -> {
                // (weight, p) WITHIN GROUP (ORDER BY x), or (x, weight, p)
                boolean within = !order.isEmpty();
                if (within && args.size() != 2 || !within && args.size() != 3) {
                    throw new UnsupportedException(function + " takes (weight, percentile) WITHIN GROUP (ORDER BY "
                            + "value), or (value, weight, percentile)");
                }
                columns.add(inputs.get(within ? order.get(0).getFieldIndex() : args.get(0)));
                columns.add(inputs.get(args.get(within ? 0 : 1)));
                parameters.add(percentile(function, inputs.get(args.get(within ? 1 : 2)), order));
            }
            default -> args.forEach(a -> columns.add(inputs.get(a)));
        }
        if (function.equals("approx_percentile_cont") && order.isEmpty() && args.size() < 2) {
            throw new UnsupportedException(function + " takes (percentile) WITHIN GROUP (ORDER BY value), or "
                    + "(value, percentile)");
        }
        if (function.equals("nth_value") && "0".equals(parameters.get(0))) {
            throw new UnsupportedException("nth_value: n must not be 0 (1 is the first value, -1 the last)");
        }
        if (call.isDistinct() && columns.size() != 1) {
            throw new UnsupportedException("DISTINCT applies to aggregates of one argument, not to " + function);
        }
        int argument = columns.isEmpty() ? -1 : column.applyAsInt(columns.get(0));
        List<Integer> more = new ArrayList<>();
        for (RexNode c : columns.subList(Math.min(1, columns.size()), columns.size())) {
            more.add(column.applyAsInt(c));
        }
        List<SortKey> orderBy = new ArrayList<>();
        if (ordered) {
            for (RelFieldCollation o : order) {
                boolean descending = o.getDirection().isDescending();
                RelFieldCollation.NullDirection nulls = o.nullDirection == RelFieldCollation.NullDirection.UNSPECIFIED
                        ? o.getDirection().defaultNullDirection() : o.nullDirection;
                orderBy.add(new SortKey(column.applyAsInt(inputs.get(o.getFieldIndex())), descending,
                        nulls == RelFieldCollation.NullDirection.FIRST));
            }
        }
        return new org.wadi.spi.plan.AggregateCall(function, argument, call.isDistinct(), Types.toWadi(call.getType()),
                more, parameters, filter(call, inputs, column), orderBy);
    }

    /** {@code FILTER (WHERE cond)}: the column of the condition, or -1. */
    private static int filter(AggregateCall call, List<RexNode> inputs, ToIntFunction<RexNode> column) {
        return call.filterArg < 0 ? -1 : column.applyAsInt(inputs.get(call.filterArg));
    }

    /** A constant argument as text (NULL as {@code null}). */
    private static String constant(String function, RexNode node) {
        while (node instanceof RexCall c && c.getKind() == SqlKind.CAST) {
            node = c.getOperands().get(0);
        }
        if (!(node instanceof RexLiteral lit)) {
            throw new UnsupportedException("the " + (function.equals("string_agg") ? "delimiter" : "argument") + " of "
                    + function + " must be a constant, not " + node);
        }
        if (lit.isNull()) {
            return null;
        }
        if (lit.getValue() instanceof BigDecimal || lit.getValue() instanceof Number) {
            return lit.getValueAs(BigDecimal.class).stripTrailingZeros().toPlainString();
        }
        return lit.getValueAs(String.class);
    }

    /** The percentile, between 0 and 1; ordered descending, it counts from the top. */
    private static String percentile(String function, RexNode node, List<RelFieldCollation> order) {
        String text = constant(function, node);
        double p;
        try {
            p = Double.parseDouble(text);
        } catch (NumberFormatException | NullPointerException e) {
            throw new UnsupportedException(function + " needs a constant percentile between 0 and 1, not " + text);
        }
        if (!(p >= 0 && p <= 1)) {
            throw new UnsupportedException(function + ": the percentile must be between 0.0 and 1.0 inclusive, "
                    + text + " is invalid");
        }
        if (!order.isEmpty() && order.get(0).getDirection().isDescending()) {
            return new BigDecimal(text).negate().add(BigDecimal.ONE).stripTrailingZeros().toPlainString();
        }
        return text;
    }
}
