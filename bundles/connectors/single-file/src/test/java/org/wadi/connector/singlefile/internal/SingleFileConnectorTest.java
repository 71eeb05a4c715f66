package org.wadi.connector.singlefile.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wadi.formats.testing.ConnectorHarness;
import org.wadi.formats.testing.ConnectorHarness.ListCollector;
import org.wadi.formats.testing.ConnectorHarness.SinkCtx;
import org.wadi.formats.testing.ConnectorHarness.SourceCtx;
import org.wadi.formats.testing.ConnectorHarness.Task;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.connector.ConnectorTable;
import org.wadi.spi.connector.FileAccess;
import org.wadi.spi.connector.Sink;
import org.wadi.spi.connector.Source;
import org.wadi.spi.connector.SourceStatus;
import org.wadi.spi.connector.TableRole;
import org.wadi.spi.types.DataType;
import org.wadi.spi.types.Field;
import org.wadi.spi.types.RowKind;
import org.wadi.spi.types.Schema;

class SingleFileConnectorTest {

    private static final Schema COLUMNS = Schema.of(Field.of("id", DataType.INT64), Field.of("name", DataType.UTF8));

    @TempDir
    Path dir;

    private final SingleFileConnector connector = new SingleFileConnector();

    private FileAccess files() {
        return ConnectorHarness.confinedTo(dir);
    }

    private ConnectorTable table(String type, String path, Map<String, String> extra) throws ConnectorException {
        Map<String, String> options = new HashMap<>(Map.of("path", path, "type", type, "format", "json"));
        options.putAll(extra);
        return connector.table(ConnectorHarness.request("single_file", COLUMNS, options, files()));
    }

    @Test
    void optionValidation() {
        ConnectorException missing = assertThrows(ConnectorException.class, () -> connector.table(
                ConnectorHarness.request("single_file", COLUMNS, Map.of("type", "source", "format", "json"), files())));
        assertEquals("Missing required option 'path' for connector 'single_file'", missing.getMessage());
        ConnectorException type = assertThrows(ConnectorException.class, () -> table("both", "a.json", Map.of()));
        assertTrue(type.getMessage().contains("'both'") && type.getMessage().contains("source, sink"));
        ConnectorException format = assertThrows(ConnectorException.class,
                () -> table("source", "a.json", Map.of("format", "parquet")));
        assertEquals("Unsupported format 'parquet' for connector 'single_file'. Supported formats: json, "
                + "debezium_json", format.getMessage());
        ConnectorException unknown = assertThrows(ConnectorException.class,
                () -> table("source", "a.json", Map.of("compression", "gzip")));
        assertEquals("Unsupported options found for connector 'single_file'. Unsupported: compression. Supported: "
                + "bad_data, format, json.confluent_schema_registry, json.decimal_encoding, json.include_schema, json.timestamp_format, json.unstructured, path, type, wait_for_control",
                unknown.getMessage());
        ConnectorException noColumns = assertThrows(ConnectorException.class, () -> connector.table(
                ConnectorHarness.request("single_file", Schema.of(),
                        Map.of("path", "a.json", "type", "source", "format", "json"), files())));
        assertTrue(noColumns.getMessage().contains("needs its columns declared"), noColumns.getMessage());
    }

    @Test
    void pathsOutsideTheRootsAreRefused() throws Exception {
        ConnectorException atDefinition = assertThrows(ConnectorException.class,
                () -> table("source", "/etc/passwd", Map.of()));
        assertTrue(atDefinition.getMessage().contains("/etc/passwd"), atDefinition.getMessage());
        // a table resolved elsewhere still goes through the task's roots when it opens
        ConnectorTable unchecked = connector.table(ConnectorHarness.request("single_file", COLUMNS,
                Map.of("path", "/etc/passwd", "type", "source", "format", "json"), null));
        Source source = connector.createSource(unchecked);
        assertThrows(ConnectorException.class, () -> source.open(new SourceCtx(Task.of(0, 1), files(), null)));
        ConnectorTable sinkTable = connector.table(ConnectorHarness.request("single_file", COLUMNS,
                Map.of("path", "../escape.json", "type", "sink", "format", "json"), null));
        Sink sink = connector.createSink(sinkTable);
        assertThrows(ConnectorException.class, () -> sink.open(new SinkCtx(Task.of(0, 1), files()), null));
        assertTrue(Files.notExists(dir.resolveSibling("escape.json")));
    }

