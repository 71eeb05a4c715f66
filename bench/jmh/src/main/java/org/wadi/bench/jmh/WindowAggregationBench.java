package org.wadi.bench.jmh;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.wadi.spi.plan.AggregateCall;
import org.wadi.spi.plan.WindowAggregateOperator;
import org.wadi.spi.plan.WindowSpec;
import org.wadi.spi.types.DataType;
import org.wadi.spi.types.Field;
import org.wadi.spi.types.Schema;
import org.wadi.worker.internal.runtime.RowOutput;
import org.wadi.worker.internal.window.WindowOperator;

/**
 * A window aggregate's per-row work ({@code collect}): {@code count(*), sum, max, avg} of the price
 * per auction, 10,000 auctions, into one open window (the watermark does not move, nothing is
 * emitted): the key lookup and the accumulator updates. TUMBLE and HOP windows update one pane;
 * SESSION windows look up the key's sessions.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(Rows.BATCH)
public class WindowAggregationBench {

    static final long S = 1_000_000_000L;

    @Param({"tumble", "hop", "session"})
    public String window;

    Object[][] rows;
    WindowOperator op;

    static final RowOutput DISCARD = new RowOutput() {
        @Override
        public void collect(Object[] row) {
        }

        @Override
        public void watermark(long watermark) {
        }

        @Override
        public void barrier(long epoch, boolean thenStop) {
        }

        @Override
        public void flush() {
        }

        @Override
        public void finish() {
        }
    };

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        rows = Rows.bids(16 * Rows.BATCH, 10_000, 3);
        Schema input = Schema.of(Field.of("auction", DataType.INT64), Field.of("bidder", DataType.INT64),
                Field.of("price", DataType.INT64), Field.of("channel", DataType.UTF8), Field.of("url", DataType.UTF8),
                Field.of("date_time", DataType.TIMESTAMP), Field.of("extra", DataType.UTF8),
                new Field("_timestamp", DataType.TIMESTAMP, false));
        Schema output = Schema.of(Field.of("auction", DataType.INT64), Field.of("n", DataType.INT64),
                Field.of("total", DataType.INT64), Field.of("top", DataType.INT64), Field.of("mean", DataType.FLOAT64),
                new Field("window", WindowAggregateOperator.WINDOW_TYPE, false),
                new Field("_timestamp", DataType.TIMESTAMP, false));
        WindowSpec spec = switch (window) {
            case "tumble" -> WindowSpec.tumble(10 * S);
            case "hop" -> WindowSpec.hop(2 * S, 10 * S);
            default -> WindowSpec.session(3600 * S);
        };
        op = WindowOperator.create(new WindowAggregateOperator(input, spec, List.of(0), List.of(
                new AggregateCall("count", -1, false, DataType.INT64),
                new AggregateCall("sum", 2, false, DataType.INT64),
                new AggregateCall("max", 2, false, DataType.INT64),
                new AggregateCall("avg", 2, false, DataType.FLOAT64)), output), DISCARD);
        for (Object[] row : rows) {
            op.collect(row);
        }
    }

    private int next;

    @Benchmark
    public void collect() {
        int from = next;
        next = (next + Rows.BATCH) % rows.length;
        for (int i = from, end = from + Rows.BATCH; i < end; i++) {
            op.collect(rows[i]);
        }
    }
}
