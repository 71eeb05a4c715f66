package org.wadi.connector.filesystem.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wadi.formats.testing.ConnectorHarness;
import org.wadi.formats.testing.ConnectorHarness.ListCollector;
import org.wadi.formats.testing.ConnectorHarness.Task;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.connector.ConnectorTable;
import org.wadi.spi.connector.FileAccess;
import org.wadi.spi.connector.Source;
import org.wadi.spi.types.DataType;
import org.wadi.spi.types.Field;
import org.wadi.spi.types.Schema;
import org.wadi.storage.testing.S3TestServer;

/** {@code format = 'parquet'} in the filesystem source: columns by name, types checked, positions in rows. */
class ParquetSourceTest {

    static final Schema WRITTEN = ParquetSinkTest.COLUMNS;

    @TempDir
    Path dir;

    private final FileSystemConnector connector = new FileSystemConnector();

    private FileAccess files() {
        return ConnectorHarness.confinedTo(dir);
    }

    private ConnectorTable table(FileSystemConnector c, String path, Schema columns, Map<String, String> extra)
            throws ConnectorException {
        Map<String, String> options = new HashMap<>(Map.of("path", path, "type", "source", "format", "parquet"));
        options.putAll(extra);
        return c.table(ConnectorHarness.request("filesystem", columns, options, files()));
    }

