package org.wadi.worker.internal.agg;

import java.io.IOException;
import org.wadi.spi.function.AggregateFunction;
import org.wadi.spi.function.FunctionRef;
import org.wadi.spi.plan.AggregateCall;
import org.wadi.spi.types.DataType;
import org.wadi.spi.types.Schema;
import org.wadi.worker.internal.expr.FunctionResolver;
import org.wadi.worker.internal.expr.PlanException;
import org.wadi.worker.internal.state.StateReader;
import org.wadi.worker.internal.state.StateWriter;

/**
 * A user-defined {@link AggregateFunction} (a function service of a bundle) as the state function
 * of a {@link StateColumn}: each group's accumulator is the function's own object, checkpointed as
 * the bytes its {@link AggregateFunction#serialize} writes.
 */
final class UserAggregateFunction implements StateFunction<UserAggregateFunction.Holder> {

    /** A group's accumulator; {@code add} may replace it. */
    static final class Holder {
        Object accumulator;

        Holder(Object accumulator) {
            this.accumulator = accumulator;
        }
    }

    private final AggregateFunction<Object> function;
    private final FunctionRef ref;
    /** The input columns of the arguments, in the signature's order. */
    private final int[] arguments;
    private final DataType[] argumentTypes;

    private UserAggregateFunction(AggregateFunction<Object> function, FunctionRef ref, int[] arguments) {
        this.function = function;
        this.ref = ref;
        this.arguments = arguments;
        this.argumentTypes = function.signature().arguments().toArray(DataType[]::new);
    }

    /**
     * The column of a call of a user-defined aggregate ({@link FunctionRef#isEncoded} names it).
     *
     * @throws PlanException when the function is not installed here, takes other arguments, or
     *     cannot retract values that an updating input takes out
     */
    static AggColumn column(AggregateCall call, Schema input, boolean retracting, FunctionResolver functions)
            throws PlanException {
        FunctionRef ref;
        try {
            ref = FunctionRef.decode(call.function());
        } catch (IllegalArgumentException e) {
            throw new PlanException(e.getMessage(), "internal");
        }
        AggregateFunction<Object> f = functions.aggregate(ref);
        int declared = f.signature().arguments().size();
        int given = call.argument() < 0 ? 0 : 1 + call.moreArguments().size();
        if (declared == 0 || given != declared) {
            throw new PlanException("aggregate function '" + f.signature() + "' of " + ref.origin() + " takes "
                    + declared + " argument" + (declared == 1 ? "" : "s") + ", the plan gives it " + given, "user");
        }
        if (call.distinct() || !call.orderBy().isEmpty()) {
            throw new PlanException("DISTINCT and ORDER BY are not supported for the user-defined aggregate '"
                    + ref.name() + "'", "user");
        }
        if (retracting && !f.retractable()) {
            throw new PlanException("aggregate function '" + ref.name() + "' of " + ref.origin() + " cannot take values"
                    + " out again, so it cannot aggregate updating rows (a changelog)", "user");
        }
        int[] columns = new int[declared];
        columns[0] = call.argument();
        for (int i = 1; i < declared; i++) {
            columns[i] = call.moreArguments().get(i - 1);
        }
        return new StateColumn<>(new UserAggregateFunction(f, ref, columns), retracting);
    }

    /**
     * What {@link AggregateFunction#add} receives for a row: the one argument's value, or for a
     * function of several arguments an {@code Object[]} of their values in the signature's order;
     * {@code null} when the signature is strict and an argument is NULL (the row is then skipped).
     */
    private Object value(Object[] row) {
        if (arguments.length == 1) {
            return convert(row[arguments[0]], argumentTypes[0]);
        }
        Object[] values = new Object[arguments.length];
        for (int i = 0; i < arguments.length; i++) {
            values[i] = convert(row[arguments[i]], argumentTypes[i]);
            if (values[i] == null && function.signature().strict()) {
                return null;
            }
        }
        return values;
    }

    /** A value as the function's argument type: numbers are widened or narrowed to it. */
    private static Object convert(Object v, DataType argumentType) {
        if (v instanceof Number n && !argumentType.equals(DataType.FLOAT64) && argumentType.isNumeric()) {
            return switch (argumentType.id()) {
                case INT8 -> n.byteValue();
                case INT16, UINT8 -> n.shortValue();
                case INT32, UINT16 -> n.intValue();
                case FLOAT32 -> n.floatValue();
                case INT64, UINT32, UINT64 -> n.longValue();
                default -> v;
            };
        }
        if (v instanceof Number n && argumentType.equals(DataType.FLOAT64)) {
            return n.doubleValue();
        }
        return v;
    }

    @Override
    public Holder create() {
        return new Holder(function.create());
    }

    @Override
    public void add(Holder state, Object[] row) {
        Object v = value(row);
        if (v == null && function.signature().strict()) {
            return;
        }
        state.accumulator = function.add(state.accumulator, v);
    }

    @Override
    public void retract(Holder state, Object[] row) {
        Object v = value(row);
        if (v == null && function.signature().strict()) {
            return;
        }
        state.accumulator = function.retract(state.accumulator, v);
    }

    @Override
    public void merge(Holder into, Holder from) {
        // the function may change what it merges: it gets a copy, and from stays as it was
        into.accumulator = function.merge(into.accumulator, function.deserialize(function.serialize(from.accumulator)));
    }

    @Override
    public Object result(Holder state) {
        return function.result(state.accumulator);
    }

    @Override
    public Holder copy(Holder state) {
        return new Holder(function.deserialize(function.serialize(state.accumulator)));
    }

    @Override
    public void write(StateWriter out, Holder state) {
        byte[] bytes = function.serialize(state.accumulator);
        out.writeInt(bytes.length);
        out.writeBytes(bytes, 0, bytes.length);
    }

    @Override
    public Holder read(StateReader in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            throw new IOException("the state of aggregate function '" + ref.name() + "' is damaged: length " + n);
        }
        byte[] bytes = new byte[n];
        in.readBytes(bytes, 0, n);
        return new Holder(function.deserialize(bytes));
    }
}
