package org.wadi.connector.filesystem.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airlift.compress.zstd.ZstdOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wadi.formats.testing.ConnectorHarness;
import org.wadi.formats.testing.ConnectorHarness.ListCollector;
import org.wadi.formats.testing.ConnectorHarness.Task;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.connector.ConnectorTable;
import org.wadi.spi.connector.FileAccess;
import org.wadi.spi.connector.Source;
import org.wadi.spi.connector.SourceContext;
import org.wadi.spi.connector.SourceStatus;
import org.wadi.spi.connector.TaskInfo;
import org.wadi.spi.types.DataType;
import org.wadi.spi.types.Field;
import org.wadi.spi.types.Schema;
import org.wadi.storage.testing.S3TestServer;

class FileSystemSourceTest {

    static final Schema COLUMNS = Schema.of(Field.of("id", DataType.INT64), Field.of("kind", DataType.UTF8));

    @TempDir
    Path dir;

    private final FileSystemConnector connector = new FileSystemConnector();

    private FileAccess files() {
        return ConnectorHarness.confinedTo(dir);
    }

    private ConnectorTable table(Schema columns, Map<String, String> extra) throws ConnectorException {
        Map<String, String> options = new HashMap<>(Map.of("path", "in", "type", "source", "format", "json"));
        options.putAll(extra);
        return connector.table(ConnectorHarness.request("filesystem", columns, options, files()));
    }

    /** A source context that hands over every old subtask's state, as the worker does. */
    record Ctx(TaskInfo task, FileAccess files, List<byte[]> states) implements SourceContext {
        @Override
        public byte[] restoredState() {
            return states.isEmpty() ? null : states.get(task.subtaskIndex() % states.size());
        }

        @Override
        public List<byte[]> restoredStates() {
            return states;
        }
    }

