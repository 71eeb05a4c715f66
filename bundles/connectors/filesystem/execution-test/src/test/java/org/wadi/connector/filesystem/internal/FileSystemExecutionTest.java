package org.wadi.connector.filesystem.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wadi.spi.connector.Collector;
import org.wadi.spi.connector.Connector;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.connector.ConnectorMetadata;
import org.wadi.spi.connector.ConnectorTable;
import org.wadi.spi.connector.Options;
import org.wadi.spi.connector.Sink;
import org.wadi.spi.connector.Source;
import org.wadi.spi.connector.SourceContext;
import org.wadi.spi.connector.SourceStatus;
import org.wadi.spi.connector.TableRequest;
import org.wadi.spi.plan.DataflowPlan;
import org.wadi.spi.plan.EdgeKind;
import org.wadi.spi.plan.PlanEdge;
import org.wadi.spi.plan.PlanNode;
import org.wadi.spi.plan.SinkOperator;
import org.wadi.spi.plan.SourceOperator;
import org.wadi.spi.types.DataType;
import org.wadi.spi.types.Field;
import org.wadi.spi.types.Schema;
import org.wadi.storage.internal.FileObjectStore;
import org.wadi.worker.internal.ConnectorRegistry;
import org.wadi.worker.internal.expr.ExprCompiler;
import org.wadi.worker.internal.runtime.CheckpointListener;
import org.wadi.worker.internal.runtime.Checkpoints;
import org.wadi.worker.internal.runtime.Execution;
import org.wadi.worker.internal.runtime.ExecutionListener;
import org.wadi.worker.internal.runtime.RuntimeOptions;

/**
 * Files to files, exactly once, through the worker's {@link Execution} with checkpoints in a
 * folder: a job at parallelism 2 commits checkpoint 1, stores checkpoint 2 and dies before
 * committing it, with rows written after it; a second run restores checkpoint 2 at parallelism 3
 * and reads the rest to the end. The published files hold every input line exactly once.
 */
class FileSystemExecutionTest {

    static final Schema COLUMNS = Schema.of(Field.of("id", DataType.INT64), Field.of("kind", DataType.UTF8));
    static final int FILES = 8;
    static final int LINES = 5000;

    @TempDir
    static Path dir;
    static final ExecutorService uploader = Executors.newFixedThreadPool(2);

    @AfterAll
    static void stop() {
        uploader.shutdownNow();
    }

    /** Counts stored subtask states per checkpoint and keeps failures. */
    static final class Reports implements CheckpointListener, ExecutionListener {
        final Map<Long, Integer> stored = new ConcurrentHashMap<>();
        final List<String> failures = new CopyOnWriteArrayList<>();

        @Override
        public void completed(long epoch, String operatorId, int subtask, long bytes, long startMicros,
                long finishMicros) {
            stored.merge(epoch, 1, Integer::sum);
        }

        @Override
        public void failed(long epoch, String operatorId, int subtask, String error) {
            failures.add("checkpoint " + epoch + " " + operatorId + "[" + subtask + "]: " + error);
        }

        @Override
        public void running(String operatorId, int subtask) {
        }

        @Override
        public void finished(String operatorId, int subtask) {
        }

        @Override
        public void failed(String operatorId, int subtask, String error, String domain) {
            failures.add(operatorId + "[" + subtask + "]: " + error);
        }

        @Override
        public void output(String operatorId, int subtask, List<String> jsonRows) {
        }
    }

    /**
     * The real filesystem connector whose sources pause after each poll, so that the first run is
     * still reading when it checkpoints and dies. Rows pass through the real source untouched.
     */
    static final class Paced implements Connector {
        final FileSystemConnector real = new FileSystemConnector();
        final AtomicLong emitted = new AtomicLong();

        @Override
        public ConnectorMetadata metadata() {
            return real.metadata();
        }

        @Override
        public ConnectorTable table(TableRequest request) throws ConnectorException {
            return real.table(request);
        }

        @Override
        public Sink createSink(ConnectorTable table) throws ConnectorException {
            return real.createSink(table);
        }

        @Override
        public Source createSource(ConnectorTable table) throws ConnectorException {
            Source source = real.createSource(table);
            return new Source() {
                @Override
                public void open(SourceContext context) throws Exception {
                    source.open(context);
                }

                @Override
                public SourceStatus poll(Collector out) throws Exception {
                    SourceStatus status = source.poll(row -> {
                        emitted.incrementAndGet();
                        out.collect(row);
                    });
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
                    return status;
                }

                @Override
                public byte[] snapshot(long epoch) throws Exception {
                    return source.snapshot(epoch);
                }

                @Override
                public void close() throws Exception {
                    source.close();
                }
            };
        }
    }

