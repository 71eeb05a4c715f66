package org.wadi.worker.internal.agg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.wadi.spi.function.AggregateFunction;
import org.wadi.spi.function.FunctionRef;
import org.wadi.spi.function.FunctionSignature;
import org.wadi.spi.plan.AggregateCall;
import org.wadi.spi.types.DataType;
import org.wadi.spi.types.Field;
import org.wadi.spi.types.Schema;
import org.wadi.worker.internal.expr.FunctionResolver;
import org.wadi.worker.internal.expr.PlanException;
import org.wadi.worker.internal.state.StateReader;
import org.wadi.worker.internal.state.StateWriter;

class UserAggregateFunctionTest {

    /** {@code longest(TEXT)}: the longest text of the group (the first of equal length). */
    static final class Longest implements AggregateFunction<StringBuilder> {
        @Override
        public FunctionSignature signature() {
            return FunctionSignature.of("longest", DataType.UTF8, DataType.UTF8);
        }

        @Override
        public StringBuilder create() {
            return new StringBuilder();
        }

        @Override
        public StringBuilder add(StringBuilder acc, Object value) {
            String s = (String) value;
            if (s.length() > acc.length()) {
                acc.setLength(0);
                acc.append(s);
            }
            return acc;
        }

        @Override
        public StringBuilder merge(StringBuilder into, StringBuilder other) {
            return add(into, other.toString());
        }

        @Override
        public Object result(StringBuilder acc) {
            return acc.length() == 0 ? null : acc.toString();
        }

        @Override
        public byte[] serialize(StringBuilder acc) {
            return acc.toString().getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public StringBuilder deserialize(byte[] bytes) {
            return new StringBuilder(new String(bytes, StandardCharsets.UTF_8));
        }
    }

    /**
     * {@code weighted_avg(DOUBLE, BIGINT)}: sum(value * weight) / sum(weight), retractable; its
     * accumulator is {value·weight sum, weight sum}.
     */
    static final class WeightedAvg implements AggregateFunction<double[]> {
        @Override
        public FunctionSignature signature() {
            return FunctionSignature.of("weighted_avg", DataType.FLOAT64, DataType.FLOAT64, DataType.INT64);
        }

        @Override
        public double[] create() {
            return new double[2];
        }

        @Override
        public double[] add(double[] acc, Object value) {
            Object[] args = (Object[]) value;
            acc[0] += (Double) args[0] * (Long) args[1];
            acc[1] += (Long) args[1];
            return acc;
        }

        @Override
        public boolean retractable() {
            return true;
        }

        @Override
        public double[] retract(double[] acc, Object value) {
            Object[] args = (Object[]) value;
            acc[0] -= (Double) args[0] * (Long) args[1];
            acc[1] -= (Long) args[1];
            return acc;
        }

        @Override
        public double[] merge(double[] into, double[] other) {
            into[0] += other[0];
            into[1] += other[1];
            return into;
        }

        @Override
        public Object result(double[] acc) {
            return acc[1] == 0 ? null : acc[0] / acc[1];
        }

        @Override
        public byte[] serialize(double[] acc) {
            return java.nio.ByteBuffer.allocate(16).putDouble(acc[0]).putDouble(acc[1]).array();
        }

        @Override
        public double[] deserialize(byte[] bytes) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(bytes);
            return new double[] {b.getDouble(), b.getDouble()};
        }
    }

    private static final Schema INPUT = new Schema(List.of(new Field("s", DataType.UTF8, true),
            new Field(Schema.TIMESTAMP_FIELD, DataType.TIMESTAMP, false)));
    private static final FunctionResolver FUNCTIONS = FunctionResolver.of(List.of(new Longest()), "org.example", "1.0.0");
    private static final AggregateCall CALL = new AggregateCall(
            FunctionRef.service(FunctionRef.Kind.AGGREGATE, "longest", "org.example", "1.0.0").encode(), 0, false,
            DataType.UTF8);

    private static Object[] row(String s) {
        return new Object[] {s, 0L};
    }

