package org.wadi.worker.internal.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.wadi.spi.connector.FileAccess;
import org.wadi.spi.plan.CalcOperator;
import org.wadi.spi.plan.DataflowPlan;
import org.wadi.spi.plan.EdgeKind;
import org.wadi.spi.plan.Expr;
import org.wadi.spi.plan.PlanEdge;
import org.wadi.spi.plan.PlanNode;
import org.wadi.spi.plan.SinkOperator;
import org.wadi.spi.plan.SourceOperator;
import org.wadi.spi.types.DataType;
import org.wadi.spi.types.Field;
import org.wadi.spi.types.Schema;
import org.wadi.worker.internal.ConnectorRegistry;
import org.wadi.worker.internal.expr.ExprCompiler;
import org.wadi.worker.internal.expr.PlanException;

class ExecutionTest {

    static final Schema ROW = Schema.of(Field.of("n", DataType.INT64), Field.of("_timestamp", DataType.TIMESTAMP));
    static final FileAccess NO_FILES = p -> Path.of("/nonexistent");

    final TestConnectors.Range range = new TestConnectors.Range();
    final TestConnectors.Collect collect = new TestConnectors.Collect();
    final TestConnectors.Recorder recorder = new TestConnectors.Recorder();
    final ConnectorRegistry registry = new ConnectorRegistry();
    final ExprCompiler compiler = new ExprCompiler();

    ExecutionTest() {
        registry.add(range);
        registry.add(collect);
    }

    static PlanNode source(int parallelism, Map<String, String> options) {
        return new PlanNode("source_1", "range", parallelism,
                new SourceOperator(TestConnectors.table("numbers", "range", options)));
    }

    /** Keeps even numbers, multiplied by ten. */
    static PlanNode calc(int parallelism) {
        Expr n = new Expr.InputRef(0, DataType.INT64);
        Expr even = new Expr.Call("=", List.of(new Expr.Call("%", List.of(n, new Expr.Literal("2", DataType.INT64)),
                DataType.INT64), new Expr.Literal("0", DataType.INT64)), DataType.BOOLEAN);
        Expr times10 = new Expr.Call("*", List.of(n, new Expr.Literal("10", DataType.INT64)), DataType.INT64);
        return new PlanNode("calc_2", "even * 10", parallelism,
                new CalcOperator(ROW, even, List.of(times10, new Expr.InputRef(1, DataType.TIMESTAMP)), ROW));
    }

    static PlanNode sink(String id, int parallelism, Map<String, String> options) {
        return new PlanNode(id, "collect", parallelism,
                new SinkOperator(TestConnectors.table("out", "collect", options)));
    }

    static PlanEdge edge(String from, String to, EdgeKind kind, Integer... keys) {
        return new PlanEdge(from, to, kind, List.of(keys), ROW);
    }

    Execution build(DataflowPlan plan, RuntimeOptions options) throws PlanException {
        return Execution.build("job_t", plan, "w1", Execution.Placement.all("w1"), registry, NO_FILES, compiler,
                options, recorder);
    }

