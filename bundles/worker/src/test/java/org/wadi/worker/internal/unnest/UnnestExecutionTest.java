package org.wadi.worker.internal.unnest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.wadi.spi.plan.DataflowPlan;
import org.wadi.spi.plan.EdgeKind;
import org.wadi.spi.plan.PlanEdge;
import org.wadi.spi.plan.PlanNode;
import org.wadi.spi.plan.SinkOperator;
import org.wadi.spi.plan.SourceOperator;
import org.wadi.spi.plan.UnnestOperator;
import org.wadi.worker.internal.ConnectorRegistry;
import org.wadi.worker.internal.expr.ExprCompiler;
import org.wadi.worker.internal.runtime.Execution;
import org.wadi.worker.internal.runtime.ExecutionListener;
import org.wadi.worker.internal.runtime.RuntimeOptions;
import org.wadi.worker.internal.runtime.ScriptedSource;
import org.wadi.worker.internal.runtime.TestConnectors;

/** Unnest chained between a source and a sink, through the whole runtime at parallelism two. */
class UnnestExecutionTest {

    /** Records failures. */
    static final class Failures implements ExecutionListener {
        final List<String> failures;

        Failures(List<String> failures) {
            this.failures = failures;
        }

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
    void listsAreUnnestedBetweenSourceAndSink() throws Exception {
        ScriptedSource source = new ScriptedSource(false);
        List<String> expected = new ArrayList<>();
        for (int lane = 0; lane < 2; lane++) {
            List<Object[]> rows = new ArrayList<>();
            for (long id = lane; id < 200; id += 2) {
                // every fifth list NULL; lengths 0 … 3
                boolean isNull = id % 5 == 0;
                List<String> xs = new ArrayList<>();
                for (int j = 0; j < id % 4; j++) {
                    xs.add(id + "." + j);
                    if (!isNull) {
                        expected.add("[" + id + ", " + id + "." + j + ", " + id * 1000 + "]");
                    }
                }
                rows.add(new Object[] {id, isNull ? null : xs, id * 1000});
            }
            source.rows.put(lane, rows);
        }
        TestConnectors.Collect collect = new TestConnectors.Collect();
        ConnectorRegistry registry = new ConnectorRegistry();
        registry.add(source);
        registry.add(collect);
        DataflowPlan plan = new DataflowPlan(List.of(
                new PlanNode("source_1", "scripted", 2, new SourceOperator(TestConnectors.table("in", "scripted",
                        Map.of()))),
                new PlanNode("unnest_2", "unnest", 2, new UnnestOperator(UnnestTest.INPUT, 1, UnnestTest.OUTPUT)),
                new PlanNode("sink_3", "collect", 2, new SinkOperator(TestConnectors.table("out", "collect",
                        Map.of())))), List.of(
                new PlanEdge("source_1", "unnest_2", EdgeKind.FORWARD, List.of(), UnnestTest.INPUT),
                new PlanEdge("unnest_2", "sink_3", EdgeKind.FORWARD, List.of(), UnnestTest.OUTPUT)));
        List<String> failures = new CopyOnWriteArrayList<>();
        Execution e = Execution.build("job_u", plan, "w1", Execution.Placement.all("w1"), registry,
                p -> Path.of("/nonexistent"), new ExprCompiler(), RuntimeOptions.DEFAULTS, new Failures(failures));
        e.start();
        e.done().get(30, TimeUnit.SECONDS);
        assertEquals(List.of(), failures);
        assertEquals(2, collect.finished.get());
        List<String> actual = new ArrayList<>();
        synchronized (collect.rows) {
            collect.rows.forEach(r -> actual.add(Arrays.deepToString(r)));
        }
        actual.sort(null);
        expected.sort(null);
        assertTrue(expected.size() > 150, expected.size() + " rows expected");
        assertEquals(expected, actual);
    }
}
