package org.wadi.worker.internal.join;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
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
import org.wadi.spi.plan.JoinKind;
import org.wadi.spi.plan.JoinType;
import org.wadi.spi.plan.OperatorSpec;
import org.wadi.spi.plan.PlanEdge;
import org.wadi.spi.plan.PlanNode;
import org.wadi.spi.plan.SinkOperator;
import org.wadi.spi.plan.SourceOperator;
import org.wadi.spi.plan.WatermarkOperator;
import org.wadi.worker.internal.ConnectorRegistry;
import org.wadi.worker.internal.expr.ExprCompiler;
import org.wadi.worker.internal.runtime.Execution;
import org.wadi.worker.internal.runtime.ExecutionListener;
import org.wadi.worker.internal.runtime.RuntimeOptions;
import org.wadi.worker.internal.runtime.TestConnectors;

/** An interval join through the whole runtime: two sources, their watermarks, two SHUFFLE edges, parallelism 2. */
class JoinExecutionTest {

    static final long MS = 1_000_000L;

    /** A source named {@code name} whose subtask i emits {@code lanes.get(i)}, in order, then finishes. */
    static final class Lanes implements Connector {
        final String name;
        final List<List<Object[]>> lanes;

        Lanes(String name, List<List<Object[]>> lanes) {
            this.name = name;
            this.lanes = lanes;
        }

        @Override
        public ConnectorMetadata metadata() {
            return new ConnectorMetadata(name, name, null, null, true, false, false, false, false, true, null, null);
        }

        @Override
        public ConnectorTable table(TableRequest request) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Source createSource(ConnectorTable table) {
            return new Source() {
                List<Object[]> mine;
                int next;

                @Override
                public void open(SourceContext context) {
                    mine = lanes.get(context.task().subtaskIndex());
                }

                @Override
                public SourceStatus poll(Collector out) {
                    if (next >= mine.size()) {
                        return SourceStatus.FINISHED;
                    }
                    for (int k = 0; k < 7 && next < mine.size(); k++) {
                        out.collect(mine.get(next++));
                    }
                    return SourceStatus.ACTIVE;
                }
            };
        }
    }

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

    /** 1,000 rows, every 10 ms, keys by {@code keys}, offset by {@code offset}, over two lanes in event-time order. */
    static List<List<Object[]>> rows(int keys, long offset, List<Object[]> all) {
        List<List<Object[]>> lanes = List.of(new ArrayList<>(), new ArrayList<>());
        for (int i = 0; i < 1000; i++) {
            Object[] row = JoinHarness.row("k" + (i % keys), (long) i, i * 10 * MS + offset);
            all.add(row);
            lanes.get(i % 2).add(row);
        }
        return lanes;
    }

    static PlanNode node(String id, OperatorSpec operator) {
        return new PlanNode(id, id, 2, operator);
    }

    @Test
    void aLeftIntervalJoinAtParallelismTwoGivesWhatComparingEveryPairGives() throws Exception {
        List<Object[]> lefts = new ArrayList<>();
        List<Object[]> rights = new ArrayList<>();
        Lanes left = new Lanes("left_rows", rows(6, 0, lefts));
        Lanes right = new Lanes("right_rows", rows(4, 3 * MS, rights));
        TestConnectors.Collect collect = new TestConnectors.Collect();
        ConnectorRegistry registry = new ConnectorRegistry();
        registry.add(left);
        registry.add(right);
        registry.add(collect);

        long lower = 0;
        long upper = 50 * MS;
        DataflowPlan plan = new DataflowPlan(List.of(
                node("left_1", new SourceOperator(TestConnectors.table("l", "left_rows", Map.of()))),
                node("wm_2", new WatermarkOperator(JoinHarness.LEFT, 0, 0, MS)),
                node("right_3", new SourceOperator(TestConnectors.table("r", "right_rows", Map.of()))),
                node("wm_4", new WatermarkOperator(JoinHarness.RIGHT, 0, 0, MS)),
                node("join_5", JoinHarness.spec(JoinKind.INTERVAL, JoinType.LEFT, null, lower, upper)),
                node("sink_6", new SinkOperator(TestConnectors.table("out", "collect", Map.of())))), List.of(
                new PlanEdge("left_1", "wm_2", EdgeKind.FORWARD, List.of(), JoinHarness.LEFT),
                new PlanEdge("right_3", "wm_4", EdgeKind.FORWARD, List.of(), JoinHarness.RIGHT),
                new PlanEdge("wm_2", "join_5", EdgeKind.SHUFFLE, List.of(0), JoinHarness.LEFT),
                new PlanEdge("wm_4", "join_5", EdgeKind.SHUFFLE, List.of(0), JoinHarness.RIGHT),
                new PlanEdge("join_5", "sink_6", EdgeKind.FORWARD, List.of(), JoinHarness.OUTPUT)));
        Failures listener = new Failures();
        Execution e = Execution.build("job_j", plan, "w1", Execution.Placement.all("w1"), registry,
                p -> Path.of("/nonexistent"), new ExprCompiler(), RuntimeOptions.DEFAULTS, listener);
        e.start();
        e.done().get(30, TimeUnit.SECONDS);
        assertEquals(List.of(), listener.failures);
        assertEquals(0, e.lateRows("join_5"));
        assertEquals(2, collect.finished.get());

        List<JoinModel.Event> events = new ArrayList<>();
        lefts.forEach(r -> events.add(new JoinModel.Event(0, r, 0)));
        rights.forEach(r -> events.add(new JoinModel.Event(1, r, 0)));
        List<String> expected = JoinModel.expected(events, JoinKind.INTERVAL, JoinType.LEFT, false, lower, upper);
        List<String> actual = new ArrayList<>();
        synchronized (collect.rows) {
            for (Object[] r : collect.rows) {
                actual.add(JoinHarness.Recorder.describe(r));
            }
        }
        actual.sort(null);
        // left keys k0 … k5, right keys k0 … k3: the k4 and k5 rows are unmatched
        long padded = expected.stream().filter(s -> s.contains("| null, null, null]")).count();
        assertTrue(padded > 300 && expected.size() - padded >= 1000, expected.size() + " rows, " + padded + " padded");
        assertEquals(expected, actual);
        assertTrue(collect.bySubtask.get(0).size() > 0 && collect.bySubtask.get(1).size() > 0,
                "both join subtasks emit");
    }
}
