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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import org.wadi.spi.connector.Collector;
import org.wadi.spi.connector.Connector;
import org.wadi.spi.connector.ConnectorMetadata;
import org.wadi.spi.connector.ConnectorTable;
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
import org.wadi.storage.internal.FileObjectStore;
import org.wadi.worker.internal.ConnectorRegistry;
import org.wadi.worker.internal.expr.ExprCompiler;

/**
 * A source that reads splits (as Kafka partitions) gets every old subtask's state through
 * {@link SourceContext#restoredStates()}, at the same parallelism and at another one, and resumes
 * exactly the splits it owns now: every row once, none lost, none twice.
 */
class SourceSplitRestoreTest {

    static final int SPLITS = 6;
    static final int PER_SPLIT = 400;

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
     * {@code splits}: six splits of 400 rows each ({@code k} = split, {@code v} = offset); subtask
     * {@code j} of {@code n} reads the splits {@code s ≡ j (mod n)}; its state is the next offset of
     * each split it owns. With {@code pause_at} every split stops at that offset.
     */
    static final class SplitSource implements Connector {
        /** Per subtask: the splits it was given at open, and how many states it received. */
        final Map<Integer, List<Integer>> owned = new ConcurrentHashMap<>();
        final Map<Integer, Integer> statesSeen = new ConcurrentHashMap<>();
        final Map<Integer, Long> paused = new ConcurrentHashMap<>();

        @Override
        public ConnectorMetadata metadata() {
            return new ConnectorMetadata("splits", "Splits", null, null, true, false, false, false, false, true,
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
                final Map<Integer, Long> next = new java.util.TreeMap<>();
                int subtask;

                @Override
                public void open(SourceContext context) {
                    subtask = context.task().subtaskIndex();
                    int n = context.task().parallelism();
                    Map<Integer, Long> all = new java.util.HashMap<>();
                    for (byte[] state : context.restoredStates()) {
                        ByteBuffer b = ByteBuffer.wrap(state);
                        while (b.hasRemaining()) {
                            int split = b.getInt();
                            long offset = b.getLong();
                            if (all.put(split, offset) != null) {
                                throw new IllegalStateException("split " + split + " in two old subtasks' states");
                            }
                        }
                    }
                    statesSeen.put(subtask, context.restoredStates().size());
                    for (int s = subtask; s < SPLITS; s += n) {
                        next.put(s, all.getOrDefault(s, 0L));
                    }
                    owned.put(subtask, List.copyOf(next.keySet()));
                }

                @Override
                public SourceStatus poll(Collector out) {
                    boolean any = false;
                    boolean waiting = false;
                    for (Map.Entry<Integer, Long> e : next.entrySet()) {
                        long o = e.getValue();
                        long limit = pauseAt < 0 ? PER_SPLIT : Math.min(pauseAt, PER_SPLIT);
                        if (o < limit) {
                            out.collect(new Object[] {(long) e.getKey(), o, o * 1_000_000L});
                            e.setValue(o + 1);
                            any = true;
                        } else if (o < PER_SPLIT) {
                            waiting = true;
                        }
                    }
                    if (!any && waiting) {
                        paused.put(subtask, pauseAt);
                    }
                    return any ? SourceStatus.ACTIVE : waiting ? SourceStatus.IDLE : SourceStatus.FINISHED;
                }

                @Override
                public byte[] snapshot(long epoch) {
                    ByteBuffer b = ByteBuffer.allocate(next.size() * 12);
                    next.forEach((s, o) -> b.putInt(s).putLong(o));
                    return b.array();
                }
            };
        }
    }

    static DataflowPlan plan(int p, String pauseAt) {
        PlanNode source = new PlanNode("source_1", "splits", p, new SourceOperator(CheckpointExecutionTest.table(
                "events", "splits", pauseAt == null ? Map.of() : Map.of("pause_at", pauseAt),
                CheckpointExecutionTest.WROW)));
        PlanNode sink = new PlanNode("sink_2", "twopc", p, new SinkOperator(CheckpointExecutionTest.table("out", "twopc",
                Map.of(), CheckpointExecutionTest.WROW)));
        return new DataflowPlan(List.of(source, sink), List.of(
                new PlanEdge("source_1", "sink_2", EdgeKind.FORWARD, List.of(), CheckpointExecutionTest.WROW)));
    }

