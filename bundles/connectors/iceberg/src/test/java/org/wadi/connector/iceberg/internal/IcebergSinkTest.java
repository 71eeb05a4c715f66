package org.wadi.connector.iceberg.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wadi.formats.testing.ConnectorHarness;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.connector.ConnectorTable;
import org.wadi.spi.connector.FileAccess;
import org.wadi.spi.connector.Sink;
import org.wadi.spi.connector.TestResult;
import org.wadi.spi.types.DataType;
import org.wadi.spi.types.Field;
import org.wadi.spi.types.Schema;

/**
 * The sink against an Iceberg REST catalog served in the test JVM ({@link RestCatalogServer}),
 * its tables read back with Iceberg's own generic reader.
 */
class IcebergSinkTest {

    static final Schema COLUMNS = Schema.of(
            Field.of("id", DataType.INT64),
            Field.of("name", DataType.UTF8),
            Field.of("amount", DataType.FLOAT64),
            Field.of("ts", DataType.TIMESTAMP),
            Field.of("day", DataType.DATE),
            Field.of("price", DataType.decimal(10, 2)),
            Field.of("flag", DataType.BOOLEAN),
            Field.of("data", DataType.BINARY),
            Field.of("n", DataType.INT32));

    static final long BASE_NANOS = LocalDateTime.of(2026, 11, 27, 3, 0).toEpochSecond(ZoneOffset.UTC) * 1_000_000_000L;

    @TempDir
    Path dir;
    RestCatalogServer server;
    FileAccess files;
    IcebergConnector connector = new IcebergConnector();