    /** Parquet bytes of {@code rows} in {@code columns}, written as the sink writes them. */
    static byte[] parquet(Schema columns, List<Object[]> rows, CompressionCodecName codec, long rowGroupBytes)
            throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ParquetWriter<Object[]> w = ParquetRows.of(columns).writer(bytes, codec, rowGroupBytes)) {
            for (Object[] r : rows) {
                w.write(r);
            }
        }
        return bytes.toByteArray();
    }

    private void write(String name, byte[] data) throws Exception {
        Path p = dir.resolve("in").resolve(name);
        Files.createDirectories(p.getParent());
        try (OutputStream out = Files.newOutputStream(p)) {
            out.write(data);
        }
    }

    private static List<Object[]> rows(int from, int to) {
        List<Object[]> rows = new ArrayList<>();
        for (long i = from; i < to; i++) {
            rows.add(ParquetSinkTest.row(i));
        }
        return rows;
    }

    private static List<Object[]> sorted(List<Object[]> rows) {
        List<Object[]> out = new ArrayList<>(rows);
        out.sort(Comparator.comparingLong(r -> ((Number) r[0]).longValue()));
        return out;
    }

    @Test
    void readsColumnsByNameWithTheirTypesAndTheRegex() throws Exception {
        write("2025/a.parquet", parquet(WRITTEN, rows(0, 300), CompressionCodecName.ZSTD, 64L << 20));
        write("2025/b.parquet", parquet(WRITTEN, rows(300, 500), CompressionCodecName.SNAPPY, 64L << 20));
        write("2024/old.parquet", parquet(WRITTEN, rows(900, 910), CompressionCodecName.GZIP, 64L << 20));
        // another order, a subset, and a column named in other case
        Schema read = Schema.of(Field.of("AT", DataType.timestamp(9)), Field.of("id", DataType.INT64),
                Field.of("kind", DataType.UTF8), Field.of("price", DataType.decimal(10, 2)),
                Field.of("ok", DataType.BOOLEAN), Field.of("ratio", DataType.FLOAT64), Field.of("small", DataType.INT16));
        List<Object[]> got = ConnectorHarness.readAll(connector,
                table(connector, "in", read, Map.of("source.regex-pattern", "^2025/")), Task.of(0, 1), files(), null,
                100);
        got.sort(Comparator.comparingLong(r -> (Long) r[1]));
        assertEquals(500, got.size());
        for (int i = 0; i < 500; i++) {
            Object[] w = ParquetSinkTest.row(i);
            Object[] r = got.get(i);
            assertEquals(8, r.length, "seven columns then _timestamp");
            assertArrayEquals(new Object[] {w[4], w[0], w[1], w[2], w[3], w[5], w[6]},
                    java.util.Arrays.copyOf(r, 7), "row " + i);
        }
    }

    @Test
    void widensIntegersAndRefusesWhatDoesNotFit() throws Exception {
        Schema narrow = Schema.of(Field.of("id", DataType.INT32), Field.of("n", DataType.INT64),
                Field.of("name", DataType.UTF8));
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            rows.add(new Object[] {i, i == 7 ? 300L : (long) i, "n" + i});
        }
        write("x.parquet", parquet(narrow, rows, CompressionCodecName.UNCOMPRESSED, 64L << 20));

        Schema wide = Schema.of(Field.of("id", DataType.INT64), Field.of("n", DataType.INT64));
        List<Object[]> got = sorted(ConnectorHarness.readAll(connector, table(connector, "in", wide, Map.of()),
                Task.of(0, 1), files(), null, 100));
        assertEquals(10, got.size());
        assertEquals(7L, got.get(7)[0]);
        assertEquals(300L, got.get(7)[1]);

        Schema tiny = Schema.of(Field.of("id", DataType.INT32), Field.of("n", DataType.INT8));
        ConnectorException e = assertThrows(ConnectorException.class, () -> ConnectorHarness.readAll(connector,
                table(connector, "in", tiny, Map.of()), Task.of(0, 1), files(), null, 100));
        assertTrue(e.getMessage().contains("x.parquet row 8") && e.getMessage().contains("'n'")
                && e.getMessage().contains("300"), e.getMessage());
        got = sorted(ConnectorHarness.readAll(connector, table(connector, "in", tiny, Map.of("bad_data", "drop")),
                Task.of(0, 1), files(), null, 100));
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 8, 9), got.stream().map(r -> (Integer) r[0]).toList());
        assertEquals((byte) 9, got.get(8)[1]);

        Schema mismatch = Schema.of(Field.of("id", DataType.UTF8));
        e = assertThrows(ConnectorException.class, () -> ConnectorHarness.readAll(connector,
                table(connector, "in", mismatch, Map.of()), Task.of(0, 1), files(), null, 100));
        assertTrue(e.getMessage().contains("x.parquet") && e.getMessage().contains("'id'")
                && e.getMessage().contains("int32"), e.getMessage());
        Schema missing = Schema.of(Field.of("nope", DataType.INT64));
        e = assertThrows(ConnectorException.class, () -> ConnectorHarness.readAll(connector,
                table(connector, "in", missing, Map.of()), Task.of(0, 1), files(), null, 100));
        assertTrue(e.getMessage().contains("no column 'nope'") && e.getMessage().contains("id, n, name"),
                e.getMessage());
        e = assertThrows(ConnectorException.class, () -> table(connector, "in", wide,
                Map.of("compression_format", "gzip")));
        assertTrue(e.getMessage().contains("compression_format"), e.getMessage());
    }

    /** Restores part way through files of many row groups, at another parallelism: every row once. */
    @Test
    void restoresMidFileAtAnotherParallelism() throws Exception {
        write("big.parquet", parquet(WRITTEN, rows(0, 6000), CompressionCodecName.ZSTD, 8 * 1024));
        write("small.parquet", parquet(WRITTEN, rows(6000, 6100), CompressionCodecName.ZSTD, 8 * 1024));
        ConnectorTable t = table(connector, "in", WRITTEN, Map.of());
        List<Object[]> committed = new ArrayList<>();
        List<byte[]> states = new ArrayList<>();
        for (int s = 0; s < 2; s++) {
            Source source = connector.createSource(t);
            source.open(new FileSystemSourceTest.Ctx(Task.of(s, 2), files(), List.of()));
            ListCollector out = new ListCollector();
            source.poll(out);
            committed.addAll(out.rows);
            states.add(source.snapshot(1));
            source.poll(new ListCollector());
            source.close();
        }
        assertTrue(committed.size() < 6100, "the first run must stop part way");
        for (int s = 0; s < 3; s++) {
            Source source = connector.createSource(t);
            source.open(new FileSystemSourceTest.Ctx(Task.of(s, 3), files(), states));
            committed.addAll(ConnectorHarness.drain(source, 1000));
            source.close();
        }
        List<Object[]> all = sorted(committed);
        assertEquals(6100, all.size());
        for (int i = 0; i < 6100; i++) {
            assertArrayEquals(java.util.Arrays.copyOf(ParquetSinkTest.row(i), 7), java.util.Arrays.copyOf(all.get(i), 7), "row " + i);
        }
    }

    @Test
    void readsFromS3() throws Exception {
        try (S3TestServer s3 = S3TestServer.start(dir.resolve("s3"))) {
            s3.createBucket("lake");
            FileSystemConnector c = new FileSystemConnector(System::nanoTime, System::currentTimeMillis, false,
                    s3.storage);
            try (var store = s3.storage.open("s3://lake/events")) {
                store.put("2025/a.parquet", parquet(WRITTEN, rows(0, 1500), CompressionCodecName.ZSTD, 64L << 20));
                store.put("2025/b.parquet", parquet(WRITTEN, rows(1500, 2000), CompressionCodecName.LZ4_RAW, 64L << 20));
                store.put("2025/notes.txt", "not parquet".getBytes(java.nio.charset.StandardCharsets.UTF_8));
                store.put("2024/old.parquet", parquet(WRITTEN, rows(5000, 5010), CompressionCodecName.ZSTD, 64L << 20));
            }
            ConnectorTable t = table(c, "s3://lake/events", WRITTEN, Map.of("source.regex-pattern",
                    "^2025/.*\\.parquet$"));
            List<Object[]> got = new ArrayList<>();
            for (int s = 0; s < 2; s++) {
                got.addAll(ConnectorHarness.readAll(c, t, Task.of(s, 2), files(), null, 100));
            }
            got = sorted(got);
            assertEquals(2000, got.size());
            for (int i = 0; i < 2000; i++) {
                assertArrayEquals(java.util.Arrays.copyOf(ParquetSinkTest.row(i), 7), java.util.Arrays.copyOf(got.get(i), 7), "row " + i);
            }
            // no local copies are left behind
            try (var tmp = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
                assertEquals(0, tmp.filter(p -> p.getFileName().toString().startsWith("wadi-source-")).count());
            }
        }
    }
}
