package org.wadi.worker.internal.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
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
import org.wadi.worker.internal.ConnectorRegistry;
import org.wadi.worker.internal.expr.ExprCompiler;
import org.wadi.worker.internal.expr.PlanException;

/** Watermarks and windows through the whole runtime: sources, chains, exchanges, gates, sinks. */
class WindowExecutionTest {

    static final long S = 1_000_000_000L;
    static final Schema ROW = Schema.of(Field.of("k", DataType.INT64), Field.of("v", DataType.INT64),
            new Field("_timestamp", DataType.TIMESTAMP, false));
    static final Schema OUT = Schema.of(Field.of("k", DataType.INT64), Field.of("n", DataType.INT64),
            Field.of("total", DataType.INT64), new Field("window", WindowAggregateOperator.WINDOW_TYPE, false),
            new Field("_timestamp", DataType.TIMESTAMP, false));

    final TestConnectors.Collect collect = new TestConnectors.Collect();
    final TestConnectors.Recorder recorder = new TestConnectors.Recorder();

    static DataflowPlan plan(int parallelism, WindowSpec window, long idleNanos, long periodNanos) {
        PlanNode source = new PlanNode("source_1", "scripted", parallelism,
                new SourceOperator(TestConnectors.table("events", "scripted", Map.of())));
        PlanNode watermark = new PlanNode("watermark_2", "watermark", parallelism,
                new WatermarkOperator(ROW, 0, idleNanos, periodNanos));
        PlanNode agg = new PlanNode("window_3", "window", parallelism, new WindowAggregateOperator(ROW, window,
                List.of(0), List.of(new AggregateCall("count", -1, false, DataType.INT64),
                        new AggregateCall("sum", 1, false, DataType.INT64)), OUT));
        PlanNode sink = new PlanNode("sink_4", "collect", parallelism,
                new SinkOperator(TestConnectors.table("out", "collect", Map.of())));
        return new DataflowPlan(List.of(source, watermark, agg, sink), List.of(
                new PlanEdge("source_1", "watermark_2", EdgeKind.FORWARD, List.of(), ROW),
                new PlanEdge("watermark_2", "window_3", EdgeKind.SHUFFLE, List.of(0), ROW),
                new PlanEdge("window_3", "sink_4", EdgeKind.FORWARD, List.of(), OUT)));
    }

    Execution build(DataflowPlan plan, ScriptedSource source) throws PlanException {
        ConnectorRegistry registry = new ConnectorRegistry();
        registry.add(source);
        registry.add(collect);
        return Execution.build("job_w", plan, "w1", Execution.Placement.all("w1"), registry,
                ExecutionTest.NO_FILES, new ExprCompiler(), RuntimeOptions.DEFAULTS, recorder);
    }

    /** Results as "key window-start-seconds → count/sum", sorted. */
    TreeMap<String, String> results() {
        TreeMap<String, String> out = new TreeMap<>();
        synchronized (collect.rows) {
            for (Object[] r : collect.rows) {
                Object[] w = (Object[]) r[3];
                assertEquals((long) w[1] - 1, r[4], "results are stamped with their window's end - 1 ns");
                String key = r[0] + "@" + (long) w[0] / 1_000_000 + "-" + (long) w[1] / 1_000_000;
                String previous = out.put(key, r[1] + "/" + r[2]);
                assertEquals(null, previous, "one result per key and window: " + key);
            }
        }
        return out;
    }

    /** 2,000 rows over 20 s of event time, 7 keys, spread over the subtasks, out of order within each. */
    static ScriptedSource events(int parallelism) {
        ScriptedSource source = new ScriptedSource(false);
        List<List<Object[]>> lanes = new ArrayList<>();
        for (int i = 0; i < parallelism; i++) {
            lanes.add(new ArrayList<>());
        }
        for (long n = 0; n < 2000; n++) {
            long t = n * 10_000_000L + (n % 3 == 0 ? 5_000_000L : 0);
            lanes.get((int) (n % parallelism)).add(new Object[] {n % 7, n, t});
        }
        for (int i = 0; i < parallelism; i++) {
            source.rows.put(i, lanes.get(i));
        }
        return source;
    }

    TreeMap<String, String> runAt(int parallelism, WindowSpec window) throws Exception {
        collect.rows.clear();
        // a delay bigger than the data's span: no row is late however the lanes interleave
        DataflowPlan plan = plan(parallelism, window, 0, 1_000_000L);
        DataflowPlan delayed = new DataflowPlan(plan.nodes().stream().map(n -> n.operator() instanceof WatermarkOperator
                ? new PlanNode(n.id(), n.description(), n.parallelism(), new WatermarkOperator(ROW, 100 * S, 0, 1_000_000L))
                : n).toList(), plan.edges());
        Execution e = build(delayed, events(parallelism));
        e.start();
        e.done().get(30, TimeUnit.SECONDS);
        assertEquals(0, e.lateRows("window_3"));
        assertEquals(parallelism, collect.finished.get() - finishedBefore);
        finishedBefore = collect.finished.get();
        assertTrue(recorder.events.stream().noneMatch(s -> s.startsWith("FAILED")), recorder.events.toString());
        return results();
    }

    private long finishedBefore;