    @BeforeEach
    void start() throws IOException {
        server = RestCatalogServer.start(dir.resolve("warehouse").toString());
        files = ConnectorHarness.confinedTo(dir);
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    static Object[] row(long i) {
        return new Object[] {i, i % 7 == 0 ? null : "name-" + i, i * 1.5, BASE_NANOS + i * 1_000_000L,
            (int) (20_000 + i % 30), new BigDecimal(i).movePointLeft(2).add(new BigDecimal("-3.50")), i % 2 == 0,
            new byte[] {(byte) i, 7}, (int) i * 3, BASE_NANOS};
    }

    Map<String, String> options(String table) {
        Map<String, String> m = new HashMap<>();
        m.put("type", "sink");
        m.put("catalog.type", "rest");
        m.put("catalog.rest.url", server.url());
        m.put("namespace", "analytics.raw");
        m.put("table_name", table);
        return m;
    }

    ConnectorTable table(Map<String, String> options) throws ConnectorException {
        return connector.table(ConnectorHarness.request("iceberg", COLUMNS, options, files));
    }

    Sink open(ConnectorTable table, int subtask, int parallelism, byte[] restored) throws Exception {
        Sink sink = connector.createSink(table);
        sink.open(new ConnectorHarness.SinkCtx(ConnectorHarness.Task.of(subtask, parallelism), files), restored);
        return sink;
    }

    Table load(String name) {
        return server.backend.loadTable(TableIdentifier.of(Namespace.of("analytics", "raw"), name));
    }

    static List<Record> read(Table table) throws IOException {
        List<Record> out = new ArrayList<>();
        try (CloseableIterable<Record> records = IcebergGenerics.read(table).build()) {
            records.forEach(out::add);
        }
        out.sort(Comparator.comparingLong(r -> (Long) r.getField("id")));
        return out;
    }

    static List<Snapshot> snapshots(Table table) {
        List<Snapshot> out = new ArrayList<>();
        table.snapshots().forEach(out::add);
        return out;
    }

    static void assertRow(long i, Record r) {
        assertEquals(i, r.getField("id"));
        assertEquals(i % 7 == 0 ? null : "name-" + i, r.getField("name"));
        assertEquals(i * 1.5, r.getField("amount"));
        assertEquals(LocalDateTime.of(2026, 11, 27, 3, 0).plusNanos(i * 1_000_000L), r.getField("ts"));
        assertEquals(LocalDate.ofEpochDay(20_000 + i % 30), r.getField("day"));
        assertEquals(new BigDecimal(i).movePointLeft(2).add(new BigDecimal("-3.50")).setScale(2), r.getField("price"));
        assertEquals(i % 2 == 0, r.getField("flag"));
        ByteBuffer b = (ByteBuffer) r.getField("data");
        byte[] bytes = new byte[b.remaining()];
        b.duplicate().get(bytes);
        assertArrayEquals(new byte[] {(byte) i, 7}, bytes);
        assertEquals((int) i * 3, r.getField("n"));
    }

    @Test
    void createsTheTableAndCommitsOneSnapshotPerCheckpoint() throws Exception {
        ConnectorTable t = table(options("orders"));
        Sink sink = open(t, 0, 1, null);
        for (long i = 0; i < 10; i++) {
            sink.write(row(i));
        }
        byte[] first = sink.preCommit(1);
        assertEquals(0, read(load("orders")).size(), "pre-committed rows are not visible");
        sink.commit(1, first);
        for (long i = 10; i < 25; i++) {
            sink.write(row(i));
        }
        sink.commit(2, sink.preCommit(2));
        sink.commit(3, sink.preCommit(3)); // nothing written: no snapshot
        sink.close();

        Table table = load("orders");
        Types.StructType struct = table.schema().asStruct();
        assertEquals(Types.TimestampType.withoutZone(), struct.field("ts").type());
        assertEquals(Types.DecimalType.of(10, 2), struct.field("price").type());
        List<Record> rows = read(table);
        assertEquals(25, rows.size());
        for (int i = 0; i < 25; i++) {
            assertRow(i, rows.get(i));
        }
        List<Snapshot> snapshots = snapshots(table);
        assertEquals(2, snapshots.size());
        assertEquals("1", snapshots.get(0).summary().get(IcebergSink.EPOCH_PROPERTY));
        assertEquals("2", snapshots.get(1).summary().get(IcebergSink.EPOCH_PROPERTY));
        assertEquals("job_test/op_1/0", snapshots.get(1).summary().get(IcebergSink.WRITER_PROPERTY));
        assertEquals("15", snapshots.get(1).summary().get("added-records"));
        // the files carry column metrics: a filter outside every file's bounds plans no file
        List<DataFile> planned = new ArrayList<>();
        try (CloseableIterable<FileScanTask> tasks = table.newScan().includeColumnStats().planFiles()) {
            tasks.forEach(task -> planned.add(task.file()));
        }
        assertEquals(2, planned.size());
        for (DataFile f : planned) {
            assertTrue(f.lowerBounds() != null && f.lowerBounds().containsKey(struct.field("id").fieldId()), f.location());
            assertEquals(f.recordCount(), f.valueCounts().get(struct.field("id").fieldId()));
        }
        try (CloseableIterable<FileScanTask> tasks = table.newScan().filter(Expressions.greaterThan("id", 12L))
                .planFiles()) {
            List<FileScanTask> list = new ArrayList<>();
            tasks.forEach(list::add);
            assertEquals(1, list.size(), "ids 0..9 are pruned by the first file's upper bound");
        }
    }

    @Test
    void aRestoreRecommitsOnceAndNeverTwice() throws Exception {
        ConnectorTable t = table(options("restored"));
        Sink sink = open(t, 0, 1, null);
        for (long i = 0; i < 5; i++) {
            sink.write(row(i));
        }
        byte[] first = sink.preCommit(1);
        sink.commit(1, first);
        for (long i = 5; i < 12; i++) {
            sink.write(row(i));
        }
        byte[] second = sink.preCommit(2);
        // the worker dies after the checkpoint was taken, before the commit; and rows after it are lost
        sink.write(row(100));
        sink.close();
        assertEquals(5, read(load("restored")).size());

        Sink restored = open(t, 0, 1, second); // restore from checkpoint 2: re-commits it
        assertEquals(12, read(load("restored")).size());
        restored.commit(2, second); // the controller's commit arrives as well
        restored.close();
        Sink again = open(t, 0, 1, second); // restored a second time from the same checkpoint
        again.close();
        Sink older = open(t, 0, 1, first); // an older checkpoint's state is committed already too
        older.close();

        Table table = load("restored");
        List<Record> rows = read(table);
        assertEquals(12, rows.size());
        for (int i = 0; i < 12; i++) {
            assertRow(i, rows.get(i));
        }
        assertEquals(2, snapshots(table).size());
    }

    @Test
    void subtasksAppendTheirOwnFilesAndRollBySize() throws Exception {
        Map<String, String> o = options("parallel");
        o.put("rolling_policy.file_size", "1KiB");
        ConnectorTable t = table(o);
        Sink a = open(t, 0, 2, null);
        Sink b = open(t, 1, 2, null);
        for (long i = 0; i < 400; i++) {
            (i % 2 == 0 ? a : b).write(row(i));
        }
        byte[] sa = a.preCommit(1);
        byte[] sb = b.preCommit(1);
        b.commit(1, sb);
        a.commit(1, sa);
        a.close();
        b.close();
        Table table = load("parallel");
        List<Record> rows = read(table);
        assertEquals(400, rows.size());
        for (int i = 0; i < 400; i++) {
            assertRow(i, rows.get(i));
        }
        assertEquals(2, snapshots(table).size());
        long files = 0;
        for (Snapshot s : snapshots(table)) {
            files += Long.parseLong(s.summary().get("added-data-files"));
        }
        assertTrue(files > 2, "files rolled at 1 KiB: " + files);
    }

    @Test
    void writesAnExistingTableByColumnName() throws Exception {
        Namespace ns = Namespace.of("analytics", "raw");
        server.backend.createNamespace(ns);
        org.apache.iceberg.Schema schema = new org.apache.iceberg.Schema(
                Types.NestedField.optional(1, "note", Types.StringType.get()),
                Types.NestedField.optional(2, "N", Types.LongType.get()),
                Types.NestedField.optional(3, "id", Types.LongType.get()));
        server.backend.createTable(TableIdentifier.of(ns, "existing"), schema);
        Schema columns = Schema.of(Field.of("id", DataType.INT64), Field.of("n", DataType.INT32));
        ConnectorTable t = connector.table(ConnectorHarness.request("iceberg", columns, options("existing"), files));
        Sink sink = open(t, 0, 1, null);
        sink.write(new Object[] {1L, 10, 0L});
        sink.write(new Object[] {2L, null, 0L});
        sink.commit(1, sink.preCommit(1));
        sink.close();
        List<Record> rows = read(load("existing"));
        assertEquals(2, rows.size());
        assertNull(rows.get(0).getField("note"));
        assertEquals(10L, rows.get(0).getField("N"));
        assertNull(rows.get(1).getField("N"));

        Schema wrong = Schema.of(Field.of("id", DataType.UTF8));
        ConnectorTable bad = connector.table(ConnectorHarness.request("iceberg", wrong, options("existing"), files));
        ConnectorException e = assertThrows(ConnectorException.class, () -> open(bad, 0, 1, null));
        assertTrue(e.getMessage().contains("Column 'id' of type"), e.getMessage());
        Schema missing = Schema.of(Field.of("other", DataType.INT64));
        ConnectorTable bad2 = connector.table(ConnectorHarness.request("iceberg", missing, options("existing"), files));
        e = assertThrows(ConnectorException.class, () -> open(bad2, 0, 1, null));
        assertTrue(e.getMessage().contains("Column 'other' is not in the Iceberg table analytics.raw.existing"),
                e.getMessage());
    }

    @Test
    void writesEachRowIntoItsPartitionOfAPartitionedTable() throws Exception {
        Namespace ns = Namespace.of("analytics", "raw");
        server.backend.createNamespace(ns);
        org.apache.iceberg.Schema schema = IcebergSchemas.of(COLUMNS);
        PartitionSpec spec = PartitionSpec.builderFor(schema).day("ts").bucket("id", 4).identity("flag")
                .truncate("price", 5).build();
        server.backend.createTable(TableIdentifier.of(ns, "partitioned"), schema, spec);
        ConnectorTable t = table(options("partitioned"));
        Sink sink = open(t, 0, 1, null);
        long hours8 = 8L * 3600 * 1_000_000_000L;
        for (long i = 0; i < 40; i++) {
            Object[] r = row(i);
            r[3] = BASE_NANOS + i * hours8; // three rows a day
            sink.write(r);
        }
        byte[] first = sink.preCommit(1);
        sink.close();
        Sink restored = open(t, 0, 1, first); // the state carries each file's partition
        restored.commit(1, first);
        restored.close();

        Table table = load("partitioned");
        List<Record> rows = read(table);
        assertEquals(40, rows.size());
        long files = Long.parseLong(table.currentSnapshot().summary().get("added-data-files"));
        assertTrue(files > 20, "one file per partition: " + files);
        assertEquals("40", table.currentSnapshot().summary().get("added-records"));
        assertEquals(1, snapshots(table).size());
        for (long i = 0; i < 40; i++) {
            // partition pruning keeps only files whose partition tuple matches: a wrong tuple loses the row
            LocalDateTime ts = LocalDateTime.of(2026, 11, 27, 3, 0).plusHours(8 * i);
            List<Record> found = new ArrayList<>();
            try (CloseableIterable<Record> it = IcebergGenerics.read(table)
                    .where(Expressions.and(Expressions.equal("id", i),
                            Expressions.equal("ts", ts.toEpochSecond(ZoneOffset.UTC) * 1_000_000L),
                            Expressions.equal("flag", i % 2 == 0)))
                    .build()) {
                for (Record r : it) {
                    if ((Long) r.getField("id") == i) {
                        found.add(r);
                    }
                }
            }
            assertEquals(1, found.size(), "row " + i);
            assertEquals(ts, found.get(0).getField("ts"));
        }
    }

    @Test
    void sendsTheTokenAndNamesTheCatalogWhenItCannotBeReached() throws Exception {
        Map<String, String> o = options("secured");
        o.put("catalog.rest.token", "s3cr3t-t0ken");
        Sink sink = open(table(o), 0, 1, null);
        sink.write(row(1));
        sink.commit(1, sink.preCommit(1));
        sink.close();
        assertEquals("Bearer s3cr3t-t0ken", server.lastAuthorization);
        assertEquals(1, read(load("secured")).size());

        Map<String, String> gone = options("gone");
        gone.put("catalog.rest.url", "http://127.0.0.1:1");
        ConnectorException e = assertThrows(ConnectorException.class, () -> open(table(gone), 0, 1, null));
        assertTrue(e.getMessage().startsWith("iceberg table 't': cannot load or create analytics.raw.gone in the REST "
                + "catalog at http://127.0.0.1:1: "), e.getMessage());
    }

    @Test
    void testsTheConnectionProfile() {
        server.backend.createNamespace(Namespace.of("one"));
        TestResult ok = connector.test(Map.of("catalog.type", "rest", "catalog.rest.url", server.url()), Map.of());
        assertTrue(ok.ok(), ok.message());
        assertEquals("Connected to the Iceberg REST catalog at " + server.url() + " (1 top-level namespaces)",
                ok.message());
        TestResult down = connector.test(Map.of("catalog.type", "rest", "catalog.rest.url", "http://127.0.0.1:1"),
                Map.of());
        assertTrue(!down.ok() && down.message().startsWith("Cannot reach the Iceberg REST catalog at "
                + "http://127.0.0.1:1: "), down.message());
        TestResult hive = connector.test(Map.of("catalog.type", "hive", "catalog.rest.url", server.url()), Map.of());
        assertTrue(!hive.ok() && hive.message().contains("expected 'rest'"), hive.message());
    }

    @Test
    void createsAPartitionedTableAsPartitioningFieldsSays() throws Exception {
        Map<String, String> o = options("by_day");
        o.put("partitioning.fields", "day(ts), bucket(id, 4), truncate(4, NAME), flag");
        ConnectorTable t = table(o);
        assertEquals("day(ts), bucket(id, 4), truncate(NAME, 4), identity(flag)",
                t.options().get("partitioning.fields"), "normalised in the plan");
        Sink sink = open(t, 0, 1, null);
        long hours8 = 8L * 3600 * 1_000_000_000L;
        for (long i = 0; i < 30; i++) {
            Object[] r = row(i);
            r[3] = BASE_NANOS + i * hours8;
            sink.write(r);
        }
        byte[] state = sink.preCommit(1);
        sink.commit(1, state);
        sink.close();

        Table table = load("by_day");
        PartitionSpec expected = PartitionSpec.builderFor(table.schema()).day("ts").bucket("id", 4)
                .truncate("name", 4).identity("flag").build();
        assertTrue(table.spec().compatibleWith(expected), table.spec().toString());
        List<Record> rows = read(table);
        assertEquals(30, rows.size());
        for (int i = 0; i < 30; i++) {
            assertEquals((long) i, rows.get(i).getField("id"));
        }
        java.util.Set<String> days = new java.util.HashSet<>();
        try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
            for (FileScanTask task : tasks) {
                DataFile f = task.file();
                assertEquals(4, f.partition().size());
                days.add(String.valueOf(f.partition().get(0, Integer.class)));
                assertTrue(f.location().contains("/ts_day="), f.location());
            }
        }
        assertEquals(10, days.size(), "three rows a day over ten days");
        // pruning by the day transform finds each row in its file
        LocalDateTime ts = LocalDateTime.of(2026, 11, 27, 3, 0).plusHours(8 * 7);
        try (CloseableIterable<Record> it = IcebergGenerics.read(table)
                .where(Expressions.equal("ts", ts.toEpochSecond(ZoneOffset.UTC) * 1_000_000L)).build()) {
            List<Long> ids = new ArrayList<>();
            it.forEach(r -> ids.add((Long) r.getField("id")));
            assertEquals(List.of(7L), ids);
        }

        // reopening with the same option is fine; another spec for the existing table is refused
        open(t, 0, 1, state).close();
        Map<String, String> other = options("by_day");
        other.put("partitioning.fields", "month(ts)");
        ConnectorException e = assertThrows(ConnectorException.class, () -> open(table(other), 0, 1, null));
        assertTrue(e.getMessage().contains("exists, partitioned by [day(ts), bucket(id, 4), truncate(name, 4), "
                + "identity(flag)]") && e.getMessage().contains("[month(ts)]"), e.getMessage());
        // without the option an existing table is written by its own spec
        open(table(options("by_day")), 0, 1, null).close();
    }

