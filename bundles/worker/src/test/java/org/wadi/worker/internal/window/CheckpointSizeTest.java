package org.wadi.worker.internal.window;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.wadi.spi.plan.AggregateCall;
import org.wadi.spi.plan.WindowAggregateOperator;
import org.wadi.spi.plan.WindowSpec;
import org.wadi.spi.types.DataType;
import org.wadi.spi.types.Field;
import org.wadi.spi.types.Schema;
import org.wadi.storage.internal.FileObjectStore;
import org.wadi.worker.internal.state.StateReader;
import org.wadi.worker.internal.state.StateWriter;

/**
 * Prints (asserts nothing) how long a checkpoint of much keyed window state takes: a tumble window
 * with millions of distinct keys open, snapshotted, written to a {@code file:} store and restored.
 * On demand: {@code mvn -pl bundles/worker test -Dworker.test.excludedGroups=none -Dtest=CheckpointSizeTest
 * -Dkeys=5000000}.
 */
@Tag("throughput")
class CheckpointSizeTest {

    static final long S = 1_000_000_000L;

    @Test
    void printsTheDurationAndSizeOfALargeWindowCheckpoint() throws Exception {
        int keys = Integer.getInteger("keys", 5_000_000);
        Schema input = Schema.of(Field.of("k", DataType.INT64), Field.of("v", DataType.INT64),
                new Field("_timestamp", DataType.TIMESTAMP, false));
        List<AggregateCall> aggs = List.of(new AggregateCall("count", -1, false, DataType.INT64),
                new AggregateCall("sum", 1, false, DataType.INT64), new AggregateCall("max", 1, false, DataType.INT64),
                new AggregateCall("avg", 1, false, DataType.FLOAT64));
        Schema output = Schema.of(Field.of("k", DataType.INT64), Field.of("n", DataType.INT64),
                Field.of("s", DataType.INT64), Field.of("m", DataType.INT64), Field.of("a", DataType.FLOAT64),
                new Field("window", WindowAggregateOperator.WINDOW_TYPE, false),
                new Field("_timestamp", DataType.TIMESTAMP, false));
        WindowAggregateOperator spec = new WindowAggregateOperator(input, WindowSpec.tumble(60 * S), List.of(0), aggs,
                output);
        WindowOperator op = WindowOperator.create(spec, new WindowOperatorTest.Recorder());
        long t0 = System.nanoTime();
        for (long k = 0; k < keys; k++) {
            op.collect(new Object[] {k * 2654435761L, k, S + k});
        }
        long t1 = System.nanoTime();
        StateWriter state = op.snapshot(1);
        long t2 = System.nanoTime();
        Path dir = Files.createTempDirectory("wadi-checkpoint-size");
        try (FileObjectStore store = new FileObjectStore(dir.toUri().toString(), dir)) {
            try (InputStream in = state.stream()) {
                store.put("job/checkpoints/0000000001/window/0", in, state.size());
            }
            long t3 = System.nanoTime();
            WindowOperator restored = WindowOperator.create(spec, new WindowOperatorTest.Recorder());
            try (StateReader r = new StateReader(new java.io.BufferedInputStream(
                    store.getStream("job/checkpoints/0000000001/window/0"), 1 << 16))) {
                restored.restore(r);
            }
            long t4 = System.nanoTime();
            double mb = state.size() / 1e6;
            System.out.printf("checkpoint of a tumble window with %,d keys open (4 aggregates): %.1f MB;"
                    + " filled in %d ms; snapshot (task thread) %d ms; write to file: (fsync) %d ms;"
                    + " total %d ms = %.0f MB/s; restore (read + rebuild) %d ms%n", keys, mb, (t1 - t0) / 1_000_000,
                    (t2 - t1) / 1_000_000, (t3 - t2) / 1_000_000, (t3 - t1) / 1_000_000, mb / ((t3 - t1) / 1e9),
                    (t4 - t3) / 1_000_000);
            store.deletePrefix("job/");
        } finally {
            Files.deleteIfExists(dir.resolve("job"));
            Files.deleteIfExists(dir);
        }
    }
}
