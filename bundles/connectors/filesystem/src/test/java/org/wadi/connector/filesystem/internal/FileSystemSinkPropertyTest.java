package org.wadi.connector.filesystem.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wadi.formats.testing.ConnectorHarness;
import org.wadi.formats.testing.ConnectorHarness.SinkCtx;
import org.wadi.formats.testing.ConnectorHarness.Task;
import org.wadi.spi.connector.ConnectorTable;
import org.wadi.spi.connector.Sink;
import org.wadi.spi.types.RowKind;

/**
 * Random runs of writes, pre-commits, recorded checkpoints, commits (late, repeated or lost) and
 * crashes against one sink subtask, driven as the runtime drives it. After every step the published
 * rows must be exactly the rows of the last checkpoint that was committed or restored: none missing,
 * none twice, none from after it. Every other run writes updating results as Debezium events
 * instead, each write step one change (an insert, an update pair, a delete, or an update's old row
 * alone, which waits in the sink) that makes exactly one event.
 */
class FileSystemSinkPropertyTest {

    private static final long SEED = 20_251_007L;
    private static final int RUNS = 200;
    private static final Pattern ID = Pattern.compile("\"id\":(\\d+)");

    @TempDir
    Path dir;

    /** A pre-committed checkpoint: its epoch, the sink's state, and the rows written before it. */
    private record Checkpoint(long epoch, byte[] state, List<Long> rows) {
    }

    @Test
    void publishedRowsAlwaysEqualTheLastCommittedOrRestoredCheckpoint() throws Exception {
        Random seeds = new Random(SEED);
        for (int run = 0; run < RUNS; run++) {
            long seed = seeds.nextLong();
            try {
                run(run, new Random(seed));
            } catch (AssertionError | Exception e) {
                throw new AssertionError("run " + run + " (seed " + seed + ") failed: " + e.getMessage(), e);
            }
        }
    }

