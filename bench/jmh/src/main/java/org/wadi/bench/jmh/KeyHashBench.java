package org.wadi.bench.jmh;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.wadi.worker.internal.runtime.KeyRange;
import org.wadi.worker.internal.runtime.Partitioners;

/**
 * The SHUFFLE's key hash ({@link Partitioners#hash}) and the receiver it picks ({@link
 * KeyRange#subtaskOf}), per row: by a long key, a string key, and both.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(Rows.BATCH)
public class KeyHashBench {

    static final int[] LONG_KEY = {0};
    static final int[] STRING_KEY = {4};
    static final int[] TWO_KEYS = {0, 3};

    Object[][] rows;

    @Setup
    public void setUp() {
        rows = Rows.bids(Rows.BATCH, 10_000, 2);
    }

    private int route(int[] keys) {
        int sum = 0;
        for (Object[] row : rows) {
            sum += KeyRange.subtaskOf(Partitioners.hash(row, keys), 8);
        }
        return sum;
    }

    @Benchmark
    public int longKey() {
        return route(LONG_KEY);
    }

    @Benchmark
    public int stringKey() {
        return route(STRING_KEY);
    }

    @Benchmark
    public int twoKeys() {
        return route(TWO_KEYS);
    }
}
