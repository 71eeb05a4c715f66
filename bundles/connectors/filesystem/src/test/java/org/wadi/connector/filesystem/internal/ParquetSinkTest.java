package org.wadi.connector.filesystem.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.SeekableInputStream;
import org.apache.parquet.io.DelegatingSeekableInputStream;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wadi.connector.parquet.ParquetCodecs;
import org.wadi.formats.testing.ConnectorHarness;
import org.wadi.formats.testing.ConnectorHarness.SinkCtx;
import org.wadi.formats.testing.ConnectorHarness.Task;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.connector.ConnectorTable;
import org.wadi.spi.connector.FileAccess;
import org.wadi.spi.connector.Sink;
import org.wadi.spi.types.DataType;
import org.wadi.spi.types.Field;
import org.wadi.spi.types.Schema;
import org.wadi.storage.ObjectStore;
import org.wadi.storage.testing.S3TestServer;

/** {@code format = 'parquet'}: files written by the sink, read back with parquet-java. */
class ParquetSinkTest {

    static final Schema COLUMNS = Schema.of(Field.of("id", DataType.INT64), Field.of("kind", DataType.UTF8),
            Field.of("price", DataType.decimal(10, 2)), Field.of("ok", DataType.BOOLEAN),
            Field.of("at", DataType.timestamp(9)), Field.of("ratio", DataType.FLOAT64), Field.of("small", DataType.INT16));
    static final long T0 = FileSystemSinkTest.T0;

    @TempDir
    Path dir;

    private final AtomicLong clock = new AtomicLong();
    private final FileSystemConnector connector = new FileSystemConnector(clock::get, System::currentTimeMillis, false);

    private FileAccess files() {
        return ConnectorHarness.confinedTo(dir);
    }

    private ConnectorTable table(FileSystemConnector c, String path, Map<String, String> extra) throws ConnectorException {
        Map<String, String> options = new HashMap<>(Map.of("path", path, "type", "sink", "format", "parquet",
                "filename.strategy", "serial"));
        options.putAll(extra);
        return c.table(ConnectorHarness.request("filesystem", COLUMNS, options, files()));
    }

    static Object[] row(long i) {
        return new Object[] {i, i % 3 == 0 ? null : "k" + (i % 2), new BigDecimal(i + ".25"), i % 2 == 0,
            T0 + i * 1_000_000_000L, i / 4.0, (short) (i % 100), T0 + i};
    }

    private static List<Path> published(Path root) throws IOException {
        List<Path> out = new ArrayList<>();
        for (String f : SinkFiles.published(root)) {
            out.add(root.resolve(f));
        }
        return out;
    }

    @Test
    void writesTypedColumnsReadableByParquetJava() throws Exception {
        Sink sink = connector.createSink(table(connector, "out", Map.of("parquet.compression", "zstd")));
        sink.open(new SinkCtx(Task.of(0, 1), files()), null);
        for (long i = 0; i < 1000; i++) {
            sink.write(row(i));
        }
        byte[] state = sink.preCommit(1);
        assertEquals(List.of(), published(dir.resolve("out")), "nothing visible before the commit");
        sink.commit(1, state);
        sink.close();
        List<Path> files = published(dir.resolve("out"));
        assertEquals(1, files.size());
        assertTrue(files.get(0).getFileName().toString().endsWith(".parquet"));
        ParquetFiles.Contents c = ParquetFiles.read(files.get(0));
        assertTrue(c.codecs().stream().allMatch(x -> x == CompressionCodecName.ZSTD), c.codecs().toString());
        assertEquals(LogicalTypeAnnotation.timestampType(false, LogicalTypeAnnotation.TimeUnit.NANOS),
                c.schema().getType("at").getLogicalTypeAnnotation());
        assertEquals(LogicalTypeAnnotation.decimalType(2, 10), c.schema().getType("price").getLogicalTypeAnnotation());
        assertEquals(1000, c.rows().size());
        for (int i = 0; i < 1000; i++) {
            Group g = c.rows().get(i);
            assertEquals(i, g.getLong("id", 0));
            assertEquals(i % 3 == 0 ? 0 : 1, g.getFieldRepetitionCount("kind"));
            if (i % 3 != 0) {
                assertEquals("k" + (i % 2), g.getString("kind", 0));
            }
            assertEquals(new BigDecimal(i + ".25"),
                    new BigDecimal(new java.math.BigInteger(g.getBinary("price", 0).getBytes()), 2));
            assertEquals(i % 2 == 0, g.getBoolean("ok", 0));
            assertEquals(T0 + i * 1_000_000_000L, g.getLong("at", 0));
            assertEquals(i / 4.0, g.getDouble("ratio", 0));
            assertEquals(i % 100, g.getInteger("small", 0));
        }
    }