    @Test
    void readsJsonLinesInSubtaskZero() throws Exception {
        Files.writeString(dir.resolve("in.json"), "{\"id\":1,\"name\":\"a\"}\n\n{\"id\":2}\r\n{\"name\":\"c\",\"id\":3}");
        ConnectorTable t = table("source", "in.json", Map.of());
        assertEquals(java.util.Set.of(TableRole.SOURCE), t.roles());
        assertTrue(t.bounded());
        assertEquals("true", t.option("wait_for_control"));
        List<Object[]> rows = ConnectorHarness.readAll(connector, t, Task.of(0, 2), files(), null, 100);
        assertEquals(3, rows.size());
        assertEquals(1L, rows.get(0)[0]);
        assertEquals("a", rows.get(0)[1]);
        assertEquals(null, rows.get(1)[1]);
        assertEquals(3L, rows.get(2)[0]);
        assertTrue(rows.get(2)[2] instanceof Long);
        assertEquals(0, ConnectorHarness.readAll(connector, t, Task.of(1, 2), files(), null, 10).size());
    }

    @Test
    void badDataFailsNamingTheLineOrIsDropped() throws Exception {
        Files.writeString(dir.resolve("bad.json"), "{\"id\":1}\n{\"id\":\"x\"}\n{\"id\":3}\n");
        ConnectorException e = assertThrows(ConnectorException.class, () -> ConnectorHarness.readAll(connector,
                table("source", "bad.json", Map.of()), Task.of(0, 1), files(), null, 100));
        assertTrue(e.getMessage().contains("line 2") && e.getMessage().contains("'id'"), e.getMessage());
        List<Object[]> rows = ConnectorHarness.readAll(connector,
                table("source", "bad.json", Map.of("bad_data", "drop", "wait_for_control", "false")), Task.of(0, 1),
                files(), null, 100);
        assertEquals(2, rows.size());
        assertEquals(3L, rows.get(1)[0]);
    }

    @Test
    void snapshotAndRestoreResumeAfterTheLastLineRead() throws Exception {
        Files.writeString(dir.resolve("in.json"), "{\"id\":1}\n{\"id\":2}\n{\"id\":3}\n");
        ConnectorTable t = table("source", "in.json", Map.of());
        Source first = connector.createSource(t);
        first.open(new SourceCtx(Task.of(0, 1), files(), null));
        ListCollector out = new ListCollector();
        assertEquals(SourceStatus.ACTIVE, first.poll(out));
        assertEquals(1, out.rows.size());
        byte[] state = first.snapshot(1);
        first.close();
        List<Object[]> rest = ConnectorHarness.readAll(connector, t, Task.of(0, 1), files(), state, 100);
        assertEquals(2, rest.size());
        assertEquals(2L, rest.get(0)[0]);
    }

    @Test
    void writesJsonLinesThatReadBack() throws Exception {
        ConnectorTable sinkTable = table("sink", "out/result.json", Map.of());
        assertEquals(java.util.Set.of(TableRole.SINK), sinkTable.roles());
        List<Object[]> rows = List.of(new Object[] {1L, "a", 10L}, new Object[] {2L, null, 20L},
                new Object[] {3L, "q\"uote", 30L});
        ConnectorHarness.writeAll(connector, sinkTable, new SinkCtx(Task.of(0, 1), files()), rows);
        assertEquals("{\"id\":1,\"name\":\"a\"}\n{\"id\":2,\"name\":null}\n{\"id\":3,\"name\":\"q\\\"uote\"}\n",
                Files.readString(dir.resolve("out/result.json")));
        List<Object[]> back = ConnectorHarness.readAll(connector, table("source", "out/result.json", Map.of()),
                Task.of(0, 1), files(), null, 100);
        assertEquals(3, back.size());
        assertEquals("q\"uote", back.get(2)[1]);
    }

