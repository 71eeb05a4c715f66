package org.wadi.worker.internal.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against a small HTTP server standing in for a Pushgateway, which records what it is sent. */
class PushgatewayTest {

    record Request(String method, String path, String contentType, String body) {
    }

    HttpServer server;
    final List<Request> requests = new CopyOnWriteArrayList<>();
    volatile int status = 200;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                    exchange.getRequestHeaders().getFirst("Content-Type"), new String(body, StandardCharsets.UTF_8)));
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    @Test
    void putsTheTextFormatIntoTheWorkersGroupAndDeletesItAtTheEnd() throws Exception {
        Pushgateway p = new Pushgateway(url(), "job_1", "wkr a");
        p.push("wadi_operator_records_sent_total{job_id=\"job_1\",operator_id=\"s\",subtask=\"0\"} 3\n");
        p.delete();
        assertEquals(2, requests.size());
        Request put = requests.get(0);
        assertEquals("PUT", put.method());
        assertEquals("/metrics/job/wadi_worker/job_id/job_1/worker_id/wkr%20a", put.path());
        assertTrue(put.contentType().startsWith("text/plain; version=0.0.4"), put.contentType());
        assertTrue(put.body().contains("wadi_operator_records_sent_total{"), put.body());
        assertEquals("DELETE", requests.get(1).method());
        assertEquals(put.path(), requests.get(1).path());
    }

    @Test
    void anAsynchronousPushArrivesAndReportsARefusal() throws Exception {
        Pushgateway p = new Pushgateway(url(), "job_2", "wkr_2");
        List<String> failures = new CopyOnWriteArrayList<>();
        assertTrue(p.pushAsync("y 2\n", failures::add));
        awaitRequests(1);
        assertEquals("y 2\n", requests.get(0).body());
        status = 500;
        long deadline = System.nanoTime() + 30_000_000_000L;
        // the first push may still be completing: try until the second one is sent
        while (!p.pushAsync("y 3\n", failures::add)) {
            assertTrue(System.nanoTime() < deadline, "the first push never completed");
            java.util.concurrent.locks.LockSupport.parkNanos(5_000_000L);
        }
        while (failures.isEmpty()) {
            assertTrue(System.nanoTime() < deadline, "the refusal was never reported");
            java.util.concurrent.locks.LockSupport.parkNanos(5_000_000L);
        }
        assertTrue(failures.get(0).contains("HTTP 500"), failures.toString());
    }

    private void awaitRequests(int n) {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (requests.size() < n) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for " + n + " requests: " + requests);
            java.util.concurrent.locks.LockSupport.parkNanos(5_000_000L);
        }
    }

    @Test
    void aRefusedPushSaysWhatAndWhere() {
        status = 400;
        Pushgateway p = new Pushgateway(url(), "job_1", "wkr_1");
        IOException e = assertThrows(IOException.class, () -> p.push("x 1\n"));
        assertTrue(e.getMessage().contains("HTTP 400") && e.getMessage().contains("/metrics/job/wadi_worker/job_id/job_1"),
                e.getMessage());
    }

    @Test
    void aUrlThatIsNotHttpIsRefusedClearly() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Pushgateway("localhost:9091", "j", "w"));
        assertTrue(e.getMessage().contains("'localhost:9091'"), e.getMessage());
    }
}