    Execution run(DataflowPlan plan) throws Exception {
        Execution e = build(plan, RuntimeOptions.DEFAULTS);
        e.start();
        e.done().get(30, TimeUnit.SECONDS);
        return e;
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(5);
        }
    }

    Set<Long> received() {
        Set<Long> out = new TreeSet<>();
        for (Object[] r : collect.rows) {
            out.add((Long) r[0]);
            assertEquals((Long) r[0] / 10 * 1000, r[1], "the timestamp column passes through");
        }
        return out;
    }

    static Set<Long> expected(long count) {
        Set<Long> out = new TreeSet<>();
        for (long i = 0; i < count; i += 2) {
            out.add(i * 10);
        }
        return out;
    }

    @Test
    void sourceCalcSinkAtParallelismOne() throws Exception {
        DataflowPlan plan = new DataflowPlan(List.of(source(1, Map.of("count", "1000")), calc(1), sink("sink_3", 1, Map.of())),
                List.of(edge("source_1", "calc_2", EdgeKind.FORWARD), edge("calc_2", "sink_3", EdgeKind.FORWARD)));
        Execution e = run(plan);
        assertEquals(1, e.taskCount(), "source, calc and sink are chained into one task");
        assertEquals(500, collect.rows.size());
        assertEquals(expected(1000), received());
        assertEquals(1, collect.finished.get());
        assertEquals(1, collect.closed.get());
        for (String op : List.of("source_1", "calc_2", "sink_3")) {
            assertEquals(List.of("RUNNING " + op + "#0", "FINISHED " + op + "#0"),
                    recorder.events.stream().filter(s -> s.endsWith(" " + op + "#0")).toList());
        }
    }

    @Test
    void sourceCalcSinkAtParallelismThree() throws Exception {
        DataflowPlan plan = new DataflowPlan(List.of(source(3, Map.of("count", "3001")), calc(3), sink("sink_3", 3, Map.of())),
                List.of(edge("source_1", "calc_2", EdgeKind.FORWARD), edge("calc_2", "sink_3", EdgeKind.FORWARD)));
        Execution e = run(plan);
        assertEquals(3, e.taskCount());
        assertEquals(expected(3001), received());
        assertEquals(1501, collect.rows.size());
        assertEquals(3, collect.finished.get());
        assertEquals(9, recorder.count("FINISHED"));
        assertEquals(0, recorder.count("FAILED"));
    }

    @Test
    void chainedOperatorsRunInTheSourceThreadAndOthersDoNot() throws Exception {
        DataflowPlan chained = new DataflowPlan(List.of(source(2, Map.of("count", "100")), calc(2), sink("sink_3", 2, Map.of())),
                List.of(edge("source_1", "calc_2", EdgeKind.FORWARD), edge("calc_2", "sink_3", EdgeKind.FORWARD)));
        run(chained);
        for (int i = 0; i < 2; i++) {
            assertSame(range.threads.get(i), collect.threads.get(i), "sink subtask " + i + " runs in its source's thread");
        }
        TestConnectors.Range range2 = new TestConnectors.Range();
        TestConnectors.Collect collect2 = new TestConnectors.Collect();
        ConnectorRegistry registry2 = new ConnectorRegistry();
        registry2.add(range2);
        registry2.add(collect2);
        DataflowPlan split = new DataflowPlan(List.of(source(1, Map.of("count", "100")), calc(1), sink("sink_3", 1, Map.of())),
                List.of(edge("source_1", "calc_2", EdgeKind.FORWARD), edge("calc_2", "sink_3", EdgeKind.REBALANCE)));
        Execution e = Execution.build("job_t", split, "w1", Execution.Placement.all("w1"), registry2, NO_FILES, compiler,
                RuntimeOptions.DEFAULTS, recorder);
        assertEquals(2, e.taskCount());
        e.start();
        e.done().get(30, TimeUnit.SECONDS);
        assertNotEquals(range2.threads.get(0), collect2.threads.get(0));
        assertEquals(50, collect2.rows.size());
    }

    @Test
    void shuffleSendsEachKeyToOneSubtask() throws Exception {
        DataflowPlan plan = new DataflowPlan(
                List.of(source(2, Map.of("count", "700", "key_mod", "7")), sink("sink_3", 3, Map.of())),
                List.of(edge("source_1", "sink_3", EdgeKind.SHUFFLE, 2)));
        Execution e = run(plan);
        assertEquals(5, e.taskCount());
        assertEquals(700, collect.rows.size());
        Map<Long, Set<Integer>> owners = new HashMap<>();
        collect.bySubtask.forEach((subtask, rows) -> rows.forEach(
                r -> owners.computeIfAbsent((Long) r[2], k -> new HashSet<>()).add(subtask)));
        assertEquals(7, owners.size());
        owners.forEach((key, subtasks) -> assertEquals(1, subtasks.size(), "key " + key + " went to " + subtasks));
        assertTrue(collect.bySubtask.size() > 1, "keys spread over receivers: " + owners);
    }

    @Test
    void rebalanceSpreadsRowsEvenly() throws Exception {
        DataflowPlan plan = new DataflowPlan(List.of(source(1, Map.of("count", "900")), sink("sink_3", 3, Map.of())),
                List.of(edge("source_1", "sink_3", EdgeKind.REBALANCE)));
        run(plan);
        for (int i = 0; i < 3; i++) {
            assertEquals(300, collect.bySubtask.get(i).size());
        }
    }

    @Test
    void aBlockedSinkStopsTheSourceAtTheQueueBound() throws Exception {
        int batch = 64;
        int queue = 4;
        int perPoll = 100;
        long count = 200_000;
        DataflowPlan plan = new DataflowPlan(
                List.of(source(1, Map.of("count", Long.toString(count), "per_poll", Integer.toString(perPoll))),
                        sink("sink_3", 1, Map.of("block", "true"))),
                List.of(edge("source_1", "sink_3", EdgeKind.REBALANCE)));
        Execution e = build(plan, new RuntimeOptions(batch, queue, 20, 50, 0));
        e.start();
        collect.firstRow.await(30, TimeUnit.SECONDS);
        await("the source to block", () -> {
            Thread t = range.threads.get(0);
            return t != null && t.getState() == Thread.State.WAITING;
        });
        long produced = range.produced.get();
        // the queue's batches, the batch the sink holds, the batch being handed over, one poll's worth
        long bound = (long) (queue + 2) * batch + perPoll;
        assertTrue(produced <= bound, "produced " + produced + " rows with a bound of " + bound);
        collect.release.countDown();
        e.done().get(30, TimeUnit.SECONDS);
        assertEquals(count, collect.rows.size());
        assertEquals(count, range.produced.get());
    }

    @Test
    void gracefulStopDrainsAndFinishesSinks() throws Exception {
        DataflowPlan plan = new DataflowPlan(List.of(source(2, Map.of()), sink("sink_3", 1, Map.of())),
                List.of(edge("source_1", "sink_3", EdgeKind.REBALANCE)));
        Execution e = build(plan, RuntimeOptions.DEFAULTS);
        e.start();
        await("rows to arrive", () -> collect.rows.size() > 5000);
        e.stop(true);
        e.done().get(30, TimeUnit.SECONDS);
        assertEquals(1, collect.finished.get(), "the sink finished");
        assertEquals(1, collect.closed.get());
        assertEquals(range.produced.get(), collect.rows.size(), "everything in flight was processed");
        assertEquals(3, recorder.count("FINISHED"));
        assertEquals(0, recorder.count("FAILED"));
    }

    @Test
    void immediateStopClosesSinksWithoutFinishing() throws Exception {
        DataflowPlan plan = new DataflowPlan(List.of(source(1, Map.of()), sink("sink_3", 1, Map.of("block", "true"))),
                List.of(edge("source_1", "sink_3", EdgeKind.REBALANCE)));
        Execution e = build(plan, new RuntimeOptions(16, 2, 20, 50, 0));
        e.start();
        collect.firstRow.await(30, TimeUnit.SECONDS);
        e.stop(false);
        e.done().get(30, TimeUnit.SECONDS);
        assertEquals(0, collect.finished.get());
        assertEquals(1, collect.closed.get());
        assertEquals(2, recorder.count("FINISHED"));
        assertEquals(0, recorder.count("FAILED"));
    }

    @Test
    void aFailingSinkReportsFailedWithItsMessage() throws Exception {
        DataflowPlan plan = new DataflowPlan(List.of(source(1, Map.of()), calc(1), sink("sink_3", 1, Map.of("fail_after", "10"))),
                List.of(edge("source_1", "calc_2", EdgeKind.FORWARD), edge("calc_2", "sink_3", EdgeKind.FORWARD)));
        run(plan);
        assertEquals(3, recorder.count("FAILED"), recorder.events.toString());
        assertTrue(recorder.events.contains("FAILED sink_3#0 user: writing to 'out' failed: disk full after 10 rows"),
                recorder.events.toString());
        assertEquals(0, collect.finished.get());
        assertEquals(1, collect.closed.get());
    }

    @Test
    void aFailureInOneTaskCancelsTheOthers() throws Exception {
        DataflowPlan plan = new DataflowPlan(List.of(source(2, Map.of()), sink("sink_3", 1, Map.of("fail_after", "10"))),
                List.of(edge("source_1", "sink_3", EdgeKind.REBALANCE)));
        run(plan);
        assertEquals(1, recorder.count("FAILED sink_3#0"), recorder.events.toString());
        assertEquals(2, recorder.count("FINISHED source_1"), recorder.events.toString());
    }

    @Test
    void missingConnectorFailsTheBuild() {
        DataflowPlan plan = new DataflowPlan(List.of(new PlanNode("source_1", "x", 1,
                new SourceOperator(TestConnectors.table("t", "nope", Map.of()))), sink("sink_3", 1, Map.of())),
                List.of(edge("source_1", "sink_3", EdgeKind.FORWARD)));
        PlanException e = assertThrows(PlanException.class, () -> build(plan, RuntimeOptions.DEFAULTS));
        assertEquals("connector 'nope' is not installed", e.getMessage());
        assertEquals("user", e.domain());
    }

    @Test
    void anEdgeAcrossWorkersFailsTheBuildWithoutADataExchange() {
        DataflowPlan plan = new DataflowPlan(List.of(source(2, Map.of()), sink("sink_3", 2, Map.of())),
                List.of(edge("source_1", "sink_3", EdgeKind.REBALANCE)));
        Execution.Placement twoWorkers = (op, i) -> i == 0 ? "w1" : "w2";
        PlanException e = assertThrows(PlanException.class, () -> Execution.build("job_t", plan, "w1", twoWorkers,
                registry, NO_FILES, compiler, RuntimeOptions.DEFAULTS, recorder));
        assertTrue(e.getMessage().startsWith("edge source_1 -> sink_3 connects subtask 0 on w1 with subtask 1 on w2, "
                + "but this execution has no data exchange with other workers"), e.getMessage());
        assertEquals(List.of(new Execution.SubtaskRef("source_1", 0), new Execution.SubtaskRef("sink_3", 0)),
                Execution.localSubtasks(plan, "w1", twoWorkers));
    }
}