    @Test
    void restoreCutsBackToTheCheckpointedLength() throws Exception {
        ConnectorTable t = table("sink", "out.json", Map.of());
        SinkCtx ctx = new SinkCtx(Task.of(0, 1), files());
        Sink first = connector.createSink(t);
        first.open(ctx, null);
        first.write(new Object[] {1L, "a", 0L});
        byte[] committed = first.preCommit(1);
        first.write(new Object[] {2L, "lost", 0L});
        first.close();
        Sink second = connector.createSink(t);
        second.open(ctx, committed);
        second.write(new Object[] {3L, "c", 0L});
        second.finish();
        second.close();
        assertEquals("{\"id\":1,\"name\":\"a\"}\n{\"id\":3,\"name\":\"c\"}\n", Files.readString(dir.resolve("out.json")));
        // a fresh start truncates, as Arroyo's sink does
        Sink third = connector.createSink(t);
        third.open(ctx, null);
        third.close();
        assertEquals("", Files.readString(dir.resolve("out.json")));
    }

    @Test
    void parallelSinkSubtasksWriteTheirOwnFiles() throws Exception {
        ConnectorTable t = table("sink", "p.json", Map.of());
        ConnectorHarness.writeAll(connector, t, new SinkCtx(Task.of(0, 2), files()), List.<Object[]>of(new Object[] {0L, "zero", 0L}));
        ConnectorHarness.writeAll(connector, t, new SinkCtx(Task.of(1, 2), files()), List.<Object[]>of(new Object[] {1L, "one", 0L}));
        assertEquals("{\"id\":0,\"name\":\"zero\"}\n", Files.readString(dir.resolve("p.json")));
        assertEquals("{\"id\":1,\"name\":\"one\"}\n", Files.readString(dir.resolve("p.json.1")));
    }

    @Test
    void aSinkTableCannotBeReadNorASourceWritten() throws Exception {
        assertThrows(ConnectorException.class, () -> connector.createSource(table("sink", "x.json", Map.of())));
        assertThrows(ConnectorException.class, () -> connector.createSink(table("source", "x.json", Map.of())));
    }

    private static Object[] change(long id, String name, int kind) {
        return new Object[] {id, name, RowKind.of(kind), 0L};
    }

    /** Rows of a changelog as "kind values", e.g. "-U [1, a]", without their event time. */
    private static List<String> describe(List<Object[]> rows) {
        List<String> out = new ArrayList<>();
        for (Object[] r : rows) {
            assertEquals(COLUMNS.size() + 2, r.length, "columns, _op, _timestamp");
            assertTrue(r[r.length - 1] instanceof Long);
            out.add(RowKind.describe((Integer) r[r.length - 2]) + " [" + r[0] + ", " + r[1] + "]");
        }
        return out;
    }

    @Test
    void plainJsonSinkRefusesUpdatingResultsWhenItOpens() throws Exception {
        Sink sink = connector.createSink(table("sink", "out.json", Map.of()));
        ConnectorException e = assertThrows(ConnectorException.class,
                () -> sink.open(new SinkCtx(Task.of(0, 1), files(), true), null));
        assertEquals("single_file table 't' receives updating results; write them with format = 'debezium_json'",
                e.getMessage());
        sink.close();
        assertTrue(Files.notExists(dir.resolve("out.json")));
    }

