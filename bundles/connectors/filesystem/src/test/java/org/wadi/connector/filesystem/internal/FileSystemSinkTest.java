package org.wadi.connector.filesystem.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
import org.wadi.spi.types.RowKind;
import org.wadi.spi.types.Schema;

class FileSystemSinkTest {

    static final Schema COLUMNS = Schema.of(Field.of("id", DataType.INT64), Field.of("kind", DataType.UTF8));
    /** 2025-10-07T21:09:28Z in nanoseconds. */
    static final long T0 = 1_759_871_368_000_000_000L;
    static final long HOUR = 3_600_000_000_000L;
    static final long SECOND = 1_000_000_000L;

    @TempDir
    Path dir;

    private final AtomicLong clock = new AtomicLong();
    /** fsync on, as in production: these tests are few and small. */
    private final FileSystemConnector connector = new FileSystemConnector(clock::get, System::currentTimeMillis, true);

    private Path out() {
        return dir.resolve("out");
    }

    private FileAccess files() {
        return ConnectorHarness.confinedTo(dir);
    }

    private ConnectorTable table(Map<String, String> extra) throws ConnectorException {
        Map<String, String> options = new HashMap<>(Map.of("path", "out", "type", "sink", "format", "json",
                "filename.strategy", "serial"));
        options.putAll(extra);
        return connector.table(ConnectorHarness.request("filesystem", COLUMNS, options, files()));
    }

    private Sink open(ConnectorTable t, int subtask, int parallelism, byte[] restored) throws Exception {
        Sink sink = connector.createSink(t);
        sink.open(new SinkCtx(Task.of(subtask, parallelism), files()), restored);
        return sink;
    }

    static Object[] row(long id, String kind, long ts) {
        return new Object[] {id, kind, ts};
    }

    static String json(long id, String kind) {
        return "{\"id\":" + id + ",\"kind\":" + (kind == null ? "null" : "\"" + kind + "\"") + "}";
    }

    @Test
    void rowsAppearOnlyAfterCommit() throws Exception {
        Sink sink = open(table(Map.of()), 0, 1, null);
        sink.write(row(1, "a", T0));
        sink.write(row(2, "b", T0));
        assertEquals(List.of(), SinkFiles.published(out()));
        assertEquals(1, SinkFiles.inProgress(out()).size());
        assertTrue(SinkFiles.inProgress(out()).get(0).matches("\\.00000-000\\.json\\.[0-9a-f]{8}-0-[0-9a-f]{8}"
                + "\\.inprogress"), SinkFiles.inProgress(out()).toString());

        byte[] state = sink.preCommit(1);
        assertEquals(List.of(), SinkFiles.published(out()));
        String text = new String(state, StandardCharsets.UTF_8);
        assertTrue(text.contains("\"target\":\"00000-000.json\"") && text.contains("\"length\":40"), text);

        sink.commit(1, state);
        assertEquals(List.of("00000-000.json"), SinkFiles.published(out()));
        assertEquals(List.of(json(1, "a"), json(2, "b")), SinkFiles.lines(out()));
        assertEquals(List.of(), SinkFiles.inProgress(out()));
        sink.close();
    }

    @Test
    void aRestoredSinkRecommitsTheCheckpointAndDropsLaterRows() throws Exception {
        ConnectorTable t = table(Map.of());
        Sink first = open(t, 0, 1, null);
        first.write(row(1, "a", T0));
        first.write(row(2, "a", T0));
        first.commit(1, first.preCommit(1));
        first.write(row(3, "a", T0));
        first.write(row(4, "a", T0));
        byte[] epoch2 = first.preCommit(2);
        first.write(row(5, "after", T0));
        // the crash: checkpoint 2 was recorded but commit(2) never ran; row 5 is in an in-progress file
        assertEquals(List.of(json(1, "a"), json(2, "a")), SinkFiles.lines(out()));
        assertEquals(2, SinkFiles.inProgress(out()).size());

        Sink second = open(t, 0, 1, epoch2);
        assertEquals(List.of(json(1, "a"), json(2, "a"), json(3, "a"), json(4, "a")), SinkFiles.lines(out()));
        assertEquals(List.of(), SinkFiles.inProgress(out()), "row 5 is replayed by the source, its file deleted");
        assertEquals(List.of("00000-000.json", "00001-000.json"), SinkFiles.published(out()));

        // the replayed row 5 and what follows go on after the restored serial
        second.write(row(5, "after", T0));
        second.finish();
        second.close();
        first.close();
        assertEquals(List.of("00000-000.json", "00001-000.json", "00002-000.json"), SinkFiles.published(out()));
        assertEquals(5, SinkFiles.lines(out()).size());
        assertEquals(List.of(), SinkFiles.inProgress(out()));
    }