    @Test
    void everyCodecRoundTripsAndFilesRollBySizeAndPartition() throws Exception {
        for (String codec : List.of("none", "snappy", "gzip", "zstd", "lz4")) {
            Path out = dir.resolve("out-" + codec);
            Sink sink = connector.createSink(table(connector, "out-" + codec, Map.of("parquet.compression", codec,
                    "partitioning.fields", "ok", "rolling_policy.file_size", "4KB", "parquet.row_group_size", "2KB")));
            sink.open(new SinkCtx(Task.of(0, 1), files()), null);
            for (long i = 0; i < 3000; i++) {
                sink.write(row(i));
            }
            sink.commit(1, sink.preCommit(1));
            sink.close();
            List<Path> files = published(out);
            assertTrue(files.size() > 2, codec + ": rolled into several files per partition: " + files);
            long total = 0;
            for (Path f : files) {
                String folder = out.relativize(f).getName(0).toString();
                assertTrue(folder.equals("ok=true") || folder.equals("ok=false"), folder);
                ParquetFiles.Contents c = ParquetFiles.read(f);
                for (Group g : c.rows()) {
                    assertEquals(folder.equals("ok=true"), g.getBoolean("ok", 0));
                }
                total += c.rows().size();
            }
            assertEquals(3000, total, codec);
        }
    }

    @Test
    void badParquetOptionsAndTypesAreRefused() {
        ConnectorException e = assertThrows(ConnectorException.class,
                () -> table(connector, "out", Map.of("parquet.compression", "brotli")));
        assertTrue(e.getMessage().contains("'brotli'") && e.getMessage().contains("parquet.compression"), e.getMessage());
        e = assertThrows(ConnectorException.class, () -> table(connector, "out", Map.of("json.timestamp_format", "rfc3339")));
        assertTrue(e.getMessage().contains("json.timestamp_format"), e.getMessage());
        e = assertThrows(ConnectorException.class, () -> connector.table(ConnectorHarness.request("filesystem",
                Schema.of(Field.of("tags", DataType.list(DataType.UTF8))),
                Map.of("path", "out", "type", "sink", "format", "parquet"), files())));
        assertTrue(e.getMessage().contains("'tags'"), e.getMessage());
    }

    @Test
    void writesToS3InParts() throws Exception {
        try (S3TestServer s3 = S3TestServer.start(dir.resolve("s3"))) {
            s3.createBucket("lake");
            FileSystemConnector c = new FileSystemConnector(clock::get, System::currentTimeMillis, false, s3.storage);
            Sink sink = c.createSink(table(c, "s3://lake/pq", Map.of("parquet.compression", "snappy")));
            sink.open(new SinkCtx(Task.of(0, 1), files()), null);
            for (long i = 0; i < 200_000; i++) {
                Object[] r = row(i);
                // text that does not compress away, so that the file needs several 5 MiB parts
                r[1] = java.util.UUID.nameUUIDFromBytes(Long.toString(i).getBytes()).toString();
                sink.write(r);
            }
            byte[] state = sink.preCommit(1);
            assertTrue(CommitState.fromBytes(state).files().get(0).parts().size() >= 2, "several parts");
            sink.commit(1, state);
            sink.close();
            try (ObjectStore store = s3.storage.open("s3://lake")) {
                List<String> keys = store.list("pq/");
                assertEquals(1, keys.size());
                byte[] bytes = store.get(keys.get(0));
                ParquetFiles.Contents contents = ParquetFiles.read(bytesFile(bytes), new ParquetCodecs());
                assertEquals(200_000, contents.rows().size());
                assertEquals(199_999, contents.rows().get(199_999).getLong("id", 0));
            }
        }
    }

    static InputFile bytesFile(byte[] bytes) {
        return new InputFile() {
            @Override
            public long getLength() {
                return bytes.length;
            }

            @Override
            public SeekableInputStream newStream() {
                ByteArrayInputStream in = new ByteArrayInputStream(bytes);
                return new DelegatingSeekableInputStream(in) {
                    @Override
                    public long getPos() {
                        return bytes.length - in.available();
                    }

                    @Override
                    public void seek(long newPos) {
                        in.reset();
                        in.skip(newPos);
                    }
                };
            }
        };
    }
}