    @Test
    void updatingResultsAreWrittenAsDebeziumEventsAndReadBackAsAChangelog() throws Exception {
        ConnectorTable t = table("sink", "changes.json", Map.of("format", "debezium_json"));
        assertEquals("debezium_json", t.option("format"));
        ConnectorHarness.writeAll(connector, t, new SinkCtx(Task.of(0, 1), files(), true), List.of(
                change(1, "a", RowKind.INSERT),
                change(1, "a", RowKind.UPDATE_BEFORE),
                change(1, "b", RowKind.UPDATE_AFTER),
                change(2, "c", RowKind.INSERT),
                change(1, "b", RowKind.DELETE),
                change(2, "c", RowKind.UPDATE_BEFORE)));
        assertEquals("{\"before\":null,\"after\":{\"id\":1,\"name\":\"a\"},\"op\":\"c\"}\n"
                + "{\"before\":{\"id\":1,\"name\":\"a\"},\"after\":{\"id\":1,\"name\":\"b\"},\"op\":\"u\"}\n"
                + "{\"before\":null,\"after\":{\"id\":2,\"name\":\"c\"},\"op\":\"c\"}\n"
                + "{\"before\":{\"id\":1,\"name\":\"b\"},\"after\":null,\"op\":\"d\"}\n"
                + "{\"before\":{\"id\":2,\"name\":\"c\"},\"after\":null,\"op\":\"d\"}\n",
                Files.readString(dir.resolve("changes.json")));

        ConnectorTable source = table("source", "changes.json", Map.of("format", "debezium_json"));
        List<Object[]> rows = ConnectorHarness.readAll(connector, source, Task.of(0, 1), files(), null, 100);
        assertEquals(List.of("+I [1, a]", "-U [1, a]", "+U [1, b]", "+I [2, c]", "-D [1, b]", "-D [2, c]"),
                describe(rows));
    }

    @Test
    void aWaitingOldRowGoesIntoTheCheckpointAsADelete() throws Exception {
        ConnectorTable t = table("sink", "out.json", Map.of("format", "debezium_json"));
        SinkCtx ctx = new SinkCtx(Task.of(0, 1), files(), true);
        Sink first = connector.createSink(t);
        first.open(ctx, null);
        first.write(change(1, "a", RowKind.UPDATE_BEFORE));
        byte[] committed = first.preCommit(1);
        first.write(change(1, "b", RowKind.UPDATE_AFTER));
        first.close();
        Sink second = connector.createSink(t);
        second.open(ctx, committed);
        second.write(change(1, "b", RowKind.UPDATE_AFTER));
        second.finish();
        second.close();
        assertEquals("{\"before\":{\"id\":1,\"name\":\"a\"},\"after\":null,\"op\":\"d\"}\n"
                + "{\"before\":null,\"after\":{\"id\":1,\"name\":\"b\"},\"op\":\"c\"}\n",
                Files.readString(dir.resolve("out.json")));
    }

    @Test
    void debeziumSourceReadsSnapshotsAndFollowsBadData() throws Exception {
        Files.writeString(dir.resolve("cdc.json"), String.join("\n",
                "{\"before\":null,\"after\":{\"id\":1,\"name\":\"a\"},\"op\":\"r\",\"ts_ms\":1}",
                "{\"before\":null,\"after\":{\"id\":2},\"op\":\"x\"}",
                "{\"before\":{\"id\":1,\"name\":\"a\"},\"after\":{\"id\":\"bad\"},\"op\":\"u\"}",
                "{\"before\":{\"id\":1,\"name\":\"a\"},\"after\":null,\"op\":\"d\"}"));
        ConnectorException e = assertThrows(ConnectorException.class, () -> ConnectorHarness.readAll(connector,
                table("source", "cdc.json", Map.of("format", "debezium_json")), Task.of(0, 1), files(), null, 100));
        assertTrue(e.getMessage().startsWith("single_file table 't', file 'cdc.json': Invalid Debezium JSON record "
                + "at line 2: unknown op \"x\""), e.getMessage());
        List<Object[]> rows = ConnectorHarness.readAll(connector, table("source", "cdc.json",
                Map.of("format", "debezium_json", "bad_data", "drop")), Task.of(0, 1), files(), null, 100);
        assertEquals(List.of("+I [1, a]", "-D [1, a]"), describe(rows), "lines 2 and 3 are dropped whole");
    }
}
