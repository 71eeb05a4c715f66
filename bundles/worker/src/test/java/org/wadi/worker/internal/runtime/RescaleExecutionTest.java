package org.wadi.worker.internal.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wadi.spi.connector.Collector;
import org.wadi.spi.connector.Connector;
import org.wadi.spi.connector.ConnectorMetadata;
import org.wadi.spi.connector.ConnectorTable;
import org.wadi.spi.connector.Source;
import org.wadi.spi.connector.SourceContext;
import org.wadi.spi.connector.SourceStatus;
import org.wadi.spi.connector.TableRequest;
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
import org.wadi.storage.internal.FileObjectStore;
import org.wadi.worker.internal.ConnectorRegistry;
import org.wadi.worker.internal.expr.ExprCompiler;

/**
 * A window aggregate job checkpointed at parallelism 2 (stopped with open windows) and restored at
 * 3 and at 1 gives exactly the results of an uninterrupted run: the window state is redistributed
 * by key ranges, the sources go on from their positions, the sinks re-commit what they staged.
 */
class RescaleExecutionTest {

    static final long S = CheckpointExecutionTest.S;
    static final int ROWS = 3000;

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

    /**
     * {@code stripes}: a global sequence of rows, read by every subtask in step — subtask j of n
     * emits rows {@code g ≡ j (mod n)} — with one global position as the checkpointed state. With
     * {@code pause_at} every subtask stops at that position, so all of them checkpoint the same
     * one, and a restore at any parallelism goes on from there.
     */
    static class StripedSource implements Connector {
        final List<Object[]> rows = new ArrayList<>();
        final Map<Integer, AtomicLong> positions = new ConcurrentHashMap<>();

        StripedSource() {
            for (long g = 0; g < ROWS; g++) {
                rows.add(new Object[] {g % 11, g, g * 10_000_000L});
            }
        }

        @Override
        public ConnectorMetadata metadata() {
            return new ConnectorMetadata("stripes", "Stripes", null, null, true, false, false, false, false, true,
                    null, null);
        }

        @Override
        public ConnectorTable table(TableRequest request) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Source createSource(ConnectorTable table) {
            long pauseAt = Long.parseLong(table.options().getOrDefault("pause_at", "-1"));
            return new Source() {
                int subtask;
                int parallelism;
                AtomicLong position;

                @Override
                public void open(SourceContext context) {
                    subtask = context.task().subtaskIndex();
                    parallelism = context.task().parallelism();
                    byte[] state = context.restoredState();
                    position = positions.computeIfAbsent(subtask, k -> new AtomicLong());
                    position.set(state == null ? 0 : ByteBuffer.wrap(state).getLong());
                }

                @Override
                public SourceStatus poll(Collector out) {
                    long limit = pauseAt < 0 ? rows.size() : pauseAt;
                    long g = position.get();
                    if (g >= rows.size()) {
                        return SourceStatus.FINISHED;
                    }
                    if (g >= limit) {
                        return SourceStatus.IDLE;
                    }
                    for (int emitted = 0; emitted < 7 && g < limit; g++) {
                        if (g % parallelism == subtask) {
                            out.collect(rows.get((int) g));
                            emitted++;
                        }
                    }
                    position.set(g);
                    return SourceStatus.ACTIVE;
                }

                @Override
                public byte[] snapshot(long epoch) {
                    return ByteBuffer.allocate(8).putLong(position.get()).array();
                }
            };
        }
    }

    static DataflowPlan plan(int p, WindowSpec window, String pauseAt) {
        PlanNode source = new PlanNode("source_1", "stripes", p, new SourceOperator(CheckpointExecutionTest.table(
                "events", "stripes", pauseAt == null ? Map.of() : Map.of("pause_at", pauseAt),
                CheckpointExecutionTest.WROW)));
        PlanNode watermark = new PlanNode("watermark_2", "watermark", p,
                new WatermarkOperator(CheckpointExecutionTest.WROW, 0, 0, 0));
        PlanNode agg = new PlanNode("window_3", "window", p, new WindowAggregateOperator(CheckpointExecutionTest.WROW,
                window, List.of(0), List.of(new AggregateCall("count", -1, false, DataType.INT64),
                        new AggregateCall("sum", 1, false, DataType.INT64)), CheckpointExecutionTest.WOUT));
        PlanNode sink = new PlanNode("sink_4", "twopc", p, new SinkOperator(CheckpointExecutionTest.table("out", "twopc",
                Map.of(), CheckpointExecutionTest.WOUT)));
        return new DataflowPlan(List.of(source, watermark, agg, sink), List.of(
                new PlanEdge("source_1", "watermark_2", EdgeKind.FORWARD, List.of(), CheckpointExecutionTest.WROW),
                new PlanEdge("watermark_2", "window_3", EdgeKind.SHUFFLE, List.of(0), CheckpointExecutionTest.WROW),
                new PlanEdge("window_3", "sink_4", EdgeKind.FORWARD, List.of(), CheckpointExecutionTest.WOUT)));
    }

