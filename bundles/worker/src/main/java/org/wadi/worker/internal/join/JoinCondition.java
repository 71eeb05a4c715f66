package org.wadi.worker.internal.join;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.wadi.spi.connector.Collector;
import org.wadi.spi.plan.CalcOperator;
import org.wadi.spi.plan.Expr;
import org.wadi.spi.plan.JoinOperator;
import org.wadi.spi.types.DataType;
import org.wadi.spi.types.Field;
import org.wadi.spi.types.Schema;
import org.wadi.spi.types.TypeId;
import org.wadi.worker.internal.expr.CalcFunction;
import org.wadi.worker.internal.expr.ExprCompiler;
import org.wadi.worker.internal.expr.PlanException;

/**
 * A join's further condition beyond its equal keys ({@link JoinOperator#condition()}), compiled to
 * bytecode, tested on a candidate pair of rows.
 *
 * <p>The condition is an expression over the concatenated side columns (the left row's, then the
 * right row's, each with its {@code _timestamp}, neither with {@code _op}). It is compiled as the
 * filter of a calc whose one projection is a constant: a pair matches when the calc emits a row
 * (the condition is TRUE; NULL and FALSE do not match). Each pair is copied into one reused array,
 * so testing allocates nothing but what the generated calc does. Not thread-safe: one per operator
 * instance.
 */
public abstract class JoinCondition {

    /** Whether the pair matches; either side may be a row of its input schema as received. */
    public abstract boolean test(Object[] left, Object[] right);

    /** The compiled condition of {@code spec}, or {@code null} when it has none. */
    public static JoinCondition compile(String operatorId, JoinOperator spec, ExprCompiler compiler)
            throws PlanException {
        Expr condition = spec.condition();
        if (condition == null) {
            return null;
        }
        if (condition.type().id() != TypeId.BOOLEAN) {
            throw new PlanException("the join condition of " + operatorId + " is of type " + condition.type()
                    + ", expected BOOLEAN", "internal");
        }
        Schema pair = concatenated(spec.left(), spec.right());
        checkReferences(operatorId, condition, pair);
        CalcOperator calc = new CalcOperator(pair, condition, List.of(new Expr.Literal("true", DataType.BOOLEAN)),
                Schema.of(Field.of("matched", DataType.BOOLEAN)));
        CalcFunction function = compiler.compile(operatorId, calc).newInstance();
        return new Compiled(function, spec.left(), spec.right());
    }

    /**
     * The columns the condition reads: the left schema's then the right schema's, without
     * {@code _op}, the two {@code _timestamp}s named {@value JoinOperator#LEFT_TIMESTAMP} and
     * {@value JoinOperator#RIGHT_TIMESTAMP}, other duplicate names made unique with a suffix.
     */
    static Schema concatenated(Schema left, Schema right) {
        List<Field> fields = new ArrayList<>();
        Set<String> names = new HashSet<>();
        addSide(left, JoinOperator.LEFT_TIMESTAMP, fields, names);
        addSide(right, JoinOperator.RIGHT_TIMESTAMP, fields, names);
        return new Schema(fields);
    }

    private static void addSide(Schema side, String timestampName, List<Field> fields, Set<String> names) {
        for (Field f : side.fields()) {
            if (f.name().equals(Schema.OP_FIELD)) {
                continue;
            }
            String name = f.name().equals(Schema.TIMESTAMP_FIELD) ? timestampName : f.name();
            String unique = name;
            for (int n = 1; !names.add(unique); n++) {
                unique = name + "_" + n;
            }
            fields.add(new Field(unique, f.type(), f.nullable()));
        }
    }

    private static void checkReferences(String operatorId, Expr e, Schema pair) throws PlanException {
        if (e instanceof Expr.InputRef ref && (ref.index() < 0 || ref.index() >= pair.size())) {
            throw new PlanException("the join condition of " + operatorId + " reads column " + ref.index()
                    + " of a pair that has " + pair.size() + " columns", "internal");
        }
        if (e instanceof Expr.Call call) {
            for (Expr operand : call.operands()) {
                checkReferences(operatorId, operand, pair);
            }
        }
    }

    /** The generated calc, fed the pair through one reused array. */
    private static final class Compiled extends JoinCondition implements Collector {

        private final CalcFunction function;
        /** The left side's columns before {@code _op} (all of them when it has none). */
        private final int leftHead;
        /** Where the left side's columns after its {@code _op} start, in its row; -1 when none. */
        private final int leftTail;
        private final int leftColumns;
        private final int rightHead;
        private final int rightTail;
        private final Object[] pair;
        private boolean emitted;

        Compiled(CalcFunction function, Schema left, Schema right) {
            this.function = function;
            this.leftColumns = left.size() - (left.isUpdating() ? 1 : 0);
            this.leftHead = left.isUpdating() ? left.size() - 2 : left.size();
            this.leftTail = left.isUpdating() ? left.size() - 1 : -1;
            this.rightHead = right.isUpdating() ? right.size() - 2 : right.size();
            this.rightTail = right.isUpdating() ? right.size() - 1 : -1;
            this.pair = new Object[leftColumns + right.size() - (right.isUpdating() ? 1 : 0)];
        }

        @Override
        public boolean test(Object[] left, Object[] right) {
            Object[] p = pair;
            System.arraycopy(left, 0, p, 0, leftHead);
            if (leftTail >= 0) {
                p[leftHead] = left[leftTail];
            }
            System.arraycopy(right, 0, p, leftColumns, rightHead);
            if (rightTail >= 0) {
                p[leftColumns + rightHead] = right[rightTail];
            }
            emitted = false;
            function.process(p, this);
            return emitted;
        }

        /** The calc emitted its constant row: the condition was TRUE. */
        @Override
        public void collect(Object[] row) {
            emitted = true;
        }
    }
}
