package org.wadi.worker.internal.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.wadi.worker.internal.runtime.ExecutionTest.calc;
import static org.wadi.worker.internal.runtime.ExecutionTest.edge;
import static org.wadi.worker.internal.runtime.ExecutionTest.sink;
import static org.wadi.worker.internal.runtime.ExecutionTest.source;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.wadi.rpc.WorkerLog;
import org.wadi.spi.plan.DataflowPlan;
import org.wadi.spi.plan.EdgeKind;
import org.wadi.worker.internal.ConnectorRegistry;
import org.wadi.worker.internal.expr.ExprCompiler;
import org.wadi.worker.internal.metrics.MetricsReporter;
import org.wadi.worker.internal.metrics.TaskMetrics;

/** The task counters through the real engine in one worker: rows in and out, batches, queues and bad records. */
class ExecutionMetricsTest {

    final TestConnectors.Collect collect = new TestConnectors.Collect();
    final ConnectorRegistry registry = new ConnectorRegistry();

    ExecutionMetricsTest() {
        registry.add(new TestConnectors.Range());
        registry.add(collect);
    }

    Execution run(DataflowPlan plan) throws Exception {
        Execution e = Execution.build("job_m", plan, "w1", Execution.Placement.all("w1"), registry,
                ExecutionTest.NO_FILES, new ExprCompiler(), RuntimeOptions.DEFAULTS, new TestConnectors.Recorder());
        e.start();
        e.done().get(60, TimeUnit.SECONDS);
        return e;
    }

    @Test
    void rowsAndBatchesAreCountedOnBothSidesOfAShuffle() throws Exception {
        // range (2) → calc (2, chained) → SHUFFLE → sink (3)
        DataflowPlan plan = new DataflowPlan(List.of(source(2, Map.of("count", "10000")), calc(2),
                sink("sink_3", 3, Map.of())),
                List.of(edge("source_1", "calc_2", EdgeKind.FORWARD), edge("calc_2", "sink_3", EdgeKind.SHUFFLE, 0)));
        Execution e = run(plan);
        assertEquals(5_000, collect.rows.size());

        long read = 0;
        long sent = 0;
        long received = 0;
        long batchesSent = 0;
        long batchesReceived = 0;
        for (TaskMetrics t : e.metrics()) {
            if (t.source()) {
                assertEquals(List.of("source_1", "calc_2"), List.of(t.operators()));
                read += t.recordsIn();
                sent += t.recordsOut();
                batchesSent += t.batchesOut();
                assertEquals(null, t.queue(), "a source task has no input queue");
            } else {
                assertEquals(List.of("sink_3"), List.of(t.operators()));
                received += t.recordsIn();
                batchesReceived += t.batchesIn();
                assertEquals(0, t.queue().queued(), "everything was taken");
                assertTrue(t.queue().capacity() > 0);
                assertEquals(0, t.bytesIn(), "nothing crossed the network");
            }
        }
        assertEquals(10_000, read, "numbers the sources emitted");
        assertEquals(5_000, sent, "the calc keeps the even ones");
        assertEquals(5_000, received);
        assertEquals(batchesSent, batchesReceived);
        assertTrue(batchesSent >= 3 && batchesSent < 5_000, "rows move in batches: " + batchesSent);
    }

    @Test
    void badRecordsAreCountedPerSourceSubtaskAndReportedInAggregate() throws Exception {
        DataflowPlan plan = new DataflowPlan(List.of(source(2, Map.of("count", "1000", "bad_every", "10")),
                sink("sink_3", 2, Map.of())),
                List.of(edge("source_1", "sink_3", EdgeKind.FORWARD)));
        Execution e = run(plan);
        assertEquals(900, collect.rows.size());

        MetricsReporter reporter = new MetricsReporter(e::metrics);
        List<WorkerLog> logs = reporter.badData(1);
        // 0, 10, 20, … are all even: subtask 0 reads them all
        assertEquals(1, logs.size(), logs.toString());
        WorkerLog log = logs.get(0);
        assertEquals("source_1", log.getOperatorId());
        assertEquals(0, log.getSubtask());
        assertEquals(100, log.getDroppedRecords());
        assertEquals("dropped 100 bad records, last: range subtask 0: number 990 is bad", log.getMessage());
        assertEquals(List.of(), reporter.badData(2), "reported once");
        assertEquals(100, reporter.report(1, 1).getSubtasksList().stream()
                .filter(m -> m.getOperatorId().equals("source_1")).mapToLong(m -> m.getBadRecordsDropped()).sum());
    }
}
