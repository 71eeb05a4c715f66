package org.wadi.connector.filesystem.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wadi.formats.testing.ConnectorHarness;
import org.wadi.formats.testing.ConnectorHarness.SinkCtx;
import org.wadi.formats.testing.ConnectorHarness.Task;
import org.wadi.spi.connector.ConnectorTable;
import org.wadi.spi.connector.FileAccess;
import org.wadi.spi.connector.Sink;
import org.wadi.storage.ObjectStore;
import org.wadi.storage.testing.S3TestServer;

/** The sink writing to an S3-compatible server in the test JVM, by multipart uploads. */
class S3SinkTest {

    static final long T0 = FileSystemSinkTest.T0;

    @TempDir
    Path dir;

    private S3TestServer s3;
    private ObjectStore bucket;
    private final AtomicLong clock = new AtomicLong();
    private FileSystemConnector connector;

    @BeforeEach
    void start() throws Exception {
        s3 = S3TestServer.start(dir.resolve("s3"));
        s3.createBucket("lake");
        bucket = s3.storage.open("s3://lake");
        connector = new FileSystemConnector(clock::get, System::currentTimeMillis, false, s3.storage);
    }

    @AfterEach
    void stop() throws Exception {
        bucket.close();
        s3.close();
    }

    private FileAccess files() {
        return ConnectorHarness.confinedTo(dir);
    }

    private ConnectorTable table(Map<String, String> extra) throws Exception {
        Map<String, String> options = new HashMap<>(Map.of("path", "s3://lake/out", "type", "sink", "format", "json",
                "filename.strategy", "serial"));
        options.putAll(extra);
        return connector.table(ConnectorHarness.request("filesystem", FileSystemSinkTest.COLUMNS, options, files()));
    }

    private Sink open(ConnectorTable t, int subtask, byte[] restored) throws Exception {
        Sink sink = connector.createSink(t);
        sink.open(new SinkCtx(Task.of(subtask, 1), files()), restored);
        return sink;
    }

    private List<String> objects() throws IOException {
        return bucket.list("out/");
    }

    private List<String> lines() throws IOException {
        List<String> lines = new ArrayList<>();
        for (String key : objects()) {
            String text = new String(bucket.get(key), StandardCharsets.UTF_8);
            lines.addAll(text.lines().toList());
        }
        return lines;
    }

    @Test
    void objectsAppearOnlyAtCommitPartitionedAndRolled() throws Exception {
        Sink sink = open(table(Map.of("partitioning.fields", "kind", "rolling_policy.file_size", "50")), 0, null);
        for (int i = 0; i < 10; i++) {
            sink.write(FileSystemSinkTest.row(i, i % 2 == 0 ? "even" : "odd", T0));
        }
        assertEquals(List.of(), objects(), "nothing visible before the commit");
        byte[] state = sink.preCommit(1);
        assertEquals(List.of(), objects(), "pre-committed uploads are not visible yet");
        sink.commit(1, state);
        List<String> keys = objects();
        assertTrue(keys.stream().allMatch(k -> k.startsWith("out/kind=even/") || k.startsWith("out/kind=odd/")), keys.toString());
        // 5 rows of 24 bytes per partition, files rolled once they reach 50 bytes: 3 + 2 rows
        assertEquals(4, keys.size(), keys.toString());
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            expected.add(FileSystemSinkTest.json(i, i % 2 == 0 ? "even" : "odd"));
        }
        assertEquals(sorted(expected), sorted(lines()));
        sink.close();
    }

    /** A file of several parts of 5 MiB; committing again after a "restore" is harmless. */
    @Test
    void largeFilesGoUpInPartsAndRecommitIsIdempotent() throws Exception {
        Sink sink = open(table(Map.of()), 0, null);
        String pad = "x".repeat(1000);
        int rows = 12_000; // ~12 MB: two full parts and a last one
        for (int i = 0; i < rows; i++) {
            sink.write(FileSystemSinkTest.row(i, pad, T0));
        }
        byte[] state = sink.preCommit(1);
        CommitState pending = CommitState.fromBytes(state);
        assertEquals(1, pending.files().size());
        assertEquals(3, pending.files().get(0).parts().size(), "parts of 5 MiB and the rest");
        sink.commit(1, state);
        sink.close();
        assertEquals(rows, lines().size());

        // the job fails after the commit and restores from checkpoint 1: re-committing does no harm
        Sink again = open(table(Map.of()), 0, state);
        again.write(FileSystemSinkTest.row(rows, "late", T0));
        again.commit(2, again.preCommit(2));
        again.close();
        assertEquals(2, objects().size());
        assertEquals(rows + 1, lines().size());
    }

    /** Rows written after the last checkpoint vanish with the failure; restore completes what was pre-committed. */
    @Test
    void crashBetweenPreCommitAndCommitIsCompletedOnRestore() throws Exception {
        Sink sink = open(table(Map.of()), 0, null);
        sink.write(FileSystemSinkTest.row(1, "a", T0));
        byte[] state = sink.preCommit(1);
        sink.write(FileSystemSinkTest.row(2, "lost", T0));
        sink.preCommit(2);
        // crash: no commit for either checkpoint; the job restores from checkpoint 1
        sink.close();
        assertEquals(List.of(), objects());
        Sink restored = open(table(Map.of()), 0, state);
        assertEquals(List.of(FileSystemSinkTest.json(1, "a")), lines());
        restored.write(FileSystemSinkTest.row(2, "b", T0));
        restored.commit(2, restored.preCommit(2));
        restored.close();
        assertEquals(sorted(List.of(FileSystemSinkTest.json(1, "a"), FileSystemSinkTest.json(2, "b"))), sorted(lines()));
    }

    private static List<String> sorted(List<String> l) {
        List<String> c = new ArrayList<>(l);
        c.sort(null);
        return c;
    }
}
