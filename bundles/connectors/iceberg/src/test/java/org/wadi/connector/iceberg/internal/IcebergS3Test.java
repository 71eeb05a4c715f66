package org.wadi.connector.iceberg.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.Record;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wadi.formats.testing.ConnectorHarness;
import org.wadi.spi.connector.ConnectorTable;
import org.wadi.spi.connector.FileAccess;
import org.wadi.spi.connector.Sink;
import org.wadi.storage.testing.S3TestServer;

/**
 * A warehouse in S3 (the in-JVM S3 server, reached through the real storage service): the REST
 * catalog keeps its metadata there, the sink its data files and manifests; Iceberg reads it back.
 */
class IcebergS3Test {

    @TempDir
    Path dir;

    @Test
    void writesAWarehouseInS3() throws Exception {
        try (S3TestServer s3 = S3TestServer.start(dir.resolve("s3"))) {
            s3.createBucket("lake");
            ObjectStoreFileIO serverIo = new ObjectStoreFileIO(s3.storage::open);
            try (RestCatalogServer server = RestCatalogServer.start("s3://lake/warehouse", serverIo)) {
                FileAccess files = ConnectorHarness.confinedTo(dir);
                IcebergConnector connector = new IcebergConnector(s3.storage);
                Map<String, String> options = new HashMap<>(Map.of("type", "sink", "catalog.type", "rest",
                        "catalog.rest.url", server.url(), "namespace", "lake", "table_name", "events"));
                ConnectorTable t = connector.table(ConnectorHarness.request("iceberg", IcebergSinkTest.COLUMNS,
                        options, files));
                Sink sink = connector.createSink(t);
                sink.open(new ConnectorHarness.SinkCtx(ConnectorHarness.Task.of(0, 1), files), null);
                for (long i = 0; i < 100; i++) {
                    sink.write(IcebergSinkTest.row(i));
                }
                byte[] first = sink.preCommit(1);
                sink.commit(1, first);
                for (long i = 100; i < 250; i++) {
                    sink.write(IcebergSinkTest.row(i));
                }
                byte[] second = sink.preCommit(2);
                sink.close();
                Sink restored = connector.createSink(t);
                restored.open(new ConnectorHarness.SinkCtx(ConnectorHarness.Task.of(0, 1), files), second);
                restored.commit(2, second);
                restored.close();

                Table table = server.backend.loadTable(TableIdentifier.of(Namespace.of("lake"), "events"));
                assertTrue(table.location().startsWith("s3://lake/warehouse/"), table.location());
                List<Record> rows = IcebergSinkTest.read(table);
                assertEquals(250, rows.size());
                for (int i = 0; i < 250; i++) {
                    IcebergSinkTest.assertRow(i, rows.get(i));
                }
                assertEquals(2, IcebergSinkTest.snapshots(table).size());
                try (Stream<Path> objects = Files.walk(s3.bucketDir("lake"))) {
                    assertTrue(objects.anyMatch(p -> p.toString().endsWith(".parquet")), "data files are in the bucket");
                }
            } finally {
                serverIo.close();
            }
        }
    }
}
