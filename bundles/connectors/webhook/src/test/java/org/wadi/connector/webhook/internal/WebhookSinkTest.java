package org.wadi.connector.webhook.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.wadi.connector.webhook.internal.WebhookTesting.options;
import static org.wadi.connector.webhook.internal.WebhookTesting.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.wadi.formats.JsonFormat;
import org.wadi.formats.testing.ConnectorHarness;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.connector.ConnectorTable;
import org.wadi.spi.connector.Sink;
import org.wadi.spi.types.RowKind;

/**
 * The sink against HTTP servers the test starts: rows arrive as JSON bodies with the headers
 * given, checkpoints wait for every request, 5xx answers are retried with backoff, and a request
 * still failing after the limit, a 4xx answer or a server that is down fail the sink clearly.
 */
class WebhookSinkTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<Object[]> rows(int n) {
        List<Object[]> rows = new ArrayList<>();
        for (long i = 0; i < n; i++) {
            rows.add(new Object[] {i, "n" + i, 0L});
        }
        return rows;
    }

    private static Sink sink(ConnectorTable table, WebhookSink.Retry retry) throws Exception {
        return new WebhookSink(table.name(), WebhookConfig.of(table.options()), table.schema(),
                JsonFormat.fromTableOptions(table.options()), retry);
    }

    private static ConnectorHarness.SinkCtx context() {
        return new ConnectorHarness.SinkCtx(ConnectorHarness.Task.of(0, 1), null);
    }

    @Test
    void postsEveryRowWithTheHeaders() throws Exception {
        try (TestHttpServer server = new TestHttpServer()) {
            ConnectorTable t = table(options(server.url(), "headers", "Authorization: Bearer abc:def,X-Team: data"));
            ConnectorHarness.writeAll(new WebhookConnector(), t, context(), rows(200));
            assertEquals(200, server.requests.size());
            Set<Long> ids = new TreeSet<>();
            for (TestHttpServer.Received r : server.requests) {
                assertEquals("POST", r.method());
                assertEquals("Bearer abc:def", r.headers().getFirst("Authorization"));
                assertEquals("data", r.headers().getFirst("X-Team"));
                assertEquals("application/json", r.headers().getFirst("Content-Type"));
                JsonNode body = JSON.readTree(r.body());
                ids.add(body.get("id").asLong());
                assertEquals("n" + body.get("id").asLong(), body.get("name").asText());
            }
            assertEquals(200, ids.size());
            assertEquals(199L, ((TreeSet<Long>) ids).last());
        }
    }

    @Test
    void aCheckpointWaitsForEveryRequest() throws Exception {
        try (TestHttpServer server = new TestHttpServer()) {
            Sink sink = sink(table(options(server.url())), WebhookSink.Retry.DEFAULT);
            sink.open(context(), null);
            for (Object[] row : rows(120)) {
                sink.write(row);
            }
            assertEquals(null, sink.preCommit(1));
            assertEquals(120, server.requests.size(), "every row answered when the checkpoint completes");
            sink.close();
        }
    }

    @Test
    void retriesServerErrorsWithBackoff() throws Exception {
        try (TestHttpServer server = new TestHttpServer()) {
            server.answer = n -> n < 3 ? 503 : 200;
            ConnectorHarness.writeAll(new WebhookConnector(), table(options(server.url())), context(), rows(1));
            assertEquals(4, server.requests.size());
            assertEquals(1, server.bodies().stream().distinct().count(), "the same body each time");
            for (int i = 1; i < 4; i++) {
                long gapMillis = (server.requests.get(i).nanos() - server.requests.get(i - 1).nanos()) / 1_000_000;
                long backoff = WebhookSink.Retry.DEFAULT.backoffMillis(i - 1);
                assertTrue(gapMillis >= backoff, "retry " + i + " came after " + gapMillis + " ms, before its backoff "
                        + backoff + " ms");
            }
        }
    }

    @Test
    void failsClearlyAfterTheRetryLimit() throws Exception {
        try (TestHttpServer server = new TestHttpServer()) {
            server.answer = n -> 503;
            Sink sink = sink(table(options(server.url())), new WebhookSink.Retry(3, 10, 40));
            sink.open(context(), null);
            sink.write(rows(1).get(0));
            ConnectorException e = assertThrows(ConnectorException.class, sink::finish);
            assertEquals("webhook table 'hooks': POST " + server.url() + " failed after 3 retries: the server answered "
                    + "503: unavailable: try later", e.getMessage());
            assertEquals(4, server.requests.size());
            assertThrows(ConnectorException.class, () -> sink.write(rows(1).get(0)), "later rows fail too");
            sink.close();
        }
    }

    @Test
    void clientErrorsAreNotRetried() throws Exception {
        try (TestHttpServer server = new TestHttpServer()) {
            server.answer = n -> 400;
            Sink sink = sink(table(options(server.url())), WebhookSink.Retry.DEFAULT);
            sink.open(context(), null);
            sink.write(rows(1).get(0));
            ConnectorException e = assertThrows(ConnectorException.class, () -> sink.preCommit(1));
            assertTrue(e.getMessage().startsWith("webhook table 'hooks': POST " + server.url() + " failed: the server "
                    + "answered 400"), e.getMessage());
            assertTrue(e.getMessage().endsWith("(not retried: only connection errors, time-outs, 5xx, 408 and 429 "
                    + "are)"), e.getMessage());
            assertEquals(1, server.requests.size());
            sink.close();
        }
    }

    @Test
    void aServerThatIsDownFailsTheSinkWithoutHanging() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port + "/hook";
        Sink sink = sink(table(options(url)), new WebhookSink.Retry(2, 10, 20));
        sink.open(context(), null);
        sink.write(rows(1).get(0));
        ConnectorException e = assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> assertThrows(ConnectorException.class, sink::finish));
        assertTrue(e.getMessage().startsWith("webhook table 'hooks': POST " + url + " failed after 2 retries: could "
                + "not connect"), e.getMessage());
        sink.close();
    }

    @Test
    void updatingResultsAsDebeziumEvents() throws Exception {
        try (TestHttpServer server = new TestHttpServer()) {
            ConnectorTable t = table(options(server.url(), "format", "debezium_json"));
            List<Object[]> changes = List.of(new Object[] {1L, "a", RowKind.of(RowKind.INSERT), 0L},
                    new Object[] {1L, "a", RowKind.of(RowKind.DELETE), 0L});
            ConnectorHarness.writeAll(new WebhookConnector(), t,
                    new ConnectorHarness.SinkCtx(ConnectorHarness.Task.of(0, 1), null, true), changes);
            Set<String> ops = new TreeSet<>();
            for (String body : server.bodies()) {
                ops.add(JSON.readTree(body).get("op").asText());
            }
            assertEquals(Set.of("c", "d"), ops);
        }
    }

    @Test
    void plainJsonRefusesUpdatingResults() throws Exception {
        Sink sink = new WebhookConnector().createSink(table(options("http://127.0.0.1:9/x")));
        ConnectorException e = assertThrows(ConnectorException.class, () -> sink.open(
                new ConnectorHarness.SinkCtx(ConnectorHarness.Task.of(0, 1), null, true), null));
        assertEquals("webhook table 'hooks' receives updating results; write them with format = 'debezium_json'",
                e.getMessage());
    }
}