    Execution job(DataflowPlan plan, StripedSource source, CheckpointConnectors.TwoPhaseSink sink, long restoreEpoch)
            throws Exception {
        if (storage == null) {
            Path root = Files.createDirectories(dir.resolve("checkpoints"));
            storage = new FileObjectStore(root.toUri().toString(), root);
        }
        ConnectorRegistry registry = new ConnectorRegistry();
        registry.add(source);
        registry.add(sink);
        return Execution.build("job_rescale", plan, "w1", Execution.Placement.all("w1"), registry,
                ExecutionTest.NO_FILES, new ExprCompiler(), RuntimeOptions.DEFAULTS, recorder,
                new Checkpoints("job_rescale", storage, uploader, reports, restoreEpoch).forPlan(plan));
    }

    void noFailures() {
        assertTrue(recorder.events.stream().noneMatch(s -> s.startsWith("FAILED")), recorder.events.toString());
    }

    void restoresAtAnotherParallelism(WindowSpec window, int to) throws Exception {
        CheckpointConnectors.TwoPhaseSink whole = new CheckpointConnectors.TwoPhaseSink();
        Execution e0 = job(plan(2, window, null), new StripedSource(), whole, -1);
        e0.start();
        e0.done().get(30, TimeUnit.SECONDS);
        assertEquals(0, e0.lateRows("window_3"));
        List<String> expected = CheckpointExecutionTest.rows(whole.visible);
        assertTrue(expected.size() > 100, expected.size() + " results");

        // at parallelism 2, stopped with a checkpoint mid-stream, windows open
        CheckpointConnectors.TwoPhaseSink sink = new CheckpointConnectors.TwoPhaseSink();
        StripedSource first = new StripedSource();
        Execution e1 = job(plan(2, window, "1700"), first, sink, -1);
        e1.start();
        CheckpointExecutionTest.await(() -> first.positions.size() == 2
                && first.positions.values().stream().allMatch(p -> p.get() == 1700), "the sources paused mid-stream");
        e1.triggerCheckpoint(1, true);
        CheckpointExecutionTest.await(() -> reports.count(1) == 8, "every subtask stored its state: " + reports.completed);
        assertEquals(Map.of(), reports.failed);
        assertTrue(reports.completed.get("window_3[0]@1") > 100 && reports.completed.get("window_3[1]@1") > 100,
                "open windows are in the checkpoint: " + reports.completed);
        e1.commitCheckpoint(1);
        e1.done().get(10, TimeUnit.SECONDS);
        noFailures();
        int afterRun1 = sink.visible.size();
        assertTrue(afterRun1 > 0 && afterRun1 < expected.size(), "some windows closed before the stop: " + afterRun1);

        // restored at another parallelism, read on to the end
        StripedSource second = new StripedSource();
        Execution e2 = job(plan(to, window, null), second, sink, 1);
        e2.start();
        e2.done().get(30, TimeUnit.SECONDS);
        noFailures();
        assertEquals(to, second.positions.size());
        assertEquals(0, e2.lateRows("window_3"));
        assertEquals(expected, CheckpointExecutionTest.rows(sink.visible));
    }

    @Test
    void hopWindowsCheckpointedAtTwoRestoreAtThree() throws Exception {
        restoresAtAnotherParallelism(WindowSpec.hop(S, 2 * S), 3);
    }

    @Test
    void hopWindowsCheckpointedAtTwoRestoreAtOne() throws Exception {
        restoresAtAnotherParallelism(WindowSpec.hop(S, 2 * S), 1);
    }

    @Test
    void sessionWindowsCheckpointedAtTwoRestoreAtThree() throws Exception {
        restoresAtAnotherParallelism(WindowSpec.session(25_000_000L), 3);
    }

    @Test
    void sessionWindowsCheckpointedAtTwoRestoreAtOne() throws Exception {
        restoresAtAnotherParallelism(WindowSpec.session(25_000_000L), 1);
    }

    /** A source whose position belongs to its subtask and parallelism refuses another one, clearly. */
    @Test
    void aSourceThatCannotRescaleFailsTheRestoreWithItsOwnMessage() throws Exception {
        CheckpointConnectors.TwoPhaseSink sink = new CheckpointConnectors.TwoPhaseSink();
        StripedSource first = new StripedSource();
        Execution e1 = job(plan(2, WindowSpec.tumble(S), "1000"), first, sink, -1);
        e1.start();
        CheckpointExecutionTest.await(() -> first.positions.size() == 2
                && first.positions.values().stream().allMatch(p -> p.get() == 1000), "the sources paused");
        e1.triggerCheckpoint(1, true);
        CheckpointExecutionTest.await(() -> reports.count(1) == 8, "stored");
        e1.commitCheckpoint(1);
        e1.done().get(10, TimeUnit.SECONDS);

        StripedSource strict = new StripedSource() {
            @Override
            public Source createSource(ConnectorTable table) {
                Source inner = super.createSource(table);
                return new Source() {
                    @Override
                    public void open(SourceContext context) throws Exception {
                        if (context.restoredState() != null && context.task().parallelism() != 2) {
                            throw new IllegalStateException("stripes source was checkpointed at parallelism 2 and"
                                    + " cannot restore at " + context.task().parallelism());
                        }
                        inner.open(context);
                    }

                    @Override
                    public SourceStatus poll(Collector out) throws Exception {
                        return inner.poll(out);
                    }
                };
            }
        };
        Execution e2 = job(plan(3, WindowSpec.tumble(S), null), strict, sink, 1);
        e2.start();
        e2.done().get(30, TimeUnit.SECONDS);
        assertTrue(recorder.events.stream().anyMatch(s -> s.startsWith("FAILED source_1")
                && s.contains("cannot restore at 3")), recorder.events.toString());
    }
}
