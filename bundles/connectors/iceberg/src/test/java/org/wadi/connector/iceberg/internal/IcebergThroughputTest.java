package org.wadi.connector.iceberg.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.wadi.formats.testing.ConnectorHarness;
import org.wadi.spi.connector.ConnectorTable;
import org.wadi.spi.connector.FileAccess;
import org.wadi.spi.connector.Sink;
import org.wadi.storage.testing.S3TestServer;

/**
 * Rows per second written into an Iceberg table and committed through the REST catalog served in
 * the test, one checkpoint (pre-commit, commit: one snapshot) every 100 000 rows. Opt-in, no
 * assertion on time:
 * {@code cd bundles/connectors/iceberg && mvn -o -q test -Dtest=IcebergThroughputTest -Dwadi.throughput=true}
 * (optionally {@code -Dwadi.rows=2000000}, and {@code -Dwadi.warehouse=s3} for a warehouse in the
 * in-JVM S3 server).
 */
@EnabledIfSystemProperty(named = "wadi.throughput", matches = "true")
class IcebergThroughputTest {

    @TempDir
    Path dir;

    @Test
    void rowsPerSecond() throws Exception {
        if (System.getProperty("wadi.warehouse", "local").equals("s3")) {
            try (S3TestServer s3 = S3TestServer.start(dir.resolve("s3"))) {
                s3.createBucket("lake");
                ObjectStoreFileIO io = new ObjectStoreFileIO(s3.storage::open);
                try (RestCatalogServer server = RestCatalogServer.start("s3://lake/warehouse", io)) {
                    run(server, new IcebergConnector(s3.storage), "S3 warehouse (in-JVM s3proxy)");
                } finally {
                    io.close();
                }
            }
        } else {
            try (RestCatalogServer server = RestCatalogServer.start(dir.resolve("warehouse").toString())) {
                run(server, new IcebergConnector(), "local warehouse");
            }
        }
    }

    private void run(RestCatalogServer server, IcebergConnector connector, String where) throws Exception {
        long rows = Long.getLong("wadi.rows", 1_000_000L);
        long perCheckpoint = 100_000L;
        FileAccess files = ConnectorHarness.confinedTo(dir);
        Map<String, String> options = new HashMap<>(Map.of("type", "sink", "catalog.type", "rest",
                "catalog.rest.url", server.url(), "namespace", "bench", "table_name", "rows"));
        ConnectorTable t = connector.table(ConnectorHarness.request("iceberg", IcebergSinkTest.COLUMNS, options,
                files));
        Object[][] sample = new Object[1024][];
        for (int i = 0; i < sample.length; i++) {
            sample[i] = IcebergSinkTest.row(i);
        }
        Sink sink = connector.createSink(t);
        sink.open(new ConnectorHarness.SinkCtx(ConnectorHarness.Task.of(0, 1), files), null);
        long start = System.nanoTime();
        long commitNanos = 0;
        List<Long> commits = new ArrayList<>();
        long epoch = 0;
        for (long i = 0; i < rows; i++) {
            Object[] r = sample[(int) (i & 1023)].clone();
            r[0] = i;
            r[1] = "name-" + i;
            sink.write(r);
            if ((i + 1) % perCheckpoint == 0 || i + 1 == rows) {
                epoch++;
                long c = System.nanoTime();
                sink.commit(epoch, sink.preCommit(epoch));
                commits.add(System.nanoTime() - c);
                commitNanos += commits.get(commits.size() - 1);
            }
        }
        long nanos = System.nanoTime() - start;
        sink.close();
        Table table = server.backend.loadTable(TableIdentifier.of(Namespace.of("bench"), "rows"));
        long committed = 0;
        long bytes = 0;
        for (Snapshot s : table.snapshots()) {
            committed += Long.parseLong(s.summary().get("added-records"));
            bytes += Long.parseLong(s.summary().get("added-files-size"));
        }
        assertEquals(rows, committed);
        System.out.printf("Iceberg (Parquet zstd, REST catalog in the test JVM, %s): %d rows in %.2f s "
                + "= %.0f rows/s written and committed; %d snapshots, pre-commit + commit %.1f ms on average, "
                + "%.1f ms median, %.1f MB of data files%n", where, rows, nanos / 1e9, rows / (nanos / 1e9), epoch,
                commitNanos / 1e6 / epoch, commits.stream().sorted().toList().get(commits.size() / 2) / 1e6,
                bytes / 1e6);
    }
}