    @Test
    void groupsAccumulateMergeAndSurviveACheckpoint() throws Exception {
        AggColumn column = UserAggregateFunction.column(CALL, INPUT, false, FUNCTIONS);
        column.grow(4);
        column.add(0, row("ab"));
        column.add(0, row(null));
        column.add(0, row("abcd"));
        column.add(1, row("xyz"));
        assertEquals("abcd", column.result(0));
        assertEquals("xyz", column.result(1));
        assertEquals(null, column.result(2));

        AggColumn snapshot = column.copy();
        column.add(1, row("longer than all"));
        assertEquals("xyz", snapshot.result(1), "a copy does not change with the original");

        StateWriter out = new StateWriter();
        snapshot.write(out, null, 3);
        AggColumn restored = column.fresh();
        restored.grow(4);
        restored.read(new StateReader(out.toByteArray()), 0, 3);
        assertEquals("abcd", restored.result(0));
        assertEquals(null, restored.result(2));

        restored.merge(1, column, 1);
        assertEquals("longer than all", restored.result(1));
        assertEquals("longer than all", column.result(1), "the merged column is unchanged");
    }

    @Test
    void aFunctionOfSeveralArgumentsGetsThemInItsOrderConvertedAndSkipsNullsWhenStrict() throws Exception {
        // columns: w INT (narrower than the signature's BIGINT), v DOUBLE, _timestamp; called weighted_avg(v, w)
        Schema input = new Schema(List.of(new Field("w", DataType.INT32, true), new Field("v", DataType.FLOAT64, true),
                new Field(Schema.TIMESTAMP_FIELD, DataType.TIMESTAMP, false)));
        FunctionResolver functions = FunctionResolver.of(List.of(new WeightedAvg()), "org.example", "1.0.0");
        AggregateCall call = new AggregateCall(FunctionRef.service(FunctionRef.Kind.AGGREGATE, "weighted_avg",
                "org.example", "1.0.0").encode(), 1, false, DataType.FLOAT64, List.of(0), List.of());
        AggColumn column = UserAggregateFunction.column(call, input, true, functions);
        column.grow(2);
        column.add(0, new Object[] {1, 10.0, 0L});
        column.add(0, new Object[] {3, 20.0, 0L});
        column.add(0, new Object[] {null, 1000.0, 0L});
        column.add(0, new Object[] {2, null, 0L});
        assertEquals((10.0 + 60.0) / 4, column.result(0));
        column.retract(0, new Object[] {3, 20.0, 0L});
        column.retract(0, new Object[] {null, 1000.0, 0L});
        assertEquals(10.0, column.result(0));

        StateWriter out = new StateWriter();
        column.write(out, null, 1);
        AggColumn restored = column.fresh();
        restored.grow(2);
        restored.read(new StateReader(out.toByteArray()), 0, 1);
        restored.add(0, new Object[] {1, 20.0, 0L});
        assertEquals(15.0, restored.result(0));

        AggregateCall oneArgument = new AggregateCall(call.function(), 1, false, DataType.FLOAT64);
        PlanException e = assertThrows(PlanException.class,
                () -> UserAggregateFunction.column(oneArgument, input, false, functions));
        assertEquals("aggregate function 'weighted_avg(DOUBLE, BIGINT) → DOUBLE' of bundle org.example 1.0.0 takes 2"
                + " arguments, the plan gives it 1", e.getMessage());
    }

    @Test
    void aFunctionThatCannotRetractRefusesUpdatingInput() {
        PlanException e = assertThrows(PlanException.class,
                () -> UserAggregateFunction.column(CALL, INPUT, true, FUNCTIONS));
        assertEquals("aggregate function 'longest' of bundle org.example 1.0.0 cannot take values out again, so it"
                + " cannot aggregate updating rows (a changelog)", e.getMessage());
        PlanException gone = assertThrows(PlanException.class,
                () -> UserAggregateFunction.column(CALL, INPUT, false, FunctionResolver.none()));
        assertEquals("function 'longest' is not available: the bundle that provided it (org.example 1.0.0) was removed",
                gone.getMessage());
    }
}
