package org.wadi.worker.internal.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.wadi.worker.internal.ConnectorRegistry;
import org.wadi.worker.internal.expr.ExprCompiler;
import org.wadi.worker.internal.metrics.MetricsReporter;
import org.wadi.worker.internal.metrics.TaskMetrics;
import org.wadi.worker.internal.runtime.Execution;
import org.wadi.worker.internal.runtime.RuntimeOptions;
import org.wadi.worker.internal.runtime.TestConnectors;
import org.wadi.rpc.MetricsReport;
import org.wadi.rpc.SubtaskMetrics;

/**
 * The task counters through the real engine: rows, batches and bytes counted on both sides of a
 * shuffle that crosses two workers over TCP agree with each other and with the rows delivered.
 */
class CrossWorkerMetricsTest {

    DataServer server1;
    DataServer server2;
    final List<Execution> executions = new ArrayList<>();

    @BeforeEach
    void openServers() throws IOException {
        server1 = DataServer.open("127.0.0.1", 10_000);
        server2 = DataServer.open("127.0.0.1", 10_000);
    }

    @AfterEach
    void close() throws Exception {
        for (Execution e : executions) {
            e.stop(false);
            e.done().get(10, TimeUnit.SECONDS);
        }
        server1.close();
        server2.close();
    }

    Execution build(String worker, ConnectorRegistry registry, long count) throws Exception {
        DataServer server = worker.equals("w1") ? server1 : server2;
        Execution e = Execution.build("job_m", CrossWorkerExchangeTest.numbers(4, count, java.util.Map.of()), worker,
                CrossWorkerExchangeTest.SPREAD, registry, CrossWorkerExchangeTest.NO_FILES, new ExprCompiler(),
                RuntimeOptions.DEFAULTS, new NetTesting.Reports(), CrossWorkerExchangeTest.noCheckpoints(),
                server.session("job_m/1", worker, java.util.Map.of("w1", server1.address(), "w2", server2.address())));
        executions.add(e);
        return e;
    }

    @Test
    void rowsBatchesAndBytesAreCountedOnBothSidesOfTheNetwork() throws Exception {
        long count = 20_000;
        NetTesting.Held held = new NetTesting.Held("held");
        ConnectorRegistry registry = new ConnectorRegistry();
        registry.add(new TestConnectors.Range());
        registry.add(held);
        Execution e1 = build("w1", registry, count);
        Execution e2 = build("w2", registry, count);
        e1.start();
        e2.start();
        e1.done().get(60, TimeUnit.SECONDS);
        e2.done().get(60, TimeUnit.SECONDS);
        assertEquals(count, held.count());

        List<TaskMetrics> all = new ArrayList<>(e1.metrics());
        all.addAll(e2.metrics());
        long read = 0;
        long sent = 0;
        long received = 0;
        long batchesSent = 0;
        long batchesReceived = 0;
        long bytesSent = 0;
        long bytesReceived = 0;
        for (TaskMetrics t : all) {
            if (t.source()) {
                assertEquals("source_1", t.operators()[0]);
                read += t.recordsIn();
                sent += t.recordsOut();
                batchesSent += t.batchesOut();
                bytesSent += t.bytesOut();
            } else {
                assertEquals("sink_2", t.operators()[0]);
                received += t.recordsIn();
                batchesReceived += t.batchesIn();
                bytesReceived += t.bytesIn();
            }
        }
        assertEquals(8, all.size(), "4 source and 4 sink tasks over the two workers");
        assertEquals(count, read, "rows the sources emitted");
        assertEquals(count, sent, "rows the sources' tasks sent on");
        assertEquals(count, received, "rows that reached the sinks' tasks");
        assertEquals(batchesSent, batchesReceived, "every batch sent was received");
        assertTrue(bytesSent > 0, "half the rows crossed to the other worker: " + bytesSent);
        assertEquals(bytesSent, bytesReceived, "bytes sent over TCP are the bytes received");
        // a row of three longs cannot take less than one byte per column
        assertTrue(bytesSent >= count / 2, "bytes sent " + bytesSent);

        // the report of worker 1 carries the same figures, per operator and subtask
        MetricsReport report = new MetricsReporter(e1::metrics).report(System.nanoTime(), System.currentTimeMillis() * 1000);
        long reportedSources = 0;
        for (SubtaskMetrics m : report.getSubtasksList()) {
            assertEquals(0, m.getSubtask() % 2, "w1 runs the even subtasks");
            if (m.getOperatorId().equals("source_1")) {
                reportedSources += m.getRecordsOut();
                assertEquals(0, m.getRecordsIn());
            }
            assertTrue(m.getBackpressure() >= 0 && m.getBackpressure() <= 1);
        }
        assertEquals(4, report.getSubtasksCount());
        long expected = 0;
        for (TaskMetrics t : e1.metrics()) {
            expected += t.source() ? t.recordsIn() : 0;
        }
        assertEquals(expected, reportedSources);
        assertTrue(reportedSources > 0 && reportedSources < count, "w1 read part of the rows: " + reportedSources);
    }
}