    @Test
    void rollsByIntervalAndInactivityAndNamesFilesByTheFilenameOptions() throws Exception {
        java.util.concurrent.atomic.AtomicLong clock = new java.util.concurrent.atomic.AtomicLong();
        connector.withClock(clock::get);
        Map<String, String> o = options("rolled");
        o.put("rolling_policy.interval", "10 seconds");
        o.put("rolling_policy.inactivity_interval", "4s");
        o.put("partitioning.fields", "flag");
        o.put("filename.prefix", "part");
        o.put("filename.suffix", "pq");
        o.put("filename.strategy", "serial");
        ConnectorTable t = table(o);
        Sink sink = open(t, 2, 3, null);
        sink.write(row(0)); // flag=true, file 0
        clock.set(3_000_000_000L);
        sink.write(row(2)); // same file: 3 s old, idle 3 s
        sink.write(row(1)); // flag=false, file 1
        clock.set(6_000_000_000L);
        sink.write(row(4)); // same file as row 0: 6 s old, idle 3 s
        clock.set(9_000_000_000L);
        // flag=false has been idle 6 s: the sweep closes it; flag=true (9 s old, idle 3 s) takes this row
        sink.write(row(6));
        clock.set(11_000_000_000L);
        sink.write(row(8)); // flag=true's file is 11 s old: rolls before this row, file 2
        clock.set(16_000_000_000L);
        sink.write(row(10)); // idle 5 s: rolls, file 3
        sink.commit(1, sink.preCommit(1));
        sink.close();

        Table table = load("rolled");
        assertEquals(7, read(table).size());
        List<String> names = new ArrayList<>();
        try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
            for (FileScanTask task : tasks) {
                String location = task.file().location();
                names.add(location.substring(location.lastIndexOf('/', location.lastIndexOf('/') - 1) + 1)
                        + " " + task.file().recordCount());
            }
        }
        names.sort(null);
        assertEquals(List.of("flag=false/part-00001-002.pq 1", "flag=true/part-00000-002.pq 4",
                "flag=true/part-00002-002.pq 1", "flag=true/part-00003-002.pq 1"), names);

