package org.wadi.bench.jmh;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;
import org.wadi.spi.connector.Collector;
import org.wadi.spi.plan.CalcOperator;
import org.wadi.spi.plan.Expr;
import org.wadi.spi.types.DataType;
import org.wadi.spi.types.Field;
import org.wadi.spi.types.Schema;
import org.wadi.worker.internal.expr.CalcFunction;
import org.wadi.worker.internal.expr.ExprCompiler;

/**
 * A compiled calc ({@link ExprCompiler}) on the projection of Nexmark q1, per row:
 * {@code SELECT auction, bidder, 0.908 * price AS price, date_time, extra} over bids, the price
 * converted as the planner types it ({@code DECIMAL(23, 3)}); and q2's filter
 * {@code WHERE auction % 123 = 0} with its projection.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(Rows.BATCH)
public class CalcBench {

    static final Schema BID = Schema.of(Field.of("auction", DataType.INT64), Field.of("bidder", DataType.INT64),
            Field.of("price", DataType.INT64), Field.of("channel", DataType.UTF8), Field.of("url", DataType.UTF8),
            Field.of("date_time", DataType.TIMESTAMP), Field.of("extra", DataType.UTF8),
            new Field("_timestamp", DataType.TIMESTAMP, false));

    Object[][] rows;
    CalcFunction q1;
    CalcFunction q2;

    static Expr ref(int i) {
        return new Expr.InputRef(i, BID.field(i).type());
    }

    @Setup
    public void setUp() throws Exception {
        rows = Rows.bids(Rows.BATCH, 10_000, 4);
        DataType euros = DataType.decimal(23, 3);
        CalcOperator q1Calc = new CalcOperator(BID, null, List.of(ref(0), ref(1),
                new Expr.Call("*", List.of(new Expr.Literal("0.908", DataType.decimal(4, 3)), ref(2)), euros),
                ref(5), ref(6), ref(7)),
                Schema.of(Field.of("auction", DataType.INT64), Field.of("bidder", DataType.INT64),
                        Field.of("price", euros), Field.of("date_time", DataType.TIMESTAMP),
                        Field.of("extra", DataType.UTF8), new Field("_timestamp", DataType.TIMESTAMP, false)));
        Expr filter = new Expr.Call("=", List.of(
                new Expr.Call("%", List.of(ref(0), new Expr.Literal("123", DataType.INT64)), DataType.INT64),
                new Expr.Literal("0", DataType.INT64)), DataType.BOOLEAN);
        CalcOperator q2Calc = new CalcOperator(BID, filter, List.of(ref(0), ref(2), ref(7)),
                Schema.of(Field.of("auction", DataType.INT64), Field.of("price", DataType.INT64),
                        new Field("_timestamp", DataType.TIMESTAMP, false)));
        ExprCompiler compiler = new ExprCompiler();
        q1 = compiler.compile("calc_q1", q1Calc).newInstance();
        q2 = compiler.compile("calc_q2", q2Calc).newInstance();
    }

    @Benchmark
    public void q1Projection(Blackhole bh) {
        Collector out = bh::consume;
        for (Object[] row : rows) {
            q1.process(row, out);
        }
    }

    @Benchmark
    public void q2FilterAndProjection(Blackhole bh) {
        Collector out = bh::consume;
        for (Object[] row : rows) {
            q2.process(row, out);
        }
    }
}
