package org.wadi.sql.internal;

import java.math.BigDecimal;
import java.util.List;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeFamily;

/**
 * Recognises the time bounds of an interval join in a join's condition: comparisons between the
 * two sides' event times, each optionally shifted by a constant interval, such as
 * {@code b._timestamp BETWEEN a._timestamp - INTERVAL '5' SECOND AND a._timestamp + INTERVAL '1' MINUTE}
 * (which Calcite has expanded into {@code >=} and {@code <=}). The bounds are kept as
 * {@code lower <= right - left <= upper} in nanoseconds.
 */
final class IntervalBounds {

    private IntervalBounds() {
    }

    /** An event-time column shifted by a constant: {@code column + offsetNanos}. */
    private record Shifted(int column, long offsetNanos) {
    }

    /**
     * Finds both bounds, removing the conjuncts that express them from {@code conjuncts}.
     *
     * @param leftTime the join row's field of the left side's event time
     * @param rightTime the join row's field of the right side's event time
     * @return {@code {lower, upper}}, or {@code null} when the conjuncts do not bound both ways
     *     (then {@code conjuncts} is unchanged)
     */
    static long[] find(List<RexNode> conjuncts, int leftTime, int rightTime, RelDataType joinRow) {
        if (leftTime < 0 || rightTime < 0 || !isTimestamp(joinRow, leftTime) || !isTimestamp(joinRow, rightTime)) {
            return null;
        }
        Long lower = null;
        Long upper = null;
        List<RexNode> used = new java.util.ArrayList<>();
        for (RexNode c : conjuncts) {
            if (!(c instanceof RexCall call) || call.getOperands().size() != 2) {
                continue;
            }
            SqlKind op = call.getKind();
            if (op != SqlKind.GREATER_THAN_OR_EQUAL && op != SqlKind.GREATER_THAN && op != SqlKind.LESS_THAN_OR_EQUAL
                    && op != SqlKind.LESS_THAN) {
                continue;
            }
            Shifted a = shifted(call.getOperands().get(0));
            Shifted b = shifted(call.getOperands().get(1));
            if (a == null || b == null) {
                continue;
            }
            // normalise to: right - left <op> constant
            long constant;
            if (a.column() == rightTime && b.column() == leftTime) {
                // right + a <op> left + b  =>  right - left <op> b - a
                constant = b.offsetNanos() - a.offsetNanos();
            } else if (a.column() == leftTime && b.column() == rightTime) {
                // left + a <op> right + b  =>  right - left <flipped op> a - b
                constant = a.offsetNanos() - b.offsetNanos();
                op = op.reverse();
            } else {
                continue;
            }
            switch (op) {
                case GREATER_THAN_OR_EQUAL -> lower = lower == null ? constant : Math.max(lower, constant);
                case GREATER_THAN -> lower = lower == null ? constant + 1 : Math.max(lower, constant + 1);
                case LESS_THAN_OR_EQUAL -> upper = upper == null ? constant : Math.min(upper, constant);
                default -> upper = upper == null ? constant - 1 : Math.min(upper, constant - 1);
            }
            used.add(c);
        }
        if (lower == null || upper == null) {
            return null;
        }
        if (lower > upper) {
            throw new UnsupportedException("the join's time bounds admit no pair of rows: the right side's event "
                    + "time must be at least " + lower + " ns and at most " + upper + " ns after the left side's");
        }
        conjuncts.removeAll(used);
        return new long[] {lower, upper};
    }

    private static boolean isTimestamp(RelDataType row, int field) {
        return field >= 0 && field < row.getFieldCount()
                && row.getFieldList().get(field).getName().startsWith(org.wadi.spi.types.Schema.TIMESTAMP_FIELD);
    }

    /** {@code $i}, {@code $i + interval} or {@code $i - interval}; null otherwise. */
    private static Shifted shifted(RexNode node) {
        if (node instanceof RexInputRef ref) {
            return new Shifted(ref.getIndex(), 0);
        }
        if (node instanceof RexCall call && call.getOperands().size() == 2
                && (call.getKind() == SqlKind.PLUS || call.getKind() == SqlKind.MINUS)
                && call.getOperands().get(0) instanceof RexInputRef ref
                && call.getOperands().get(1) instanceof RexLiteral lit
                && lit.getType().getSqlTypeName().getFamily() == SqlTypeFamily.INTERVAL_DAY_TIME) {
            BigDecimal millis = lit.getValueAs(BigDecimal.class);
            if (millis == null) {
                return null;
            }
            long nanos = millis.multiply(BigDecimal.valueOf(1_000_000L)).longValueExact();
            return new Shifted(ref.getIndex(), call.getKind() == SqlKind.PLUS ? nanos : -nanos);
        }
        return null;
    }
}
