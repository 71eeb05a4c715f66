package org.wadi.worker.internal.over;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.wadi.spi.plan.AggregateCall;
import org.wadi.spi.plan.DataflowPlan;
import org.wadi.spi.plan.EdgeKind;
import org.wadi.spi.plan.PlanEdge;
import org.wadi.spi.plan.PlanNode;
import org.wadi.spi.plan.SinkOperator;
import org.wadi.spi.plan.SortKey;
import org.wadi.spi.plan.SourceOperator;
import org.wadi.spi.plan.WatermarkOperator;
import org.wadi.spi.plan.WindowAggregateOperator;
import org.wadi.spi.plan.WindowFunctionCall;
import org.wadi.spi.plan.WindowFunctionOperator;
import org.wadi.spi.plan.WindowSpec;
import org.wadi.spi.types.DataType;
import org.wadi.spi.types.Field;
import org.wadi.spi.types.Schema;
import org.wadi.worker.internal.ConnectorRegistry;
import org.wadi.worker.internal.expr.ExprCompiler;
import org.wadi.worker.internal.runtime.Execution;
import org.wadi.worker.internal.runtime.ExecutionListener;
import org.wadi.worker.internal.runtime.RuntimeOptions;
import org.wadi.worker.internal.runtime.ScriptedSource;
import org.wadi.worker.internal.runtime.TestConnectors;

/**
 * The top-N pattern through the whole runtime at parallelism two: a count per key and tumbling
 * window, SHUFFLEd by the window to {@code row_number() OVER (PARTITION BY window ORDER BY count
 * DESC, k)}; each window's keys are numbered by their counts.
 */
class OverExecutionTest {

    static final long S = OverHarness.S;
    static final Schema ROW = Schema.of(Field.of("k", DataType.INT64), new Field(Schema.TIMESTAMP_FIELD,
            DataType.TIMESTAMP, false));
    static final Schema COUNTS = Schema.of(Field.of("k", DataType.INT64), Field.of("n", DataType.INT64),
            new Field("window", WindowAggregateOperator.WINDOW_TYPE, false),
            new Field(Schema.TIMESTAMP_FIELD, DataType.TIMESTAMP, false));
    static final List<WindowFunctionCall> RN = List.of(new WindowFunctionCall("row_number", -1, 0, null,
            DataType.INT64));

    /** Records failures. */
    static final class Failures implements ExecutionListener {
        final List<String> failures = new CopyOnWriteArrayList<>();

        @Override
        public void running(String operatorId, int subtask) {
        }

        @Override
        public void finished(String operatorId, int subtask) {
        }

        @Override
        public void failed(String operatorId, int subtask, String error, String domain) {
            failures.add(operatorId + "#" + subtask + " " + domain + ": " + error);
        }

        @Override
        public void output(String operatorId, int subtask, List<String> jsonRows) {
        }
    }

    @Test
    void eachWindowsKeysAreNumberedByTheirCounts() throws Exception {
        // 10 windows of one second; in window w key k (0 … 7) has (k * 3 + w) % 8 + 1 rows: distinct counts
        ScriptedSource source = new ScriptedSource(false);
        List<List<Object[]>> lanes = List.of(new ArrayList<>(), new ArrayList<>());
        TreeMap<String, Long> expected = new TreeMap<>();
        int i = 0;
        for (long w = 0; w < 10; w++) {
            // event times rise within each lane: a row behind its lane's watermark would be late
            long at = w * S;
            for (long k = 0; k < 8; k++) {
                long count = (k * 3 + w) % 8 + 1;
                for (long j = 0; j < count; j++) {
                    lanes.get(i++ % 2).add(new Object[] {k, at});
                    at += 1000;
                }
                // the rank of count c among 1 … 8 in descending order
                expected.put(w + "/" + k, 9 - count);
            }
        }
        source.rows.put(0, lanes.get(0));
        source.rows.put(1, lanes.get(1));
        Schema ranked = OverHarness.output(COUNTS, RN);
        DataflowPlan plan = new DataflowPlan(List.of(
                new PlanNode("source_1", "scripted", 2, new SourceOperator(TestConnectors.table("events", "scripted",
                        Map.of("per_poll", "50")))),
                new PlanNode("watermark_2", "watermark", 2, new WatermarkOperator(ROW, 0, 0, 1_000_000L)),
                new PlanNode("window_3", "window", 2, new WindowAggregateOperator(ROW, WindowSpec.tumble(S),
                        List.of(0), List.of(new AggregateCall("count", -1, false, DataType.INT64)), COUNTS)),
                new PlanNode("over_4", "over", 2, new WindowFunctionOperator(COUNTS, List.of(2),
                        List.of(new SortKey(1, true, true), new SortKey(0, false, false)), RN, ranked)),
                new PlanNode("sink_5", "collect", 2, new SinkOperator(TestConnectors.table("out", "collect",
                        Map.of())))), List.of(
                new PlanEdge("source_1", "watermark_2", EdgeKind.FORWARD, List.of(), ROW),
                new PlanEdge("watermark_2", "window_3", EdgeKind.SHUFFLE, List.of(0), ROW),
                new PlanEdge("window_3", "over_4", EdgeKind.SHUFFLE, List.of(2), COUNTS),
                new PlanEdge("over_4", "sink_5", EdgeKind.FORWARD, List.of(), ranked)));
        TestConnectors.Collect collect = new TestConnectors.Collect();
        ConnectorRegistry registry = new ConnectorRegistry();
        registry.add(source);
        registry.add(collect);
        Failures listener = new Failures();
        Execution e = Execution.build("job_o", plan, "w1", Execution.Placement.all("w1"), registry,
                p -> Path.of("/nonexistent"), new ExprCompiler(), RuntimeOptions.DEFAULTS, listener);
        e.start();
        e.done().get(30, TimeUnit.SECONDS);
        assertEquals(List.of(), listener.failures);
        assertEquals(0, e.lateRows("window_3"));
        assertEquals(0, e.lateRows("over_4"));
        TreeMap<String, Long> actual = new TreeMap<>();
        synchronized (collect.rows) {
            for (Object[] r : collect.rows) {
                long start = (Long) ((Object[]) r[2])[0];
                assertEquals(5, r.length);
                actual.put(start / S + "/" + r[0], (Long) r[3]);
            }
        }
        assertEquals(expected, actual);
    }
}
