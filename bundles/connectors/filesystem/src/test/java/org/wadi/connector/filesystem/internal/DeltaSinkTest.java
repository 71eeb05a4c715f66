package org.wadi.connector.filesystem.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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
import org.wadi.storage.testing.S3TestServer;

/**
 * The {@code delta} sink: Parquet files and a Delta log commit per checkpoint, read back with
 * Delta Kernel; restores re-commit without duplicates.
 */
class DeltaSinkTest {

    static final Schema COLUMNS = Schema.of(Field.of("id", DataType.INT64), Field.of("kind", DataType.UTF8),
            Field.of("price", DataType.decimal(10, 2)), Field.of("ok", DataType.BOOLEAN),
            Field.of("at", DataType.timestamp(9)), Field.of("n", DataType.UINT64), Field.of("day", DataType.DATE),
            Field.of("small", DataType.INT16));
    static final long T0 = FileSystemSinkTest.T0;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path dir;

    private final AtomicLong clock = new AtomicLong();
    private final DeltaConnector connector = new DeltaConnector(clock::get, System::currentTimeMillis, false, null);

    private FileAccess files() {
        return ConnectorHarness.confinedTo(dir);
    }

    private ConnectorTable table(DeltaConnector c, String path, Map<String, String> extra) throws ConnectorException {
        Map<String, String> options = new HashMap<>(Map.of("path", path, "type", "sink", "format", "parquet"));
        options.putAll(extra);
        return c.table(ConnectorHarness.request("delta", COLUMNS, options, files()));
    }

    static Object[] row(long i) {
        return new Object[] {i, i % 7 == 0 ? null : "k" + (i % 3), new BigDecimal(i + ".25"), i % 2 == 0,
            T0 + i * 1_000_000L, i == 5 ? -1L : i * 3, 20_000 + (int) (i % 10), (short) (i % 100), T0 + i};
    }

    /** What Delta Kernel reads back for {@link #row}: timestamps in microseconds, unsigned as decimal. */
    static Object[] expected(long i) {
        Object[] r = row(i);
        return new Object[] {r[0], r[1], r[2], r[3], ((Long) r[4]) / 1_000L,
            new BigDecimal(Long.toUnsignedString((Long) r[5])), r[6], r[7]};
    }

    private static void assertRows(long count, List<Object[]> rows) {
        List<Object[]> sorted = new ArrayList<>(rows);
        sorted.sort(Comparator.comparingLong(r -> (Long) r[0]));
        assertEquals(count, sorted.size(), "rows in the table");
        for (int i = 0; i < count; i++) {
            assertArrayEquals(expected(i), sorted.get(i), "row " + i);
        }
    }

