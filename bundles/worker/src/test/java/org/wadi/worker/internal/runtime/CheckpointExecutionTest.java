package org.wadi.worker.internal.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wadi.connector.filesystem.internal.FileSystemConnector;
import org.wadi.spi.connector.ConnectorTable;
import org.wadi.spi.connector.TableRole;
import org.wadi.spi.plan.AggregateCall;
import org.wadi.spi.plan.DataflowPlan;
import org.wadi.spi.plan.EdgeKind;
import org.wadi.spi.plan.PlanEdge;
import org.wadi.spi.plan.PlanNode;
import org.wadi.spi.plan.SinkOperator;
import org.wadi.spi.plan.SourceOperator;
import org.wadi.spi.plan.WatermarkOperator;
import org.wadi.spi.plan.WindowAggregateOperator;
import org.wadi.spi.plan.WindowSpec;
import org.wadi.spi.types.DataType;
import org.wadi.spi.types.Field;
import org.wadi.spi.types.Schema;
import org.wadi.storage.CheckpointLayout;
import org.wadi.storage.internal.FileObjectStore;
import org.wadi.worker.internal.ConnectorRegistry;
import org.wadi.worker.internal.expr.ExprCompiler;

/**
 * Whole checkpoint cycles through the runtime: barriers from the sources through exchanges and
 * alignment, state stored in a file checkpoint storage, two-phase commit with real sinks, the
 * final checkpoint of a stop, and restore into a new execution.
 */
class CheckpointExecutionTest {

    static final long S = 1_000_000_000L;
    static final Schema ROW = Schema.of(Field.of("n", DataType.INT64), new Field("_timestamp", DataType.TIMESTAMP, false));
    static final Duration WAIT = new Duration(10_000);

    record Duration(long millis) {
    }

    @TempDir
    Path dir;
    final ExecutorService uploader = Executors.newFixedThreadPool(2);
    final CheckpointConnectors.Reports reports = new CheckpointConnectors.Reports();
    final TestConnectors.Recorder recorder = new TestConnectors.Recorder();
    FileObjectStore storage;

    @AfterEach
    void tearDown() {
        uploader.shutdownNow();
        if (storage != null) {
            storage.close();
        }
    }

