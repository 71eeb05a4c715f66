package org.wadi.worker.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.grpc.Server;
import io.grpc.stub.StreamObserver;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.wadi.rpc.ControllerMessage;
import org.wadi.rpc.MetricsReport;
import org.wadi.rpc.Rpc;
import org.wadi.rpc.SubtaskMetrics;
import org.wadi.rpc.WorkerLog;
import org.wadi.rpc.WorkerMessage;
import org.wadi.worker.internal.runtime.RuntimeOptions;
import org.wadi.worker.internal.runtime.TestConnectors;

/**
 * A worker's metrics on its controller session: the report of its subtasks, its dropped records
 * in the job's errors, and its pushes to a Pushgateway (a small HTTP server that records them).
 */
class WorkerMetricsTest {

    record Request(String method, String path, String body) {
    }

    final WorkerTest.FakeController controller = new WorkerTest.FakeController();
    final TestConnectors.Collect collect = new TestConnectors.Collect();
    final ConnectorRegistry registry = new ConnectorRegistry();
    final List<Request> pushes = new CopyOnWriteArrayList<>();
    Server server;
    HttpServer pushgateway;
    Worker worker;

    @BeforeEach
    void setUp() throws Exception {
        server = Rpc.startServer(new InetSocketAddress("127.0.0.1", 0), controller);
        pushgateway = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        pushgateway.createContext("/", exchange -> {
            pushes.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        pushgateway.start();
        registry.add(new TestConnectors.Range());
        registry.add(collect);
        worker = new Worker(new Worker.Config("wkr_test", "job_1", 3, "127.0.0.1:" + server.getPort(), 4),
                registry, new FileRoots(System.getProperty("java.io.tmpdir")), RuntimeOptions.DEFAULTS);
    }

    @AfterEach
    void tearDown() {
        worker.close();
        server.shutdownNow();
        pushgateway.stop(0);
    }

    @Test
    void theFinalReportCountsTheRowsAndTheDroppedRecordsAndTheGroupLeavesThePushgateway() throws Exception {
        worker.start();
        StreamObserver<ControllerMessage> session = controller.session.get(30, TimeUnit.SECONDS);
        String url = "http://127.0.0.1:" + pushgateway.getAddress().getPort();
        session.onNext(ControllerMessage.newBuilder().setStart(WorkerTest.start(
                WorkerTest.plan(Map.of("count", "500", "bad_every", "50"), "collect", Map.of()), "wkr_test").toBuilder()
                .setPushgatewayUrl(url)).build());
        controller.workerCompleted.get(30, TimeUnit.SECONDS);
        worker.done().get(30, TimeUnit.SECONDS);
        assertEquals(490, collect.rows.size());

        List<WorkerMessage> all = controller.drain();
        List<MetricsReport> reports = all.stream().filter(WorkerMessage::hasMetrics).map(WorkerMessage::getMetrics).toList();
        assertTrue(!reports.isEmpty(), "at least the final report: " + all);
        MetricsReport last = reports.get(reports.size() - 1);
        SubtaskMetrics source = last.getSubtasksList().stream().filter(m -> m.getOperatorId().equals("source_1"))
                .findFirst().orElseThrow();
        assertEquals(490, source.getRecordsOut());
        assertEquals(10, source.getBadRecordsDropped());
        SubtaskMetrics sink = last.getSubtasksList().stream().filter(m -> m.getOperatorId().equals("sink_2"))
                .findFirst().orElseThrow();
        assertEquals(490, sink.getRecordsIn(), "chained: the sink sees what the source emitted");

        List<WorkerLog> logs = all.stream().filter(WorkerMessage::hasLog).map(WorkerMessage::getLog).toList();
        assertEquals(10, logs.stream().mapToLong(WorkerLog::getDroppedRecords).sum(), logs.toString());
        WorkerLog lastLog = logs.get(logs.size() - 1);
        assertEquals("source_1", lastLog.getOperatorId());
        assertTrue(lastLog.getMessage().endsWith("last: range subtask 0: number 450 is bad"), lastLog.getMessage());

        String group = "/metrics/job/wadi_worker/job_id/job_1/worker_id/wkr_test";
        assertTrue(pushes.size() >= 2, pushes.toString());
        Request put = pushes.get(pushes.size() - 2);
        assertEquals("PUT", put.method());
        assertEquals(group, put.path());
        assertTrue(put.body().contains("wadi_operator_records_sent_total{job_id=\"job_1\",operator_id=\"source_1\",subtask=\"0\"} 490\n"),
                put.body());
        assertEquals(new Request("DELETE", group, ""), pushes.get(pushes.size() - 1), "the group goes when the worker ends");
    }
}