    static void await(BooleanSupplier condition, String what, Reports reports) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!condition.getAsBoolean()) {
            if (!reports.failures.isEmpty()) {
                throw new AssertionError(what + ": " + reports.failures);
            }
            if (System.nanoTime() > end) {
                throw new AssertionError("not within 120 s: " + what);
            }
            TimeUnit.MILLISECONDS.sleep(10);
        }
    }

    static ConnectorTable table(Connector c, String name, Map<String, String> options) throws Exception {
        return c.table(new TableRequest(name, COLUMNS, new Options("filesystem", options), null));
    }

    static Execution job(Connector connector, int parallelism, Checkpoints checkpoints, Reports reports)
            throws Exception {
        ConnectorRegistry registry = new ConnectorRegistry();
        registry.add(connector);
        DataflowPlan plan = new DataflowPlan(List.of(
                new PlanNode("source_1", "in", parallelism, new SourceOperator(table(connector, "in",
                        Map.of("type", "source", "path", dir.resolve("in").toString(), "format", "json")))),
                new PlanNode("sink_2", "out", parallelism, new SinkOperator(table(connector, "out",
                        Map.of("type", "sink", "path", dir.resolve("out").toString(), "format", "json",
                                "rolling_policy.file_size", "64KB"))))),
                List.of(new PlanEdge("source_1", "sink_2", EdgeKind.FORWARD, List.of(),
                        COLUMNS.withTimestamp())));
        Execution e = Execution.build("job_fs", plan, "w1", Execution.Placement.all("w1"), registry, p -> Path.of(p),
                new ExprCompiler(), RuntimeOptions.DEFAULTS, reports, checkpoints.forPlan(plan));
        e.start();
        return e;
    }

    /** The ids in every published (not hidden) file of the output folder. */
    static List<Long> publishedIds() throws java.io.IOException {
        List<String> lines = new ArrayList<>();
        Path out = dir.resolve("out");
        if (Files.isDirectory(out)) {
            try (var files = Files.walk(out)) {
                for (Path p : files.filter(Files::isRegularFile)
                        .filter(p -> !p.getFileName().toString().startsWith(".")).toList()) {
                    lines.addAll(Files.readAllLines(p));
                }
            }
        }
        List<Long> ids = new ArrayList<>();
        for (String line : lines) {
            int colon = line.indexOf(':');
            ids.add(Long.parseLong(line.substring(colon + 1, line.indexOf(',', colon))));
        }
        ids.sort(null);
        return ids;
    }

    @Test
    void exactlyOnceAcrossAFailureAndARescale() throws Exception {
        Files.createDirectories(dir.resolve("in"));
        for (int f = 0; f < FILES; f++) {
            StringBuilder b = new StringBuilder();
            for (int i = f * LINES; i < (f + 1) * LINES; i++) {
                b.append("{\"id\":").append(i).append(",\"kind\":\"k").append(i % 7).append("\"}\n");
            }
            Files.writeString(dir.resolve("in/part-" + f + ".json"), b);
        }
        Path root = Files.createDirectories(dir.resolve("checkpoints"));
        FileObjectStore storage = new FileObjectStore(root.toUri().toString(), root);

        Paced paced = new Paced();
        Reports first = new Reports();
        Execution one = job(paced, 2, new Checkpoints("job_fs", storage, uploader, first, -1), first);
        await(() -> paced.emitted.get() >= 4_000, "first rows read", first);
        one.triggerCheckpoint(1, false);
        await(() -> first.stored.getOrDefault(1L, 0) == 4, "checkpoint 1 stored", first);
        one.commitCheckpoint(1);
        long atOne = paced.emitted.get();
        await(() -> paced.emitted.get() >= atOne + 4_000, "more rows read", first);
        // checkpoint 2 is stored (recorded) but the job dies before its commit, still reading
        one.triggerCheckpoint(2, false);
        await(() -> first.stored.getOrDefault(2L, 0) == 4, "checkpoint 2 stored", first);
        await(() -> paced.emitted.get() >= atOne + 8_000, "rows after checkpoint 2", first);
        one.stop(false);
        one.done().get(60, TimeUnit.SECONDS);
        int published = publishedIds().size();
        assertTrue(published > 0 && published < FILES * LINES,
                "the first run published checkpoint 1 only: " + published + " rows");
        assertTrue(paced.emitted.get() < FILES * LINES, "the first run died while reading");

        Reports second = new Reports();
        Execution two = job(new FileSystemConnector(), 3,
                new Checkpoints("job_fs", storage, uploader, second, 2, "job_fs", storage), second);
        two.done().get(120, TimeUnit.SECONDS);
        assertEquals(List.of(), second.failures);

        List<Long> expected = new ArrayList<>();
        for (long i = 0; i < FILES * LINES; i++) {
            expected.add(i);
        }
        List<Long> ids = publishedIds();
        assertEquals(FILES * LINES, ids.stream().distinct().count(), "lines lost");
        assertEquals(FILES * LINES, ids.size(), "lines repeated");
        assertTrue(expected.equals(ids), "every input line once");
        storage.close();
    }
}
