package org.wadi.sql.internal;

import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql2rel.SqlRexConvertlet;
import org.apache.calcite.sql2rel.SqlRexConvertletTable;
import org.apache.calcite.sql2rel.StandardConvertletTable;

/**
 * How validated SQL calls become row expressions: Calcite's own way, with the planner's event-time
 * call ({@link Retiming#EVENT_TIME}), and without a CAST to the type its operand has already: Calcite
 * keeps one for {@code CAST(flag AS BOOLEAN)}, folds {@code CAST(flag AS BOOLEAN) AND TRUE} into it,
 * and then its own filter refuses a condition that is a cast changing nothing but nullability.
 */
final class WadiConvertlets implements SqlRexConvertletTable {

    static final WadiConvertlets INSTANCE = new WadiConvertlets();

    private WadiConvertlets() {
    }

    /** A CAST to the type its operand has already is the operand. */
    private static RexNode withoutIdentityCast(RexNode converted) {
        if (converted instanceof RexCall cast && cast.getKind() == SqlKind.CAST && cast.getOperands().size() == 1
                && cast.getType().equals(cast.getOperands().get(0).getType())) {
            return cast.getOperands().get(0);
        }
        return converted;
    }

    @Override
    public SqlRexConvertlet get(SqlCall call) {
        if (call.getOperator() == Retiming.EVENT_TIME) {
            return Retiming::convert;
        }
        SqlRexConvertlet standard = StandardConvertletTable.INSTANCE.get(call);
        if (standard != null && call.getKind() == SqlKind.CAST) {
            return (cx, c) -> withoutIdentityCast(standard.convertCall(cx, c));
        }
        return standard;
    }
}