    private static List<JsonNode> actions(Path root, long version, String kind) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(root.resolve("_delta_log").resolve(DeltaLog.name(version)))) {
            JsonNode a = MAPPER.readTree(line);
            if (a.has(kind)) {
                out.add(a.get(kind));
            }
        }
        return out;
    }

    private static long versions(Path root) throws Exception {
        try (var s = Files.list(root.resolve("_delta_log"))) {
            return s.filter(p -> p.getFileName().toString().endsWith(".json")).count();
        }
    }

    /**
     * Two subtasks over three checkpoints, partitioned by kind; checkpoint 4 commits on one
     * subtask only before a failure; the restore commits the other and skips the one committed,
     * rows after the checkpoint are dropped; committing again adds nothing.
     */
    @Test
    void commitsPerCheckpointAndRestoresWithoutDuplicates() throws Exception {
        ConnectorTable t = table(connector, "lake/events", Map.of("partitioning.fields", "kind",
                "filename.strategy", "serial"));
        List<Sink> sinks = new ArrayList<>();
        for (int s = 0; s < 2; s++) {
            Sink sink = connector.createSink(t);
            sink.open(new SinkCtx(Task.of(s, 2), files()), null);
            sinks.add(sink);
        }
        Path root = dir.resolve("lake/events");
        assertTrue(Files.exists(root.resolve("_delta_log/" + DeltaLog.name(0))), "the table is created on open");
        long next = 0;
        byte[][] states = new byte[2][];
        for (long epoch = 1; epoch <= 4; epoch++) {
            for (int k = 0; k < 50; k++, next++) {
                sinks.get((int) (next % 2)).write(row(next));
            }
            for (int s = 0; s < 2; s++) {
                states[s] = sinks.get(s).preCommit(epoch);
            }
            if (epoch < 4) {
                for (int s = 0; s < 2; s++) {
                    sinks.get(s).commit(epoch, states[s]);
                }
                assertRows(next, DeltaTables.read(root).rows());
            }
        }
        // checkpoint 4 completed, but only subtask 0 committed before the job failed
        sinks.get(0).commit(4, states[0]);
        // rows after checkpoint 4: lost with the failure, replayed by the sources
        for (long i = next; i < next + 30; i++) {
            sinks.get((int) (i % 2)).write(row(i));
        }
        for (Sink s : sinks) {
            s.close();
        }
        long before = versions(root);
        DeltaTables.Contents partial = DeltaTables.read(root);
        assertEquals(next - 25, partial.rows().size(), "subtask 1's rows of checkpoint 4 are not in the table yet");

        List<Sink> restored = new ArrayList<>();
        for (int s = 0; s < 2; s++) {
            Sink sink = connector.createSink(t);
            sink.open(new SinkCtx(Task.of(s, 2), files()), states[s]);
            restored.add(sink);
        }
        assertEquals(before + 1, versions(root), "only subtask 1's checkpoint 4 is committed by the restore");
        // a late commit of the same checkpoint adds nothing either
        restored.get(1).commit(4, states[1]);
        assertEquals(before + 1, versions(root));

        DeltaTables.Contents table = DeltaTables.read(root);
        assertRows(next, table.rows());
        assertEquals(List.of("kind"), table.partitionColumns());
        assertEquals(versions(root) - 1, table.version());
        List<JsonNode> txn = actions(root, table.version(), "txn");
        assertEquals(1, txn.size());
        assertEquals(4, txn.get(0).get("version").asLong());
        assertTrue(txn.get(0).get("appId").asText().endsWith("-1"), txn.toString());
        for (JsonNode add : actions(root, table.version(), "add")) {
            String path = add.get("path").asText();
            assertTrue(path.startsWith("kind=") && path.endsWith(".parquet"), path);
            assertTrue(Files.size(root.resolve(java.net.URI.create(path).getPath())) == add.get("size").asLong());
        }
        assertTrue(actions(root, 0, "protocol").get(0).get("minWriterVersion").asInt() == 2);

        // the job goes on from checkpoint 4: the replayed rows, then a bounded end
        for (long i = next; i < next + 30; i++) {
            restored.get((int) (i % 2)).write(row(i));
        }
        next += 30;
        for (Sink s : restored) {
            s.finish();
            s.close();
        }
        assertRows(next, DeltaTables.read(root).rows());
    }

    /** S3 (the in-JVM server): checkpoints, a restore re-committing, read back with Delta Kernel. */
    @Test
    void writesADeltaTableToS3() throws Exception {
        try (S3TestServer s3 = S3TestServer.start(dir.resolve("s3"))) {
            s3.createBucket("lake");
            DeltaConnector c = new DeltaConnector(clock::get, System::currentTimeMillis, false, s3.storage);
            ConnectorTable t = table(c, "s3://lake/tables/events", Map.of("parquet.compression", "snappy"));
            Sink sink = c.createSink(t);
            sink.open(new SinkCtx(Task.of(0, 1), files()), null);
            long next = 0;
            byte[] state = null;
            for (long epoch = 1; epoch <= 3; epoch++) {
                for (int k = 0; k < 400; k++) {
                    sink.write(row(next++));
                }
                state = sink.preCommit(epoch);
                sink.commit(epoch, state);
            }
            sink.close();
            Sink again = c.createSink(t);
            again.open(new SinkCtx(Task.of(0, 1), files()), state);
            again.commit(3, state);
            again.close();
            // s3proxy keeps objects as files: Delta Kernel reads the table from there
            Path root = s3.bucketDir("lake").resolve("tables/events");
            DeltaTables.Contents table = DeltaTables.read(root);
            assertEquals(3, table.version(), "created, then one commit per checkpoint");
            assertRows(next, table.rows());

            // s3proxy by itself ignores If-None-Match: several writers are refused when they open
            Sink parallel = c.createSink(t);
            ConnectorException e = assertThrows(ConnectorException.class,
                    () -> parallel.open(new SinkCtx(Task.of(0, 2), files()), null));
            assertTrue(e.getMessage().contains("parallelism 2")
                    && e.getMessage().contains("does not enforce conditional writes"), e.getMessage());
            parallel.close();
            assertEquals(3, DeltaTables.read(root).version(), "the refused writer wrote nothing");
        }
    }

    /**
     * Subtasks committing each checkpoint at the same moment, in threads of their own, into a
     * table in S3 (a server enforcing If-None-Match, as AWS S3 does): every commit lands in a
     * version of its own, none lost, read back with Delta Kernel.
     */
    @Test
    void subtasksCommitConcurrentlyToS3() throws Exception {
        try (S3TestServer s3 = S3TestServer.startWithConditionalWrites(dir.resolve("s3"))) {
            s3.createBucket("lake");
            DeltaConnector c = new DeltaConnector(clock::get, System::currentTimeMillis, false, s3.storage);
            commitConcurrently(c, "s3://lake/tables/racing", s3.bucketDir("lake").resolve("tables/racing"));
            assertTrue(s3.conditionalPutsRefused() > 0, "writers lost versions to each other and took the next");
        }
    }

    /** The same race in a local folder (versions created by hard links). */
    @Test
    void subtasksCommitConcurrentlyToALocalFolder() throws Exception {
        commitConcurrently(connector, "lake/racing", dir.resolve("lake/racing"));
    }

    private void commitConcurrently(DeltaConnector c, String path, Path root) throws Exception {
        int subtasks = 4;
        int epochs = 5;
        int perEpoch = 40;
        ConnectorTable t = table(c, path, Map.of("partitioning.fields", "kind"));
        java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(subtasks);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(subtasks);
        try {
            List<java.util.concurrent.Future<?>> done = new ArrayList<>();
            for (int s = 0; s < subtasks; s++) {
                int subtask = s;
                done.add(pool.submit(() -> {
                    Sink sink = c.createSink(t);
                    together.await(); // the table is created by whichever subtask gets there first
                    sink.open(new SinkCtx(Task.of(subtask, subtasks), files()), null);
                    for (long epoch = 1; epoch <= epochs; epoch++) {
                        for (int k = 0; k < perEpoch; k++) {
                            sink.write(row(((epoch - 1) * perEpoch + k) * subtasks + subtask));
                        }
                        byte[] state = sink.preCommit(epoch);
                        together.await();
                        sink.commit(epoch, state);
                    }
                    sink.close();
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> f : done) {
                f.get(120, java.util.concurrent.TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        DeltaTables.Contents table = DeltaTables.read(root);
        assertEquals(subtasks * epochs, table.version(), "version 0 creates the table; then a version per commit");
        assertRows((long) subtasks * epochs * perEpoch, table.rows());
        java.util.Set<String> transactions = new java.util.HashSet<>();
        for (long v = 1; v <= table.version(); v++) {
            List<JsonNode> txn = actions(root, v, "txn");
            assertEquals(1, txn.size(), "version " + v + " is one subtask's commit");
            assertTrue(transactions.add(txn.get(0).get("appId").asText() + "@" + txn.get(0).get("version").asLong()),
                    "each checkpoint of each subtask once: " + transactions);
        }
    }

    @Test
    void refusesWhatDeltaCannotHold() throws Exception {
        ConnectorException e = assertThrows(ConnectorException.class,
                () -> table(connector, "lake/x", Map.of("format", "json")));
        assertTrue(e.getMessage().contains("parquet"), e.getMessage());
        e = assertThrows(ConnectorException.class, () -> table(connector, "lake/x", Map.of("type", "source")));
        assertTrue(e.getMessage().contains("sink only"), e.getMessage());
        e = assertThrows(ConnectorException.class, () -> connector.table(ConnectorHarness.request("delta",
                Schema.of(Field.of("t", DataType.TIME)), Map.of("path", "lake/x", "type", "sink"), files())));
        assertTrue(e.getMessage().contains("'t'") && e.getMessage().contains("time"), e.getMessage());
        e = assertThrows(ConnectorException.class, () -> table(connector, "lake/x",
                Map.of("partitioning.fields", "at")));
        assertTrue(e.getMessage().contains("'at'"), e.getMessage());
        e = assertThrows(ConnectorException.class, () -> table(connector, "lake/x", Map.of("bogus", "1")));
        assertTrue(e.getMessage().contains("bogus"), e.getMessage());

        // an existing table with other columns
        ConnectorTable other = connector.table(ConnectorHarness.request("delta",
                Schema.of(Field.of("id", DataType.UTF8)), Map.of("path", "lake/y"), files()));
        Sink first = connector.createSink(other);
        first.open(new SinkCtx(Task.of(0, 1), files()), null);
        first.close();
        Sink second = connector.createSink(table(connector, "lake/y", Map.of()));
        e = assertThrows(ConnectorException.class, () -> second.open(new SinkCtx(Task.of(0, 1), files()), null));
        assertTrue(e.getMessage().contains("has the columns") && e.getMessage().contains("id \"string\""),
                e.getMessage());
        second.close();
    }

    /** Partition values with characters Hive escapes in folder names come back whole through Delta Kernel. */
    @Test
    void escapedPartitionValuesReadBack() throws Exception {
        Schema columns = Schema.of(Field.of("id", DataType.INT64), Field.of("kind", DataType.UTF8));
        ConnectorTable t = connector.table(ConnectorHarness.request("delta", columns, Map.of("path", "lake/esc",
                "partitioning.fields", "kind"), files()));
        List<String> kinds = List.of("a/b", "50% off", "x=y", "tab\there", "été", "");
        Sink sink = connector.createSink(t);
        sink.open(new SinkCtx(Task.of(0, 1), files()), null);
        for (int i = 0; i < kinds.size(); i++) {
            sink.write(new Object[] {(long) i, kinds.get(i), T0});
        }
        sink.commit(1, sink.preCommit(1));
        sink.close();
        List<Object[]> rows = new ArrayList<>(DeltaTables.read(dir.resolve("lake/esc")).rows());
        rows.sort(Comparator.comparingLong(r -> (Long) r[0]));
        assertEquals(kinds.size(), rows.size());
        for (int i = 0; i < kinds.size(); i++) {
            // an empty value is Hive's default partition: NULL
            assertEquals(kinds.get(i).isEmpty() ? null : kinds.get(i), rows.get(i)[1], "row " + i);
        }
    }
}
