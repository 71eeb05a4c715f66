package org.wadi.worker.internal.window;

import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
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
 * with millions of distinct keys open (64 bytes of state each: 16 M keys make 1 GB), snapshotted
 * as the task does (the synchronous part: freezing the pane), written to a {@code file:} store as
 * the uploader does (serialised while streamed into the file, forced to disk once), the first row
 * after the barrier (which copies the frozen pane's accumulators), and a restore. Each step with
 * its thread's CPU time, which tells the work when the machine is busy. On demand:
 * {@code mvn -o -pl bundles/worker surefire:test -Dworker.test.excludedGroups=none -Dtest=CheckpointSizeTest
 * -Dkeys=16000000 -DargLine=-Xmx10g}.
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
        Clock fill = new Clock();
        for (long k = 0; k < keys; k++) {
            op.collect(new Object[] {k * 2654435761L, k, S + k});
        }
        fill.stop();
        Clock sync = new Clock();
        StateWriter state = op.snapshot(1);
        sync.stop();
        Clock serialise = new Clock();
        long serialised;
        try (WritableByteChannel discard = Channels.newChannel(OutputStream.nullOutputStream())) {
            serialised = state.writeTo(discard);
        }
        serialise.stop();
        Path dir = Files.createTempDirectory("wadi-checkpoint-size");
        try (FileObjectStore store = new FileObjectStore(dir.toUri().toString(), dir)) {
            Clock upload = new Clock();
            long bytes = store.put("job/checkpoints/0000000001/window/0", state::writeTo);
            upload.stop();
            Clock firstRow = new Clock();
            op.collect(new Object[] {-1L, 1L, S});
            firstRow.stop();
            // only what the restore needs stays
            state = null;
            op = null;
            Clock restore = new Clock();
            WindowOperator restored = WindowOperator.create(spec, new WindowOperatorTest.Recorder());
            try (StateReader r = new StateReader(new java.io.BufferedInputStream(
                    store.getStream("job/checkpoints/0000000001/window/0"), 1 << 16))) {
                restored.restore(r);
            }
            restore.stop();
            double mb = bytes / 1e6;
            System.out.printf(Locale.ROOT, "checkpoint of a tumble window with %,d keys open (4 aggregates): %,d bytes"
                    + " (%.1f MB, %,d serialised); filled in %s%n"
                    + "  snapshot (task thread, synchronous): %s%n"
                    + "  serialise only (uploader, into a discarding channel): %s%n"
                    + "  serialise + write to file: + fsync (uploader): %s%n"
                    + "  checkpoint total (snapshot + upload): %.0f ms = %.0f MB/s%n"
                    + "  first row after the barrier (copies the frozen pane's accumulators, task thread): %s%n"
                    + "  restore (read + rebuild): %s%n",
                    keys, bytes, mb, serialised, fill, sync, serialise, upload,
                    (sync.nanos + upload.nanos) / 1e6, mb / ((sync.nanos + upload.nanos) / 1e9), firstRow, restore);
            store.deletePrefix("job/");
        } finally {
            Files.deleteIfExists(dir.resolve("job"));
            Files.deleteIfExists(dir);
        }
    }

    /** Wall-clock and this thread's CPU time of one step (the CPU time tells the work when the machine is busy). */
    static final class Clock {
        private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
        private final long cpu0 = THREADS.getCurrentThreadCpuTime();
        private final long wall0 = System.nanoTime();
        long nanos;
        long cpuNanos;

        void stop() {
            nanos = System.nanoTime() - wall0;
            cpuNanos = THREADS.getCurrentThreadCpuTime() - cpu0;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%.1f ms (CPU %.1f ms)", nanos / 1e6, cpuNanos / 1e6);
        }
    }
}