        // a serial starting again (a fresh start) skips the names taken
        Map<String, String> again = new HashMap<>(o);
        again.remove("rolling_policy.interval");
        Sink second = open(table(again), 2, 3, null);
        second.write(row(12));
        second.commit(2, second.preCommit(2));
        second.close();
        assertEquals(8, read(load("rolled")).size());
        List<String> all = new ArrayList<>();
        try (CloseableIterable<FileScanTask> tasks = load("rolled").newScan().planFiles()) {
            tasks.forEach(task -> all.add(task.file().location()));
        }
        assertEquals(5, new java.util.HashSet<>(all).size(), "no file overwritten: " + all);
        assertTrue(all.stream().anyMatch(l -> l.endsWith("/flag=true/part-00001-002.pq")), all.toString());
    }

    @Test
    void validatesOptions() {
        Map<String, String> o = options("x");
        o.put("partitioning.fields", "day(name)");
        ConnectorException e = assertThrows(ConnectorException.class, () -> table(o));
        assertTrue(e.getMessage().contains("cannot partition by 'day(name)'"), e.getMessage());
        o.put("partitioning.fields", "bucket(id)");
        e = assertThrows(ConnectorException.class, () -> table(o));
        assertTrue(e.getMessage().contains("'bucket' takes a column and a number"), e.getMessage());
        o.put("partitioning.fields", "week(ts)");
        e = assertThrows(ConnectorException.class, () -> table(o));
        assertTrue(e.getMessage().contains("unknown transform 'week'"), e.getMessage());
        o.put("partitioning.fields", "day(missing)");
        e = assertThrows(ConnectorException.class, () -> table(o));
        assertTrue(e.getMessage().contains("'missing' is not a column of the table"), e.getMessage());
        Map<String, String> naming = options("x");
        naming.put("filename.strategy", "random");
        e = assertThrows(ConnectorException.class, () -> table(naming));
        assertTrue(e.getMessage().contains("one of serial, uuid, uuid_v7, ulid"), e.getMessage());
        naming.put("filename.strategy", "uuid_v7");
        naming.put("filename.prefix", "a/b");
        e = assertThrows(ConnectorException.class, () -> table(naming));
        assertTrue(e.getMessage().contains("filename.prefix"), e.getMessage());
        Map<String, String> interval = options("x");
        interval.put("rolling_policy.interval", "soon");
        e = assertThrows(ConnectorException.class, () -> table(interval));
        assertTrue(e.getMessage().contains("rolling_policy.interval"), e.getMessage());
        Map<String, String> unknown = options("x");
        unknown.put("partitioning.time_pattern", "%Y");
        e = assertThrows(ConnectorException.class, () -> table(unknown));
        assertTrue(e.getMessage().contains("Unsupported: partitioning.time_pattern")
                && e.getMessage().contains("table_name"), e.getMessage());
        Map<String, String> hive = options("x");
        hive.put("catalog.type", "hive");
        e = assertThrows(ConnectorException.class, () -> table(hive));
        assertEquals("Invalid value 'hive' for option 'catalog.type' of connector 'iceberg': expected 'rest'",
                e.getMessage());
        Map<String, String> source = options("x");
        source.put("type", "source");
        e = assertThrows(ConnectorException.class, () -> table(source));
        assertTrue(e.getMessage().contains("has no source"), e.getMessage());
        Map<String, String> noTable = options("x");
        noTable.remove("table_name");
        e = assertThrows(ConnectorException.class, () -> table(noTable));
        assertTrue(e.getMessage().contains("table_name"), e.getMessage());
        Map<String, String> size = options("x");
        size.put("rolling_policy.file_size", "lots");
        e = assertThrows(ConnectorException.class, () -> table(size));
        assertTrue(e.getMessage().contains("rolling_policy.file_size"), e.getMessage());
        Schema unsupported = Schema.of(Field.of("tags", DataType.list(DataType.UTF8)));
        e = assertThrows(ConnectorException.class,
                () -> connector.table(ConnectorHarness.request("iceberg", unsupported, options("x"), files)));
        assertTrue(e.getMessage().contains("Column 'tags'"), e.getMessage());
    }
}