    Execution job(DataflowPlan plan, SplitSource source, CheckpointConnectors.TwoPhaseSink sink, long restoreEpoch)
            throws Exception {
        if (storage == null) {
            Path root = Files.createDirectories(dir.resolve("checkpoints"));
            storage = new FileObjectStore(root.toUri().toString(), root);
        }
        ConnectorRegistry registry = new ConnectorRegistry();
        registry.add(source);
        registry.add(sink);
        return Execution.build("job_splits", plan, "w1", Execution.Placement.all("w1"), registry,
                ExecutionTest.NO_FILES, new ExprCompiler(), RuntimeOptions.DEFAULTS, recorder,
                new Checkpoints("job_splits", storage, uploader, reports, restoreEpoch).forPlan(plan));
    }

    static List<String> keys(List<Object[]> rows) {
        List<String> out = new ArrayList<>();
        synchronized (rows) {
            for (Object[] r : rows) {
                out.add(r[0] + ":" + r[1]);
            }
        }
        out.sort(null);
        return out;
    }

    @ParameterizedTest(name = "checkpointed at 2, restored at {0}")
    @ValueSource(ints = {2, 3, 1})
    void everyRowOnceAfterARestoreAtAnyParallelism(int to) throws Exception {
        CheckpointConnectors.TwoPhaseSink sink = new CheckpointConnectors.TwoPhaseSink();
        SplitSource first = new SplitSource();
        Execution e1 = job(plan(2, "150"), first, sink, -1);
        e1.start();
        CheckpointExecutionTest.await(() -> first.paused.size() == 2, "both subtasks paused mid-stream");
        e1.triggerCheckpoint(1, true);
        CheckpointExecutionTest.await(() -> reports.count(1) == 4, "every subtask stored its state: " + reports.completed);
        assertEquals(Map.of(), reports.failed);
        e1.commitCheckpoint(1);
        e1.done().get(10, TimeUnit.SECONDS);
        assertEquals(SPLITS * 150, sink.visible.size(), "committed at the stop");

        SplitSource second = new SplitSource();
        Execution e2 = job(plan(to, null), second, sink, 1);
        e2.start();
        e2.done().get(30, TimeUnit.SECONDS);
        assertTrue(recorder.events.stream().noneMatch(s -> s.startsWith("FAILED")), recorder.events.toString());
        for (int j = 0; j < to; j++) {
            assertEquals(2, second.statesSeen.get(j), "subtask " + j + " saw both old subtasks' states");
        }
        List<String> expected = new ArrayList<>();
        for (int s = 0; s < SPLITS; s++) {
            for (int o = 0; o < PER_SPLIT; o++) {
                expected.add(s + ":" + o);
            }
        }
        expected.sort(null);
        assertEquals(expected, keys(sink.visible));
    }

    /**
     * The job failed after the checkpoint was recorded but before any sink committed it, and is
     * restored at a lower parallelism: the pre-commits of the old subtasks that no longer exist are
     * committed by the new ones, so that no row of the checkpoint is lost and none doubled.
     */
    @ParameterizedTest(name = "checkpointed at 3, never committed, restored at {0}")
    @ValueSource(ints = {1, 2})
    void pendingCommitsOfSubtasksGoneAfterAScaleDownAreCommitted(int to) throws Exception {
        CheckpointConnectors.TwoPhaseSink sink = new CheckpointConnectors.TwoPhaseSink();
        SplitSource first = new SplitSource();
        Execution e1 = job(plan(3, "150"), first, sink, -1);
        e1.start();
        CheckpointExecutionTest.await(() -> first.paused.size() == 3, "every subtask paused mid-stream");
        e1.triggerCheckpoint(1, false);
        CheckpointExecutionTest.await(() -> reports.count(1) == 6, "every subtask stored its state: " + reports.completed);
        // the controller recorded checkpoint 1, then the workers died before committing it
        e1.stop(false);
        e1.done().get(10, TimeUnit.SECONDS);
        assertEquals(0, sink.visible.size(), "nothing committed before the failure");
        assertEquals(3, sink.staged.size(), "three pre-committed batches: " + sink.staged.keySet());

        SplitSource second = new SplitSource();
        Execution e2 = job(plan(to, null), second, sink, 1);
        e2.start();
        e2.done().get(30, TimeUnit.SECONDS);
        assertTrue(recorder.events.stream().noneMatch(s -> s.startsWith("FAILED")), recorder.events.toString());
        List<String> expected = new ArrayList<>();
        for (int s = 0; s < SPLITS; s++) {
            for (int o = 0; o < PER_SPLIT; o++) {
                expected.add(s + ":" + o);
            }
        }
        expected.sort(null);
        assertEquals(expected, keys(sink.visible));
        assertEquals(java.util.Set.of("0@1", "1@1", "2@1"), java.util.Set.copyOf(sink.commits.subList(0, 3)),
                "the three pending commits, each once: " + sink.commits);
    }
}