    @Test
    void commitsAreIdempotent() throws Exception {
        ConnectorTable t = table(Map.of());
        Sink sink = open(t, 0, 1, null);
        sink.write(row(1, "a", T0));
        byte[] state = sink.preCommit(1);
        sink.commit(1, state);
        sink.commit(1, state);
        sink.commit(1, null);
        assertEquals(List.of(json(1, "a")), SinkFiles.lines(out()));
        sink.close();
        // a restore from a checkpoint whose commit already ran publishes nothing twice
        Sink again = open(t, 0, 1, state);
        again.commit(1, state);
        again.close();
        assertEquals(List.of(json(1, "a")), SinkFiles.lines(out()));
    }

    @Test
    void filesOfAnUncommittedCheckpointRideInTheNextOne() throws Exception {
        ConnectorTable t = table(Map.of());
        Sink sink = open(t, 0, 1, null);
        sink.write(row(1, "a", T0));
        byte[] epoch1 = sink.preCommit(1);
        sink.write(row(2, "a", T0));
        byte[] epoch2 = sink.preCommit(2);
        // commit(2) arrives first (or commit(1) is lost): it publishes epoch 1's file too
        sink.commit(2, epoch2);
        assertEquals(List.of(json(1, "a"), json(2, "a")), SinkFiles.lines(out()));
        sink.commit(1, epoch1);
        assertEquals(2, SinkFiles.lines(out()).size());
        byte[] epoch3 = sink.preCommit(3);
        assertFalse(new String(epoch3, StandardCharsets.UTF_8).contains("00000"), "published files leave the state");
        sink.close();
    }

    @Test
    void closeDropsUnlistedFilesAndKeepsPreCommittedOnes() throws Exception {
        ConnectorTable t = table(Map.of("rolling_policy.file_size", "24"));
        Sink sink = open(t, 0, 1, null);
        sink.write(row(1, "a", T0));
        byte[] epoch1 = sink.preCommit(1);
        sink.write(row(2, "rolled", T0));
        sink.write(row(3, "open", T0));
        sink.close();
        assertEquals(1, SinkFiles.inProgress(out()).size(), "only the pre-committed file survives close");
        Sink restored = open(t, 0, 1, epoch1);
        restored.close();
        assertEquals(List.of(json(1, "a")), SinkFiles.lines(out()));
        assertEquals(List.of(), SinkFiles.inProgress(out()));
    }