    @Test
    void tumblingWindowsAreExactAndTheSameAtParallelismOneAndThree() throws Exception {
        TreeMap<String, String> one = runAt(1, WindowSpec.tumble(S));
        // 20 s of data, 7 keys: 20 windows × 7 keys
        assertEquals(140, one.size());
        // window [0,1): rows 0…99, key 0 has n = 0, 7, …, 98: 15 rows summing 0+7+…+98 = 735
        assertEquals("15/735", one.get("0@0-1000"));
        long total = one.values().stream().mapToLong(v -> Long.parseLong(v.split("/")[0])).sum();
        assertEquals(2000, total, "the final watermark flushed every window");
        assertEquals(one, runAt(3, WindowSpec.tumble(S)));
    }

    @Test
    void hoppingWindowsAreExactAndTheSameAtParallelismOneAndThree() throws Exception {
        TreeMap<String, String> one = runAt(1, WindowSpec.hop(2 * S, 10 * S));
        long total = one.values().stream().mapToLong(v -> Long.parseLong(v.split("/")[0])).sum();
        assertEquals(2000 * 5, total, "each row is in width / slide = 5 windows");
        // window [0,10): rows 0…999; key 3 has n = 3, 10, …, 997: 143 rows
        assertEquals("143/" + sum(3, 997, 7), one.get("3@0-10000"));
        assertEquals(one, runAt(3, WindowSpec.hop(2 * S, 10 * S)));
    }

    @Test
    void sessionWindowsAreTheSameAtParallelismOneAndThree() throws Exception {
        // rows of a key are 70 ms apart: a 50 ms gap cuts every row into its own session, 100 ms joins them all
        TreeMap<String, String> apart = runAt(1, WindowSpec.session(50_000_000L));
        assertEquals(2000, apart.size());
        TreeMap<String, String> joined = runAt(1, WindowSpec.session(100_000_000L));
        assertEquals(7, joined.size());
        assertEquals(joined, runAt(3, WindowSpec.session(100_000_000L)));
    }

    private static long sum(long from, long to, long step) {
        long s = 0;
        for (long x = from; x <= to; x += step) {
            s += x;
        }
        return s;
    }

    @Test
    void anIdleSubtaskDoesNotHoldBackTheWatermark() throws Exception {
        // subtask 1 emits nothing and keeps polling; without idleness its lack of watermark would hold
        // every window back until the end
        ScriptedSource source = new ScriptedSource(true);
        List<Object[]> rows = new ArrayList<>();
        for (long n = 0; n < 50; n++) {
            rows.add(new Object[] {1L, n, n * 100_000_000L});
        }
        source.rows.put(0, rows);
        Execution e = build(plan(2, WindowSpec.tumble(S), 100_000_000L, 1_000_000L), source);
        e.start();
        try {
            ExecutionTest.await("the first windows to close while subtask 1 is idle " + recorder.events,
                    () -> collect.rows.size() >= 4);
            assertEquals("10/45", results().get("1@0-1000"));
        } finally {
            source.hold.countDown();
        }
        e.done().get(30, TimeUnit.SECONDS);
        assertEquals(5, results().size(), "the final watermark closed the rest");
    }

    @Test
    void watermarksThatWouldGoBackwardsAreNotPassedOn() throws Exception {
        InputGate gate = new InputGate(64);
        int a = gate.addSender();
        int b = gate.addSender();
        List<Long> seen = new ArrayList<>();
        Task.InputTask task = new Task.InputTask("t", 0, recorder, gate);
        task.head = new RowOutput() {
            @Override
            public void collect(Object[] row) {
            }

            @Override
            public void watermark(long watermark) {
                seen.add(watermark);
            }

            @Override
            public void flush() {
            }

            @Override
            public void barrier(long epoch, boolean thenStop) {
            }

            @Override
            public void finish() {
            }
        };
        for (Batch batch : List.of(Batch.watermark(0, a, 100), Batch.watermark(0, b, 50), Batch.watermark(0, a, 200),
                Batch.watermark(0, b, Watermarks.IDLE), Batch.watermark(0, b, 150), Batch.watermark(0, a, 400),
                Batch.end(0, a), Batch.watermark(0, b, 300), Batch.watermark(0, b, Watermarks.IDLE), Batch.end(0, b))) {
            gate.put(batch);
        }
        task.process();
        // min(100, 50); b idle → a's 200; b back at 150 → still 200 (never backwards) until b passes it;
        // a ended → b alone; b idle with a ended → idle
        assertEquals(Arrays.asList(50L, 200L, 300L, Watermarks.IDLE), seen);
    }

    @Test
    void whenEveryInputIsIdleTheMostAdvancedWatermarkIsPassedOnFirst() throws Exception {
        InputGate gate = new InputGate(64);
        int a = gate.addSender();
        int b = gate.addSender();
        List<Long> seen = new ArrayList<>();
        Task.InputTask task = new Task.InputTask("t", 0, recorder, gate);
        task.head = new RowOutput() {
            @Override
            public void collect(Object[] row) {
            }

            @Override
            public void watermark(long watermark) {
                seen.add(watermark);
            }

            @Override
            public void flush() {
            }

            @Override
            public void barrier(long epoch, boolean thenStop) {
            }

            @Override
            public void finish() {
            }
        };
        // a is ahead but b (no watermark yet) holds it back; then both go idle
        for (Batch batch : List.of(Batch.watermark(0, a, 100), Batch.watermark(0, a, Watermarks.IDLE),
                Batch.watermark(0, b, Watermarks.IDLE), Batch.watermark(0, b, 120), Batch.end(0, a), Batch.end(0, b))) {
            gate.put(batch);
        }
        task.process();
        assertEquals(Arrays.asList(100L, Watermarks.IDLE, 120L), seen);
    }
}