    private void run(int run, Random rnd) throws Exception {
        AtomicLong clock = new AtomicLong();
        // fsync off: a simulated crash cannot lose what the kernel has not written out, so forcing proves nothing here
        FileSystemConnector connector = new FileSystemConnector(clock::get, System::currentTimeMillis, false);
        boolean changelog = run % 2 == 1;
        Map<String, String> options = new HashMap<>(Map.of("path", "run-" + run, "type", "sink",
                "format", changelog ? "debezium_json" : "json",
                "filename.strategy", rnd.nextBoolean() ? "serial" : "uuid"));
        if (rnd.nextBoolean()) {
            options.put("rolling_policy.file_size", Integer.toString(30 + rnd.nextInt(150)));
        }
        if (rnd.nextInt(3) == 0) {
            options.put("rolling_policy.inactivity_interval", "2 seconds");
            options.put("rolling_policy.interval", "5 seconds");
        }
        switch (rnd.nextInt(4)) {
            case 1 -> options.put("partitioning.fields", "kind");
            case 2 -> options.put("partitioning.time_pattern", "%Y/%m/%d/%H");
            case 3 -> {
                options.put("partitioning.fields", "kind");
                options.put("partitioning.time_pattern", "hour=%H");
            }
            default -> { }
        }
        Path root = dir.resolve("run-" + run);
        ConnectorTable table = connector.table(ConnectorHarness.request("filesystem", FileSystemSinkTest.COLUMNS,
                options, ConnectorHarness.confinedTo(dir)));
        SinkCtx ctx = new SinkCtx(Task.of(rnd.nextInt(3), 3), ConnectorHarness.confinedTo(dir), changelog);

        List<Sink> zombies = new ArrayList<>();
        Sink sink = connector.createSink(table);
        sink.open(ctx, null);

        long nextId = 0;
        long epoch = 0;
        List<Long> lineage = new ArrayList<>();           // rows written since the restore point, and before it
        List<Checkpoint> preCommitted = new ArrayList<>(); // taken, not (yet) recorded by the controller
        List<Checkpoint> recorded = new ArrayList<>();     // recorded, commit not yet delivered
        List<Checkpoint> committed = new ArrayList<>();
        Checkpoint restorePoint = null;                    // the last recorded checkpoint
        List<Long> visible = List.of();

        int steps = 20 + rnd.nextInt(60);
        for (int step = 0; step < steps; step++) {
            int op = rnd.nextInt(100);
            if (op < 50) {
                long id = nextId++;
                String kind = "k" + rnd.nextInt(3);
                long ts = FileSystemSinkTest.T0 + rnd.nextInt(3) * FileSystemSinkTest.HOUR;
                if (changelog) {
                    writeChange(sink, rnd, id, kind, ts);
                } else {
                    sink.write(FileSystemSinkTest.row(id, kind, ts));
                }
                lineage.add(id);
            } else if (op < 65) {
                epoch++;
                preCommitted.add(new Checkpoint(epoch, sink.preCommit(epoch), List.copyOf(lineage)));
            } else if (op < 75) {
                if (!preCommitted.isEmpty()) {
                    // a checkpoint completes; older ones that never completed are abandoned
                    int i = rnd.nextInt(preCommitted.size());
                    Checkpoint cp = preCommitted.get(i);
                    preCommitted.subList(0, i + 1).clear();
                    recorded.add(cp);
                    restorePoint = cp;
                }
            } else if (op < 85) {
                // the controller's commits arrive, in order; some may be lost (only later ones delivered)
                int deliver = recorded.isEmpty() ? 0 : 1 + rnd.nextInt(recorded.size());
                for (Checkpoint cp : new ArrayList<>(recorded.subList(recorded.size() - deliver, recorded.size()))) {
                    sink.commit(cp.epoch(), cp.state());
                    committed.add(cp);
                    visible = cp.rows();
                }
                recorded.clear();
            } else if (op < 88) {
                if (!committed.isEmpty()) {
                    Checkpoint again = committed.get(rnd.nextInt(committed.size()));
                    sink.commit(again.epoch(), again.state());
                }
            } else if (op < 95) {
                // a crash: the task dies (closed or not) and a new instance restores the last recorded checkpoint
                if (rnd.nextBoolean()) {
                    sink.close();
                } else {
                    zombies.add(sink);
                }
                sink = connector.createSink(table);
                sink.open(ctx, restorePoint == null ? null : restorePoint.state());
                lineage = new ArrayList<>(restorePoint == null ? List.of() : restorePoint.rows());
                visible = List.copyOf(lineage);
                preCommitted.clear();
                recorded.clear();
                assertEquals(List.of(), SinkFiles.inProgress(root), "in-progress files after a restore");
            } else {
                clock.addAndGet(rnd.nextInt(4) * 1_000_000_000L);
            }
            // writes cannot publish anything, so reading the folder after every fourth one is enough to catch a leak
            if (op >= 50 || step % 4 == 0) {
                assertEquals(sorted(visible), publishedIds(root), "published rows after step " + step);
            }
        }

        if (rnd.nextBoolean()) {
            sink.finish();
            visible = lineage;
        } else {
            for (Checkpoint cp : recorded) {
                sink.commit(cp.epoch(), cp.state());
                visible = cp.rows();
            }
        }
        sink.close();
        for (Sink z : zombies) {
            z.close();
        }
        assertEquals(sorted(visible), publishedIds(root), "published rows at the end");
    }

    /** Writes one change of row {@code id}, which makes one event whose first id is {@code id}. */
    private static void writeChange(Sink sink, Random rnd, long id, String kind, long ts) throws Exception {
        switch (rnd.nextInt(4)) {
            case 0 -> sink.write(FileSystemSinkTest.change(id, kind, RowKind.INSERT, ts));
            case 1 -> {
                sink.write(FileSystemSinkTest.change(id, kind, RowKind.UPDATE_BEFORE, ts));
                sink.write(FileSystemSinkTest.change(id, kind + "'", RowKind.UPDATE_AFTER,
                        ts + FileSystemSinkTest.HOUR));
            }
            case 2 -> sink.write(FileSystemSinkTest.change(id, kind, RowKind.DELETE, ts));
            default -> sink.write(FileSystemSinkTest.change(id, kind, RowKind.UPDATE_BEFORE, ts));
        }
    }

    private static List<Long> publishedIds(Path root) {
        List<Long> ids = new ArrayList<>();
        for (String line : SinkFiles.lines(root)) {
            Matcher m = ID.matcher(line);
            if (!m.find()) {
                throw new AssertionError("not a row: " + line);
            }
            ids.add(Long.parseLong(m.group(1)));
        }
        ids.sort(null);
        return ids;
    }

    private static List<Long> sorted(List<Long> ids) {
        List<Long> copy = new ArrayList<>(ids);
        copy.sort(null);
        return copy;
    }
}