    @Test
    void rollingBySizeMakesSeveralFilesPublishedAtTheNextCommit() throws Exception {
        Sink sink = open(table(Map.of("rolling_policy.file_size", "60")), 0, 1, null);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            sink.write(row(i, "k", T0));
            expected.add(json(i, "k"));
        }
        // each line is 20 bytes: a file rolls on reaching 60 bytes, after its third row
        assertEquals(List.of(), SinkFiles.published(out()), "rolled files wait for the commit");
        assertEquals(4, SinkFiles.inProgress(out()).size());
        sink.commit(1, sink.preCommit(1));
        assertEquals(List.of("00000-000.json", "00001-000.json", "00002-000.json", "00003-000.json"),
                SinkFiles.published(out()));
        assertEquals(expected, SinkFiles.lines(out()));
        assertEquals(60, Files.size(out().resolve("00000-000.json")));
        sink.close();
    }

    @Test
    void rollingByIntervalAndInactivity() throws Exception {
        Sink sink = open(table(Map.of("rolling_policy.interval", "10 seconds",
                "rolling_policy.inactivity_interval", "4 seconds", "partitioning.fields", "kind")), 0, 1, null);
        FileSystemSink fs = (FileSystemSink) sink;
        sink.write(row(1, "a", T0));
        clock.set(3 * SECOND);
        sink.write(row(2, "a", T0)); // same file: 3 s old, idle 3 s
        sink.write(row(10, "b", T0));
        clock.set(6 * SECOND);
        sink.write(row(3, "a", T0)); // same file: 6 s old, idle 3 s
        assertEquals(2, fs.openFiles());
        clock.set(9 * SECOND);
        // 'b' has been idle 6 s: the sweep closes it while 'a' (9 s old, idle 3 s) takes this row
        sink.write(row(4, "a", T0));
        assertEquals(1, fs.openFiles());
        clock.set(11 * SECOND);
        sink.write(row(5, "a", T0)); // 'a' is 11 s old: rolls before this row
        clock.set(16 * SECOND);
        sink.write(row(6, "a", T0)); // idle 5 s: rolls
        sink.commit(1, sink.preCommit(1));
        sink.close();
        assertEquals(List.of("kind=a/00000-000.json", "kind=a/00002-000.json", "kind=a/00003-000.json",
                "kind=b/00001-000.json"), SinkFiles.published(out()));
        assertEquals(List.of(json(1, "a"), json(2, "a"), json(3, "a"), json(4, "a"), json(5, "a"), json(6, "a")),
                SinkFiles.lines(out().resolve("kind=a")));
    }

    @Test
    void theWatermarkRollsTheFilesOfTimePartitionsItPassed() throws Exception {
        Sink sink = open(table(Map.of("partitioning.time_pattern", "%Y/%m/%d/%H", "partitioning.fields", "kind",
                "rolling_policy.watermark", "true")), 0, 1, null);
        FileSystemSink fs = (FileSystemSink) sink;
        long nextHour = T0 + (60 - 9) * 60 * SECOND - 28 * SECOND; // 2025-10-07T22:00:00Z
        sink.write(row(1, "a", T0));
        sink.write(row(2, "b", T0));
        sink.write(row(3, "a", nextHour + 5 * SECOND));
        assertEquals(3, fs.openFiles());
        sink.watermark(T0 + 10 * SECOND);
        sink.watermark(nextHour - 1);
        assertEquals(3, fs.openFiles(), "hour 21 is not over yet");
        sink.watermark(nextHour);
        assertEquals(1, fs.openFiles(), "hour 21's files are closed; hour 22's stays open");
        assertEquals(List.of(), SinkFiles.published(out()), "closed files wait for the checkpoint's commit");
        sink.write(row(4, "a", T0)); // late for hour 21: a new file
        assertEquals(2, fs.openFiles());
        sink.watermark(nextHour + 5 * SECOND);
        assertEquals(1, fs.openFiles(), "the late row's file is closed too; hour 22 is still open");
        byte[] state = sink.preCommit(1);
        assertEquals(List.of(), SinkFiles.published(out()));
        sink.commit(1, state);
        sink.close();
        assertEquals(List.of("2025/10/07/21/kind=a/00000-000.json", "2025/10/07/21/kind=a/00003-000.json",
                "2025/10/07/21/kind=b/00001-000.json", "2025/10/07/22/kind=a/00002-000.json"),
                SinkFiles.published(out()));
    }

    @Test
    void withoutTheWatermarkPolicyTheWatermarkRollsNothing() throws Exception {
        Sink sink = open(table(Map.of("partitioning.time_pattern", "%Y/%m/%d/%H")), 0, 1, null);
        sink.write(row(1, "a", T0));
        sink.watermark(T0 + 10 * HOUR);
        assertEquals(1, ((FileSystemSink) sink).openFiles());
        sink.close();
        ConnectorException e = assertThrows(ConnectorException.class,
                () -> table(Map.of("rolling_policy.watermark", "true")));
        assertTrue(e.getMessage().contains("'rolling_policy.watermark' = true")
                && e.getMessage().contains("needs 'partitioning.time_pattern'"), e.getMessage());
        assertThrows(ConnectorException.class, () -> table(Map.of("partitioning.time_pattern", "%Y",
                "rolling_policy.watermark", "maybe")));
    }

    @Test
    void partitionsByEventTime() throws Exception {
        Sink sink = open(table(Map.of("partitioning.time_pattern", "%Y/%m/%d/%H")), 0, 1, null);
        sink.write(row(1, "a", T0));
        sink.write(row(2, "a", T0 + HOUR));
        sink.write(row(3, "a", T0 + 60 * SECOND));
        sink.commit(1, sink.preCommit(1));
        sink.close();
        assertEquals(List.of("2025/10/07/21/00000-000.json", "2025/10/07/22/00001-000.json"),
                SinkFiles.published(out()));
        assertEquals(List.of(json(1, "a"), json(3, "a")), SinkFiles.lines(out().resolve("2025/10/07/21")));
    }

    @Test
    void partitionsByFieldsHiveStyleAndByTimeAndFields() throws Exception {
        Sink sink = open(table(Map.of("partitioning.fields", "kind,id", "partitioning.time_pattern", "%Y-%m-%d")),
                0, 1, null);
        sink.write(row(1, "bid", T0));
        sink.write(row(1, "bid", T0));
        sink.write(row(2, "ask", T0));
        sink.write(row(3, null, T0));
        sink.write(row(4, "../../x", T0));
        sink.commit(1, sink.preCommit(1));
        sink.close();
        assertEquals(List.of("2025-10-07/kind=..%2F..%2Fx/id=4/00003-000.json",
                "2025-10-07/kind=__HIVE_DEFAULT_PARTITION__/id=3/00002-000.json",
                "2025-10-07/kind=ask/id=2/00001-000.json",
                "2025-10-07/kind=bid/id=1/00000-000.json"), SinkFiles.published(out()));
        assertEquals(List.of(json(1, "bid"), json(1, "bid")), SinkFiles.lines(out().resolve("2025-10-07/kind=bid")));
    }

    @Test
    void parallelSubtasksWriteDistinctFiles() throws Exception {
        for (String strategy : List.of("serial", "uuid", "uuid_v7", "ulid")) {
            Path folder = out().resolve(strategy);
            ConnectorTable t = table(Map.of("path", "out/" + strategy, "filename.strategy", strategy,
                    "filename.prefix", "part"));
            Sink zero = open(t, 0, 2, null);
            Sink one = open(t, 1, 2, null);
            zero.write(row(0, "zero", T0));
            one.write(row(1, "one", T0));
            byte[] s0 = zero.preCommit(1);
            byte[] s1 = one.preCommit(1);
            zero.commit(1, s0);
            one.commit(1, s1);
            zero.close();
            one.close();
            List<String> names = SinkFiles.published(folder);
            assertEquals(2, names.size(), strategy + ": " + names);
            assertTrue(names.stream().allMatch(n -> n.startsWith("part-") && n.endsWith(".json")), names.toString());
            if (strategy.equals("serial")) {
                assertEquals(List.of("part-00000-000.json", "part-00000-001.json"), names);
            }
            assertEquals(2, SinkFiles.lines(folder).size());
        }
    }

    @Test
    void anotherJobsInProgressFilesAreLeftAlone() throws Exception {
        ConnectorTable t = table(Map.of("filename.strategy", "uuid"));
        Sink jobA = connector.createSink(t);
        jobA.open(new SinkCtx(new Task("job_a", "sink_1", 0, 1), files()), null);
        jobA.write(row(1, "a", T0));
        Sink jobB = connector.createSink(t);
        jobB.open(new SinkCtx(new Task("job_b", "sink_1", 0, 1), files()), null);
        assertEquals(1, SinkFiles.inProgress(out()).size(), "job B's fresh start keeps job A's file");
        jobB.write(row(2, "b", T0));
        jobA.commit(1, jobA.preCommit(1));
        jobB.commit(1, jobB.preCommit(1));
        jobA.close();
        jobB.close();
        assertEquals(2, SinkFiles.published(out()).size());
        assertEquals(List.of(), SinkFiles.inProgress(out()));
    }

    @Test
    void aFreshStartNeverOverwritesPublishedFiles() throws Exception {
        ConnectorTable t = table(Map.of());
        ConnectorHarness.writeAll(connector, t, new SinkCtx(Task.of(0, 1), files()),
                List.<Object[]>of(row(1, "first", T0)));
        ConnectorHarness.writeAll(connector, t, new SinkCtx(Task.of(0, 1), files()),
                List.<Object[]>of(row(2, "second", T0)));
        assertEquals(List.of("00000-000.json", "00001-000.json"), SinkFiles.published(out()));
        assertEquals(List.of(json(1, "first"), json(2, "second")), SinkFiles.lines(out()));
    }

    @Test
    void finishPublishesEverything() throws Exception {
        Sink sink = open(table(Map.of("rolling_policy.file_size", "30", "partitioning.fields", "kind")), 0, 1, null);
        sink.write(row(1, "a", T0));
        sink.preCommit(1); // never committed
        sink.write(row(2, "a", T0));
        sink.write(row(3, "b", T0));
        sink.write(row(4, "b", T0));
        sink.finish();
        sink.close();
        assertEquals(List.of(), SinkFiles.inProgress(out()));
        assertEquals(List.of("kind=a/00000-000.json", "kind=a/00001-000.json", "kind=b/00002-000.json"),
                SinkFiles.published(out()));
        List<String> all = new ArrayList<>(SinkFiles.lines(out()));
        all.sort(null);
        assertEquals(List.of(json(1, "a"), json(2, "a"), json(3, "b"), json(4, "b")), all);
    }

    @Test
    void lostOrForeignFilesFailLoudly() throws Exception {
        ConnectorTable t = table(Map.of());
        Sink sink = open(t, 0, 1, null);
        sink.write(row(1, "a", T0));
        byte[] state = sink.preCommit(1);
        // someone else published a file under the same name meanwhile
        Files.writeString(out().resolve("00000-000.json"), "{\"id\":99}\n");
        ConnectorException foreign = assertThrows(ConnectorException.class, () -> sink.commit(1, state));
        assertTrue(foreign.getMessage().contains("already exists"), foreign.getMessage());
        assertEquals("{\"id\":99}\n", Files.readString(out().resolve("00000-000.json")));
        // the pre-committed file vanished
        Files.delete(out().resolve("00000-000.json"));
        for (String f : SinkFiles.inProgress(out())) {
            Files.delete(out().resolve(f));
        }
        ConnectorException lost = assertThrows(ConnectorException.class, () -> sink.commit(1, state));
        assertTrue(lost.getMessage().contains("rows were lost"), lost.getMessage());
        sink.close();
        // on restore the same case is taken for files a consumer removed after they were published
        open(t, 0, 1, state).close();
    }

    @Test
    void aTamperedStateCannotLeaveTheFolder() throws Exception {
        ConnectorTable t = table(Map.of());
        byte[] evil = ("{\"version\":1,\"epoch\":1,\"subtask\":0,\"nextSerial\":0,\"files\":[{\"inProgress\":"
                + "\"../../etc/x\",\"target\":\"x.json\",\"length\":1}]}").getBytes(StandardCharsets.UTF_8);
        ConnectorException e = assertThrows(ConnectorException.class, () -> open(t, 0, 1, evil));
        assertTrue(e.getMessage().contains("bad relative path"), e.getMessage());
        ConnectorException garbage = assertThrows(ConnectorException.class,
                () -> open(t, 0, 1, "not json".getBytes(StandardCharsets.UTF_8)));
        assertTrue(garbage.getMessage().contains("not readable"), garbage.getMessage());
    }

    @Test
    void theFolderIsConfinedToTheFileRootsWhenTheSinkOpens() throws Exception {
        // a table resolved without roots still goes through the task's roots
        ConnectorTable unchecked = connector.table(ConnectorHarness.request("filesystem", COLUMNS,
                Map.of("path", "../escape", "type", "sink", "format", "json"), null));
        Sink sink = connector.createSink(unchecked);
        assertThrows(ConnectorException.class, () -> sink.open(new SinkCtx(Task.of(0, 1), files()), null));
        assertFalse(Files.exists(dir.resolveSibling("escape")));
    }

    @Test
    void jsonOptionsShapeTheLines() throws Exception {
        Schema columns = Schema.of(Field.of("at", DataType.TIMESTAMP));
        ConnectorTable t = connector.table(ConnectorHarness.request("filesystem", columns, Map.of("path", "out",
                "type", "sink", "format", "json", "json.timestamp_format", "unix_millis"), files()));
        ConnectorHarness.writeAll(connector, t, new SinkCtx(Task.of(0, 1), files()),
                List.<Object[]>of(new Object[] {T0, T0}));
        List<String> names = SinkFiles.published(out());
        assertEquals(1, names.size());
        assertTrue(names.get(0).matches("[0-9a-f-]{36}\\.json"), names.toString());
        assertEquals(List.of("{\"at\":1759871368000}"), SinkFiles.lines(out()));
        assertNotEquals(0, Files.size(out().resolve(names.get(0))));
    }

    private ConnectorTable changelogTable(Map<String, String> extra) throws ConnectorException {
        Map<String, String> options = new HashMap<>(extra);
        options.put("format", "debezium_json");
        return table(options);
    }

    private Sink openUpdating(ConnectorTable t, byte[] restored) throws Exception {
        Sink sink = connector.createSink(t);
        sink.open(new SinkCtx(Task.of(0, 1), files(), true), restored);
        return sink;
    }

    /** An updating row: the columns, _op, then _timestamp. */
    static Object[] change(long id, String kind, int op, long ts) {
        return new Object[] {id, kind, RowKind.of(op), ts};
    }

    static String created(long id, String kind) {
        return "{\"before\":null,\"after\":" + json(id, kind) + ",\"op\":\"c\"}";
    }

    static String updated(long id, String before, String after) {
        return "{\"before\":" + json(id, before) + ",\"after\":" + json(id, after) + ",\"op\":\"u\"}";
    }

    static String deleted(long id, String kind) {
        return "{\"before\":" + json(id, kind) + ",\"after\":null,\"op\":\"d\"}";
    }

    @Test
    void plainJsonRefusesUpdatingResultsWhenItOpens() throws Exception {
        ConnectorTable t = connector.table(ConnectorHarness.request("filesystem", COLUMNS,
                Map.of("path", "out", "type", "sink", "format", "json"), files()));
        ConnectorException e = assertThrows(ConnectorException.class, () -> openUpdating(t, null));
        assertEquals("filesystem table 't' receives updating results; write them with format = 'debezium_json'",
                e.getMessage());
        assertFalse(Files.exists(out()), "nothing is created for a sink that refuses");
    }

    @Test
    void aChangelogIsWrittenAsDebeziumEventsExactlyOnce() throws Exception {
        ConnectorTable t = changelogTable(Map.of());
        Sink first = openUpdating(t, null);
        first.write(change(1, "a", RowKind.INSERT, T0));
        first.write(change(1, "a", RowKind.UPDATE_BEFORE, T0));
        first.write(change(1, "b", RowKind.UPDATE_AFTER, T0));
        first.commit(1, first.preCommit(1));
        assertEquals(List.of(created(1, "a"), updated(1, "a", "b")), SinkFiles.lines(out()));

        first.write(change(2, "x", RowKind.INSERT, T0));
        first.write(change(1, "b", RowKind.DELETE, T0));
        // an old row still waiting for its new one at the checkpoint goes into it as a delete
        first.write(change(2, "x", RowKind.UPDATE_BEFORE, T0));
        byte[] epoch2 = first.preCommit(2);
        first.write(change(2, "y", RowKind.UPDATE_AFTER, T0));
        // the crash: checkpoint 2 was recorded, its commit never ran; the last event is replayed
        first.close();
        assertEquals(2, SinkFiles.lines(out()).size());

        Sink second = openUpdating(t, epoch2);
        assertEquals(List.of(created(1, "a"), updated(1, "a", "b"), created(2, "x"), deleted(1, "b"),
                deleted(2, "x")), SinkFiles.lines(out()));
        second.write(change(2, "y", RowKind.UPDATE_AFTER, T0));
        second.finish();
        second.close();
        assertEquals(created(2, "y"), SinkFiles.lines(out()).get(5));
        assertEquals(6, SinkFiles.lines(out()).size());
        assertEquals(List.of(), SinkFiles.inProgress(out()));
    }

    @Test
    void finishWritesAWaitingOldRowAsADelete() throws Exception {
        Sink sink = openUpdating(changelogTable(Map.of()), null);
        sink.write(change(1, "a", RowKind.UPDATE_BEFORE, T0));
        sink.finish();
        sink.close();
        assertEquals(List.of(deleted(1, "a")), SinkFiles.lines(out()));
    }

    @Test
    void eventsGoToThePartitionOfTheRowTheyDescribe() throws Exception {
        Sink sink = openUpdating(changelogTable(Map.of("partitioning.fields", "kind",
                "partitioning.time_pattern", "%Y/%m/%d/%H")), null);
        sink.write(change(1, "a", RowKind.INSERT, T0));
        // the update moves the row to partition b, an hour later: the event goes where the new row is
        sink.write(change(1, "a", RowKind.UPDATE_BEFORE, T0));
        sink.write(change(1, "b", RowKind.UPDATE_AFTER, T0 + HOUR));
        sink.write(change(1, "b", RowKind.DELETE, T0 + HOUR));
        sink.commit(1, sink.preCommit(1));
        sink.close();
        assertEquals(List.of(created(1, "a")), SinkFiles.lines(out().resolve("2025/10/07/21/kind=a")));
        assertEquals(List.of(updated(1, "a", "b"), deleted(1, "b")),
                SinkFiles.lines(out().resolve("2025/10/07/22/kind=b")));
        assertEquals(2, SinkFiles.published(out()).size());
    }

    @Test
    void debeziumJsonWritesAppendedRowsAsCreates() throws Exception {
        ConnectorTable t = changelogTable(Map.of());
        assertEquals("debezium_json", t.option("format"));
        ConnectorHarness.writeAll(connector, t, new SinkCtx(Task.of(0, 1), files()),
                List.<Object[]>of(row(1, "a", T0), row(2, null, T0)));
        assertEquals(List.of(created(1, "a"), created(2, null)), SinkFiles.lines(out()));
    }
}