    private void write(String name, String text) throws IOException {
        Path p = dir.resolve("in").resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    private void writeCompressed(String name, String text, boolean gzip) throws IOException {
        Path p = dir.resolve("in").resolve(name);
        Files.createDirectories(p.getParent());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = gzip ? new GZIPOutputStream(bytes) : new ZstdOutputStream(bytes)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        Files.write(p, bytes.toByteArray());
    }

    private static String lines(String kind, int from, int to) {
        StringBuilder b = new StringBuilder();
        for (int i = from; i < to; i++) {
            b.append("{\"id\":").append(i).append(",\"kind\":\"").append(kind).append("\"}\n");
        }
        return b.toString();
    }

    private static List<Long> ids(List<Object[]> rows) {
        List<Long> ids = new ArrayList<>();
        for (Object[] r : rows) {
            ids.add((Long) r[0]);
        }
        Collections.sort(ids);
        return ids;
    }

    private static List<Long> range(int from, int to) {
        List<Long> ids = new ArrayList<>();
        for (long i = from; i < to; i++) {
            ids.add(i);
        }
        return ids;
    }

    @Test
    void readsJsonPlainGzipAndZstdSkippingHiddenFiles() throws Exception {
        write("a.json", lines("a", 0, 10));
        writeCompressed("sub/b.json.gz", lines("b", 10, 20), true);
        writeCompressed("sub/c.json.zst", lines("c", 20, 30), false);
        write("sub/.d.json.x.inprogress", lines("d", 30, 40));
        write("_SUCCESS", "not json\n");
        ConnectorTable t = table(COLUMNS, Map.of());
        List<Object[]> rows = ConnectorHarness.readAll(connector, t, Task.of(0, 1), files(), null, 100);
        assertEquals(range(0, 30), ids(rows));
        for (Object[] r : rows) {
            long id = (Long) r[0];
            assertEquals(id < 10 ? "a" : id < 20 ? "b" : "c", r[1]);
            assertEquals(3, r.length, "columns then _timestamp");
            assertTrue(r[2] instanceof Long);
        }
    }

    @Test
    void compressionFormatOverridesTheExtension() throws Exception {
        writeCompressed("data.bin", lines("a", 0, 5), true);
        List<Object[]> rows = ConnectorHarness.readAll(connector, table(COLUMNS, Map.of("compression_format", "gzip")),
                Task.of(0, 1), files(), null, 100);
        assertEquals(range(0, 5), ids(rows));
    }

    @Test
    void regexSelectsFilesByRelativePath() throws Exception {
        write("2025/01/a.json", lines("a", 0, 3));
        write("2025/02/b.json", lines("b", 3, 6));
        write("2025/02/c.txt", lines("c", 6, 9));
        List<Object[]> rows = ConnectorHarness.readAll(connector,
                table(COLUMNS, Map.of("source.regex-pattern", "^2025/02/.*\\.json$")), Task.of(0, 1), files(), null, 100);
        assertEquals(range(3, 6), ids(rows));
    }

    @Test
    void rawStringReadsEachLineAsValue() throws Exception {
        write("log.txt", "first line\n{not json}\n\nlast");
        ConnectorTable t = table(Schema.of(), Map.of("format", "raw_string"));
        assertEquals(Schema.of(Field.of("value", DataType.UTF8)), t.schema());
        List<Object[]> rows = ConnectorHarness.readAll(connector, t, Task.of(0, 1), files(), null, 100);
        assertEquals(List.of("first line", "{not json}", "", "last"), rows.stream().map(r -> (String) r[0]).toList());
    }

    @Test
    void badLinesFailNamingFileAndLineOrAreDropped() throws Exception {
        write("a.json", lines("a", 0, 2) + "{\"id\": \"x\"}\n" + lines("a", 2, 4));
        ConnectorException e = assertThrows(ConnectorException.class,
                () -> ConnectorHarness.readAll(connector, table(COLUMNS, Map.of()), Task.of(0, 1), files(), null, 100));
        assertTrue(e.getMessage().contains("a.json line 3"), e.getMessage());
        List<Object[]> rows = ConnectorHarness.readAll(connector, table(COLUMNS, Map.of("bad_data", "drop")),
                Task.of(0, 1), files(), null, 100);
        assertEquals(range(0, 4), ids(rows));
    }

    @Test
    void badOptionsAreRefusedNamingKeyAndValue() {
        ConnectorException e = assertThrows(ConnectorException.class,
                () -> table(COLUMNS, Map.of("compression_format", "lz4")));
        assertTrue(e.getMessage().contains("'lz4'") && e.getMessage().contains("compression_format")
                && e.getMessage().contains("gzip"), e.getMessage());
        e = assertThrows(ConnectorException.class, () -> table(COLUMNS, Map.of("source.regex-pattern", "(")));
        assertTrue(e.getMessage().contains("source.regex-pattern"), e.getMessage());
        e = assertThrows(ConnectorException.class, () -> table(COLUMNS, Map.of("path", "hdfs://x/y")));
        assertTrue(e.getMessage().contains("hdfs") && e.getMessage().contains("s3://"), e.getMessage());
        e = assertThrows(ConnectorException.class, () -> table(COLUMNS, Map.of("source.bogus", "1")));
        assertTrue(e.getMessage().contains("source.bogus"), e.getMessage());
        e = assertThrows(ConnectorException.class, () -> table(COLUMNS, Map.of("path", "../outside")));
        assertTrue(e.getMessage().contains("outside"), e.getMessage());
        e = assertThrows(ConnectorException.class, () -> table(COLUMNS, Map.of("format", "raw_string")));
        assertTrue(e.getMessage().contains("value TEXT"), e.getMessage());
    }

    /**
     * Three subtasks read part of the files, checkpoint, then "fail": two subtasks restore from
     * the checkpoint and read the rest. Every row is read exactly once over both runs.
     */
    @Test
    void restoreAtAnotherParallelismNeitherLosesNorRepeats() throws Exception {
        int total = 0;
        for (int f = 0; f < 7; f++) {
            write("f" + f + ".json", lines("x", total, total + 1000));
            total += 1000;
        }
        ConnectorTable t = table(COLUMNS, Map.of());
        List<Object[]> committed = new ArrayList<>();
        List<byte[]> states = new ArrayList<>();
        for (int s = 0; s < 3; s++) {
            Source source = connector.createSource(t);
            source.open(new Ctx(Task.of(s, 3), files(), List.of()));
            ListCollector out = new ListCollector();
            // one poll: at most one batch, part of the files
            source.poll(out);
            committed.addAll(out.rows);
            states.add(source.snapshot(1));
            // rows emitted after the checkpoint are lost with the failure (and must be replayed)
            source.poll(new ListCollector());
            source.close();
        }
        assertTrue(committed.size() < total, "the first run must stop part way");
        for (int s = 0; s < 2; s++) {
            committed.addAll(readRestored(t, s, 2, states));
        }
        assertEquals(range(0, total), ids(committed));
        // a second restore from the final states reads nothing more
        List<byte[]> done = new ArrayList<>();
        for (int s = 0; s < 2; s++) {
            Source source = connector.createSource(t);
            source.open(new Ctx(Task.of(s, 2), files(), states));
            ConnectorHarness.drain(source, 1000);
            done.add(source.snapshot(2));
            source.close();
        }
        for (int s = 0; s < 3; s++) {
            assertEquals(List.of(), readRestored(t, s, 3, done));
        }
    }

    @Test
    void rescaleTwoToThreeMidFile() throws Exception {
        write("big.json", lines("x", 0, 5000));
        write("small.json", lines("y", 5000, 5010));
        ConnectorTable t = table(COLUMNS, Map.of());
        List<Object[]> committed = new ArrayList<>();
        List<byte[]> states = new ArrayList<>();
        for (int s = 0; s < 2; s++) {
            Source source = connector.createSource(t);
            source.open(new Ctx(Task.of(s, 2), files(), List.of()));
            ListCollector out = new ListCollector();
            source.poll(out);
            committed.addAll(out.rows);
            states.add(source.snapshot(1));
            source.close();
        }
        for (int s = 0; s < 3; s++) {
            committed.addAll(readRestored(t, s, 3, states));
        }
        assertEquals(range(0, 5010), ids(committed));
    }

    private List<Object[]> readRestored(ConnectorTable t, int subtask, int parallelism, List<byte[]> states)
            throws Exception {
        Source source = connector.createSource(t);
        try {
            source.open(new Ctx(Task.of(subtask, parallelism), files(), states));
            return ConnectorHarness.drain(source, 1000);
        } finally {
            source.close();
        }
    }

    @Test
    void readsFromS3() throws Exception {
        try (S3TestServer s3 = S3TestServer.start(dir.resolve("s3"))) {
            s3.createBucket("data");
            FileSystemConnector c = new FileSystemConnector(System::nanoTime, System::currentTimeMillis, false,
                    s3.storage);
            try (var store = s3.storage.open("s3://data/events")) {
                store.put("2025/a.json", lines("a", 0, 100).getBytes(StandardCharsets.UTF_8));
                ByteArrayOutputStream gz = new ByteArrayOutputStream();
                try (OutputStream out = new GZIPOutputStream(gz)) {
                    out.write(lines("b", 100, 250).getBytes(StandardCharsets.UTF_8));
                }
                store.put("2025/b.json.gz", gz.toByteArray());
                store.put("2024/old.json", lines("c", 900, 910).getBytes(StandardCharsets.UTF_8));
            }
            ConnectorTable t = c.table(ConnectorHarness.request("filesystem", COLUMNS, Map.of("path",
                    "s3://data/events", "type", "source", "format", "json", "source.regex-pattern", "^2025/"), files()));
            List<Object[]> rows = new ArrayList<>();
            for (int s = 0; s < 2; s++) {
                rows.addAll(ConnectorHarness.readAll(c, t, Task.of(s, 2), files(), null, 100));
            }
            assertEquals(range(0, 250), ids(rows));
        }
    }

    @Test
    void finishesAtOnceWhenNothingMatches() throws Exception {
        Files.createDirectories(dir.resolve("in"));
        Source source = connector.createSource(table(COLUMNS, Map.of()));
        source.open(new Ctx(Task.of(0, 1), files(), List.of()));
        assertEquals(SourceStatus.FINISHED, source.poll(new ListCollector()));
        source.close();
    }
}
