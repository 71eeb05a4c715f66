package org.wadi.bench.jmh;

import java.io.IOException;
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
import org.wadi.worker.internal.state.StateReader;
import org.wadi.worker.internal.state.StateWriter;
import org.wadi.worker.internal.state.Values;

/**
 * Rows in checkpoint state ({@link Values}): value by value with a tag each (how operators write
 * single rows), and as columns (how keyed state writes its key and value columns: primitive runs
 * for all-long or all-string columns). Figures are per row of 8 values.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(Rows.BATCH)
public class RowSerialisationBench {

    Object[][] rows;
    Object[] columnMajor;
    byte[] tagged;
    byte[] columns;
    int width;

    @Setup
    public void setUp() {
        rows = Rows.bids(Rows.BATCH, 10_000, 1);
        width = rows[0].length;
        columnMajor = new Object[Rows.BATCH * width];
        for (int r = 0; r < Rows.BATCH; r++) {
            System.arraycopy(rows[r], 0, columnMajor, r * width, width);
        }
        tagged = writeTagged().toByteArray();
        columns = writeColumns().toByteArray();
    }

    @Benchmark
    public StateWriter writeTagged() {
        StateWriter out = new StateWriter();
        for (Object[] row : rows) {
            for (Object v : row) {
                Values.write(out, v);
            }
        }
        return out;
    }

    @Benchmark
    public void readTagged(Blackhole bh) throws IOException {
        StateReader in = new StateReader(tagged);
        for (int r = 0; r < Rows.BATCH; r++) {
            for (int j = 0; j < width; j++) {
                bh.consume(Values.read(in));
            }
        }
    }

    @Benchmark
    public StateWriter writeColumns() {
        StateWriter out = new StateWriter();
        for (int j = 0; j < width; j++) {
            Values.writeColumn(out, columnMajor, j, width, Rows.BATCH);
        }
        return out;
    }

    @Benchmark
    public Object[] readColumns() throws IOException {
        StateReader in = new StateReader(columns);
        Object[] out = new Object[Rows.BATCH * width];
        for (int j = 0; j < width; j++) {
            Values.readColumn(in, out, j, width, Rows.BATCH);
        }
        return out;
    }
}
