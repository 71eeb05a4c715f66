package org.wadi.connector.filesystem.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.wadi.formats.testing.ConnectorHarness;
import org.wadi.formats.testing.ConnectorHarness.SinkCtx;
import org.wadi.formats.testing.ConnectorHarness.Task;
import org.wadi.spi.connector.ConnectorTable;
import org.wadi.spi.connector.Sink;
import org.wadi.storage.ObjectStore;
import org.wadi.storage.testing.S3TestServer;

/**
 * Rows per second written as Parquet to the in-JVM S3 server, committed every 100 000 rows (a
 * checkpoint's worth). Opt-in, no assertion on time:
 * {@code mvn -o -q test -pl bundles/connectors/filesystem -Dtest=ParquetThroughputTest -Dwadi.throughput=true}
 * (optionally {@code -Dwadi.rows=2000000 -Dwadi.codec=zstd}).
 */
@EnabledIfSystemProperty(named = "wadi.throughput", matches = "true")
class ParquetThroughputTest {

    @TempDir
    Path dir;

    @Test
    void parquetToS3() throws Exception {
        long rows = Long.getLong("wadi.rows", 1_000_000L);
        String codec = System.getProperty("wadi.codec", "zstd");
        try (S3TestServer s3 = S3TestServer.start(dir.resolve("s3"))) {
            s3.createBucket("lake");
            FileSystemConnector c = new FileSystemConnector(System::nanoTime, System::currentTimeMillis, false,
                    s3.storage);
            Map<String, String> options = new HashMap<>(Map.of("path", "s3://lake/bench", "type", "sink",
                    "format", "parquet", "parquet.compression", codec));
            ConnectorTable t = c.table(ConnectorHarness.request("filesystem", ParquetSinkTest.COLUMNS, options,
                    ConnectorHarness.confinedTo(dir)));
            Object[][] sample = new Object[1024][];
            for (int i = 0; i < sample.length; i++) {
                sample[i] = ParquetSinkTest.row(i);
                sample[i][1] = UUID.randomUUID().toString();
            }
            Sink sink = c.createSink(t);
            sink.open(new SinkCtx(Task.of(0, 1), ConnectorHarness.confinedTo(dir)), null);
            long start = System.nanoTime();
            long epoch = 0;
            for (long i = 0; i < rows; i++) {
                Object[] r = sample[(int) (i & 1023)].clone();
                r[0] = i;
                r[1] = "name-" + i;
                sink.write(r);
                if ((i + 1) % 100_000 == 0) {
                    epoch++;
                    sink.commit(epoch, sink.preCommit(epoch));
                }
            }
            epoch++;
            sink.commit(epoch, sink.preCommit(epoch));
            long nanos = System.nanoTime() - start;
            sink.close();
            long bytes = 0;
            try (ObjectStore store = s3.storage.open("s3://lake")) {
                List<String> keys = store.list("bench/");
                for (String k : keys) {
                    bytes += store.get(k).length;
                }
                assertEquals((rows + 99_999) / 100_000, keys.size());
            }
            System.out.printf("Parquet (%s) to S3 (in-JVM s3proxy): %d rows in %.2f s = %.0f rows/s, %.1f MB written%n",
                    codec, rows, nanos / 1e9, rows / (nanos / 1e9), bytes / 1e6);
        }
    }
}