    FileObjectStore storage() throws IOException {
        if (storage == null) {
            Path root = Files.createDirectories(dir.resolve("checkpoints"));
            storage = new FileObjectStore(root.toUri().toString(), root);
        }
        return storage;
    }

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT.millis());
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("not within " + WAIT.millis() + " ms: " + what);
            }
            TimeUnit.MILLISECONDS.sleep(2);
        }
    }

    static ConnectorTable table(String name, String connector, Map<String, String> options, Schema schema) {
        return new ConnectorTable(name, connector, options, schema, Set.of(TableRole.SOURCE, TableRole.SINK), true);
    }

    /** {@code n} rows per subtask: {@code [i * 1000 + k, k ms]}. */
    static CheckpointConnectors.OffsetSource numbers(int parallelism, int n) {
        CheckpointConnectors.OffsetSource source = new CheckpointConnectors.OffsetSource();
        for (int i = 0; i < parallelism; i++) {
            List<Object[]> rows = new ArrayList<>();
            for (long k = 0; k < n; k++) {
                rows.add(new Object[] {i * 1_000_000L + k, k * 1_000_000L});
            }
            source.rows.put(i, rows);
        }
        return source;
    }

    /**
     * Published (visible) lines of a folder, by file name; in-progress files start with a dot. The
     * sink may publish (rename) a file while the folder is walked: the walk is then taken again.
     */
    static TreeMap<String, List<String>> published(Path folder) throws IOException {
        for (int attempt = 0; ; attempt++) {
            try {
                return publishedOnce(folder);
            } catch (java.io.UncheckedIOException | java.nio.file.NoSuchFileException e) {
                if (attempt == 20) {
                    throw e;
                }
            }
        }
    }

    private static TreeMap<String, List<String>> publishedOnce(Path folder) throws IOException {
        TreeMap<String, List<String>> out = new TreeMap<>();
        if (!Files.isDirectory(folder)) {
            return out;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                if (!p.getFileName().toString().startsWith(".")) {
                    out.put(folder.relativize(p).toString(), Files.readAllLines(p, StandardCharsets.UTF_8));
                }
            }
        }
        return out;
    }

    static long inProgressFiles(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".inprogress")).count();
        }
    }

    /** offsets (p) → filesystem sink (p), chained: one task per subtask. */
    Execution fileJob(CheckpointConnectors.OffsetSource source, int parallelism, Path out, String pauseAt)
            throws Exception {
        ConnectorRegistry registry = new ConnectorRegistry();
        registry.add(source);
        registry.add(new FileSystemConnector());
        Schema columns = Schema.of(Field.of("n", DataType.INT64));
        PlanNode src = new PlanNode("source_1", "offsets", parallelism,
                new SourceOperator(table("numbers", "offsets", Map.of("pause_at", pauseAt), columns)));
        PlanNode sink = new PlanNode("sink_2", "files", parallelism, new SinkOperator(table("out", "filesystem",
                Map.of("path", out.toString(), "type", "sink", "format", "json"), columns)));
        DataflowPlan plan = new DataflowPlan(List.of(src, sink),
                List.of(new PlanEdge("source_1", "sink_2", EdgeKind.FORWARD, List.of(), ROW)));
        return Execution.build("job_fs", plan, "w1", Execution.Placement.all("w1"), registry, p -> Path.of(p),
                new ExprCompiler(), RuntimeOptions.DEFAULTS, recorder,
                new Checkpoints("job_fs", storage(), uploader, reports, -1));
    }

    long storedOffset(String job, long epoch, String operator, int subtask) throws IOException {
        return ByteBuffer.wrap(storage().get(CheckpointLayout.subtaskKey(job, epoch, operator, subtask))).getLong();
    }

    @Test
    void rowsOfTheFilesystemSinkBecomeVisibleOnlyWhenTheCheckpointCommits() throws Exception {
        Path out = dir.resolve("out");
        CheckpointConnectors.OffsetSource source = numbers(2, 5_000);
        Execution e = fileJob(source, 2, out, "3000");
        e.start();
        await(() -> source.emitted.size() == 2 && source.emitted.values().stream().allMatch(n -> n.get() >= 1000),
                "rows flowing");

        e.triggerCheckpoint(1, false);
        await(() -> reports.count(1) == 4, "every subtask of the source and the sink stored its state: " + reports.completed);
        assertEquals(Map.of(), reports.failed);
        assertTrue(reports.completed.get("source_1[0]@1") == 8 && reports.completed.get("sink_2[1]@1") > 0);
        assertEquals(Map.of(), published(out), "pre-committed is not visible");
        assertTrue(inProgressFiles(out) >= 2);

        e.commitCheckpoint(1);
        await(() -> {
            try {
                return published(out).values().stream().mapToLong(List::size).sum()
                        == storedOffset("job_fs", 1, "source_1", 0) + storedOffset("job_fs", 1, "source_1", 1);
            } catch (IOException ex) {
                throw new java.io.UncheckedIOException(ex);
            }
        }, "exactly the rows before the barrier published");
        // and they are each subtask's first rows
        List<Long> ns = new ArrayList<>();
        for (List<String> lines : published(out).values()) {
            for (String line : lines) {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"n\":(\\d+)").matcher(line);
                assertTrue(m.find(), line);
                ns.add(Long.parseLong(m.group(1)));
            }
        }
        for (int i = 0; i < 2; i++) {
            long offset = storedOffset("job_fs", 1, "source_1", i);
            long base = i * 1_000_000L;
            assertEquals(java.util.stream.LongStream.range(base, base + offset).boxed().toList(),
                    ns.stream().filter(n -> n / 1_000_000L == base / 1_000_000L).sorted().toList());
        }

        // the sources heard of the complete checkpoint too, each on its own task's thread
        await(() -> source.commits.size() == 2, "both sources told of checkpoint 1: " + source.commits);
        for (String c : source.commits) {
            assertTrue(c.matches("[01]@1 on wadi-task-job_fs-source_1-[01]"), c);
        }
        e.commitCheckpoint(1); // again: an epoch a source was told of is not repeated
        e.stop(false);
        e.done().get(10, TimeUnit.SECONDS);
        assertEquals(2, source.commits.size(), source.commits.toString());
        assertEquals(0, inProgressFiles(out), "rows after the checkpoint are dropped with their sink");
        assertTrue(recorder.events.stream().noneMatch(s -> s.startsWith("FAILED")), recorder.events.toString());
    }

    @Test
    void theFinalCheckpointOfAStopEndsEveryTaskOnceCommitted() throws Exception {
        Path out = dir.resolve("out");
        CheckpointConnectors.OffsetSource source = numbers(2, 2_000);
        Execution e = fileJob(source, 2, out, "1500");
        e.start();
        await(() -> source.emitted.size() == 2 && source.emitted.values().stream().allMatch(n -> n.get() == 1500),
                "the sources paused");

        e.triggerCheckpoint(4, true);
        await(() -> reports.count(4) == 4, "the final checkpoint stored");
        assertTrue(!e.done().isDone(), "the sinks wait for the commit");
        e.commitCheckpoint(4);
        e.done().get(10, TimeUnit.SECONDS);

        assertEquals(3000, published(out).values().stream().mapToLong(List::size).sum());
        assertEquals(0, inProgressFiles(out));
        assertEquals(4, recorder.count("FINISHED"), recorder.events.toString());
    }

    // ---- restore: windows over a shuffle, aligned over two source channels

    static final Schema WROW = Schema.of(Field.of("k", DataType.INT64), Field.of("v", DataType.INT64),
            new Field("_timestamp", DataType.TIMESTAMP, false));
    static final Schema WOUT = Schema.of(Field.of("k", DataType.INT64), Field.of("n", DataType.INT64),
            Field.of("total", DataType.INT64), new Field("window", WindowAggregateOperator.WINDOW_TYPE, false),
            new Field("_timestamp", DataType.TIMESTAMP, false));

    static DataflowPlan windowPlan(String pauseAt) {
        int p = 2;
        PlanNode source = new PlanNode("source_1", "offsets", p,
                new SourceOperator(table("events", "offsets", pauseAt == null ? Map.of() : Map.of("pause_at", pauseAt), WROW)));
        // each source's rows come in event-time order, so no row is late: windows close as the sources go
        // period 0: a watermark at every clock check (every 1024 rows), so some windows close before the pause
        PlanNode watermark = new PlanNode("watermark_2", "watermark", p, new WatermarkOperator(WROW, 0, 0, 0));
        PlanNode agg = new PlanNode("window_3", "window", p, new WindowAggregateOperator(WROW, WindowSpec.hop(S, 2 * S),
                List.of(0), List.of(new AggregateCall("count", -1, false, DataType.INT64),
                        new AggregateCall("sum", 1, false, DataType.INT64)), WOUT));
        PlanNode sink = new PlanNode("sink_4", "twopc", p, new SinkOperator(table("out", "twopc", Map.of(), WOUT)));
        return new DataflowPlan(List.of(source, watermark, agg, sink), List.of(
                new PlanEdge("source_1", "watermark_2", EdgeKind.FORWARD, List.of(), WROW),
                new PlanEdge("watermark_2", "window_3", EdgeKind.SHUFFLE, List.of(0), WROW),
                new PlanEdge("window_3", "sink_4", EdgeKind.FORWARD, List.of(), WOUT)));
    }

    /** 3,000 rows per subtask over 30 s of event time, 11 keys. */
    static CheckpointConnectors.OffsetSource events() {
        CheckpointConnectors.OffsetSource source = new CheckpointConnectors.OffsetSource();
        for (int i = 0; i < 2; i++) {
            List<Object[]> rows = new ArrayList<>();
            for (long n = 0; n < 3000; n++) {
                rows.add(new Object[] {(n * 7 + i) % 11, n + i, n * 10_000_000L + i * 3_000_000L});
            }
            source.rows.put(i, rows);
        }
        return source;
    }

    Execution windowJob(CheckpointConnectors.OffsetSource source, CheckpointConnectors.TwoPhaseSink sink,
            String pauseAt, long restoreEpoch) throws Exception {
        ConnectorRegistry registry = new ConnectorRegistry();
        registry.add(source);
        registry.add(sink);
        return Execution.build("job_win", windowPlan(pauseAt), "w1", Execution.Placement.all("w1"), registry,
                ExecutionTest.NO_FILES, new ExprCompiler(), RuntimeOptions.DEFAULTS, recorder,
                new Checkpoints("job_win", storage(), uploader, reports, restoreEpoch));
    }

    static List<String> rows(List<Object[]> rows) {
        List<String> out = new ArrayList<>();
        synchronized (rows) {
            for (Object[] r : rows) {
                Object[] w = (Object[]) r[3];
                out.add(r[0] + "@" + w[0] + ":" + r[1] + "/" + r[2]);
            }
        }
        out.sort(null);
        return out;
    }

    @Test
    void aWindowedJobStoppedAtACheckpointAndRestoredGivesExactlyTheOutputOfAnUninterruptedRun() throws Exception {
        // uninterrupted
        CheckpointConnectors.TwoPhaseSink whole = new CheckpointConnectors.TwoPhaseSink();
        Execution e0 = windowJob(events(), whole, null, -1);
        e0.start();
        e0.done().get(30, TimeUnit.SECONDS);
        assertEquals(0, e0.lateRows("window_3"));
        List<String> expected = rows(whole.visible);
        assertTrue(expected.size() > 100, expected.size() + " results");

        // run 1: stopped with a checkpoint mid-stream, windows open
        CheckpointConnectors.TwoPhaseSink sink = new CheckpointConnectors.TwoPhaseSink();
        CheckpointConnectors.OffsetSource first = events();
        Execution e1 = windowJob(first, sink, "1700", -1);
        e1.start();
        await(() -> first.emitted.size() == 2 && first.emitted.values().stream().allMatch(n -> n.get() == 1700),
                "the sources paused mid-stream");
        e1.triggerCheckpoint(1, true);
        await(() -> reports.count(1) == 8, "every subtask stored its state: " + reports.completed);
        assertEquals(Map.of(), reports.failed);
        assertTrue(reports.completed.get("window_3[0]@1") > 100, "open windows are in the checkpoint");
        e1.commitCheckpoint(1);
        e1.done().get(10, TimeUnit.SECONDS);
        assertTrue(recorder.events.stream().noneMatch(s -> s.startsWith("FAILED")), recorder.events.toString());
        int afterRun1 = sink.visible.size();
        assertTrue(afterRun1 > 0 && afterRun1 < expected.size(), "some windows closed before the stop: " + afterRun1);

        // run 2: a new execution restores checkpoint 1 and reads on to the end
        CheckpointConnectors.OffsetSource second = events();
        Execution e2 = windowJob(second, sink, null, 1);
        e2.start();
        e2.done().get(30, TimeUnit.SECONDS);
        assertEquals(0, e2.lateRows("window_3"));
        assertTrue(recorder.events.stream().noneMatch(s -> s.startsWith("FAILED")), recorder.events.toString());
        assertEquals(expected, rows(sink.visible));
    }
}
