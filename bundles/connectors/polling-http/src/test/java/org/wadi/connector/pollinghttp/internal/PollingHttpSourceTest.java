package org.wadi.connector.pollinghttp.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.wadi.connector.pollinghttp.internal.PollingTesting.open;
import static org.wadi.connector.pollinghttp.internal.PollingTesting.options;
import static org.wadi.connector.pollinghttp.internal.PollingTesting.pollUntil;
import static org.wadi.connector.pollinghttp.internal.PollingTesting.table;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.wadi.connector.pollinghttp.internal.PollTestServer.Answer;
import org.wadi.formats.testing.ConnectorHarness;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.connector.Source;
import org.wadi.spi.connector.SourceStatus;

/**
 * The source against HTTP servers the test starts: the method, body and headers of each request,
 * every answer emitted or only changed ones, the last answer checkpointed, failed polls tolerated
 * and then failing the source clearly, bad data.
 */
class PollingHttpSourceTest {

    private static final String A = "{\"id\": 1, \"name\": \"a\"}";
    private static final String B = "{\"id\": 2, \"name\": \"b\"}";

    @Test
    void pollsWithTheMethodBodyAndHeaders() throws Exception {
        try (PollTestServer server = new PollTestServer()) {
            Source source = open(table(options(server.url(), "method", "post", "body", "{\"q\": 1}", "headers",
                    "Content-Type: application/json,X-Key: {{ HOME }}", "poll_interval_ms", "20")), 0, null);
            ConnectorHarness.ListCollector out = new ConnectorHarness.ListCollector();
            List<Object[]> rows = pollUntil(source, () -> out.rows.size() >= 3, out, 10_000);
            assertEquals(List.of(0L, 1L, 2L), rows.subList(0, 3).stream().map(r -> r[0]).toList());
            PollTestServer.Received r = server.requests.get(0);
            assertEquals("POST", r.method());
            assertEquals("{\"q\": 1}", r.body());
            assertEquals("application/json", r.headers().getFirst("Content-Type"));
            assertEquals(System.getenv("HOME"), r.headers().getFirst("X-Key"));
            source.close();
        }
    }

    @Test
    void waitsTheIntervalBetweenPolls() throws Exception {
        try (PollTestServer server = new PollTestServer()) {
            Source source = open(table(options(server.url(), "poll_interval_ms", "300")), 0, null);
            ConnectorHarness.ListCollector out = new ConnectorHarness.ListCollector();
            long t0 = System.nanoTime();
            pollUntil(source, () -> out.rows.size() >= 3, out, 10_000);
            long millis = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(millis >= 600, "three polls 300 ms apart took only " + millis + " ms");
            source.close();
        }
    }

    @Test
    void emitsOnlyChangedAnswersAndCheckpointsTheLast() throws Exception {
        try (PollTestServer server = new PollTestServer()) {
            server.answer = n -> Answer.ok(n < 4 ? A : B);
            Source source = open(table(options(server.url(), "poll_interval_ms", "10", "emit_behavior", "changed")), 0,
                    null);
            ConnectorHarness.ListCollector out = new ConnectorHarness.ListCollector();
            List<Object[]> rows = pollUntil(source, () -> out.rows.size() >= 2 && server.requests.size() >= 8, out,
                    10_000);
            assertEquals(List.of(1L, 2L), rows.stream().map(r -> r[0]).toList());
            assertArrayEquals(B.getBytes(StandardCharsets.UTF_8), source.snapshot(1));
            source.close();

            // restored with B as its last answer, it emits nothing until the answer changes again
            server.answer = n -> Answer.ok(n < 12 ? B : A);
            Source restored = open(table(options(server.url(), "poll_interval_ms", "10", "emit_behavior", "changed")),
                    0, B.getBytes(StandardCharsets.UTF_8));
            ConnectorHarness.ListCollector again = new ConnectorHarness.ListCollector();
            List<Object[]> after = pollUntil(restored, () -> again.rows.size() >= 1, again, 10_000);
            assertEquals(1L, after.get(0)[0]);
            assertTrue(server.requests.size() >= 13);
            restored.close();
        }
    }

    @Test
    void emitsEveryAnswerByDefault() throws Exception {
        try (PollTestServer server = new PollTestServer()) {
            server.answer = n -> Answer.ok(n < 4 ? A : B);
            Source source = open(table(options(server.url(), "poll_interval_ms", "10")), 0, null);
            ConnectorHarness.ListCollector out = new ConnectorHarness.ListCollector();
            List<Object[]> rows = pollUntil(source, () -> out.rows.size() >= 5, out, 10_000);
            assertEquals(List.of(1L, 1L, 1L, 1L, 2L), rows.subList(0, 5).stream().map(r -> r[0]).toList());
            source.close();
        }
    }

    @Test
    void toleratesAFailedPollThenFailsAfterTooMany() throws Exception {
        try (PollTestServer server = new PollTestServer()) {
            server.answer = n -> n == 1 ? new Answer(503, "busy") : n < 3 ? Answer.ok(A) : new Answer(500, "broken");
            Source source = open(table(options(server.url(), "poll_interval_ms", "10")), 0, null);
            ConnectorHarness.ListCollector out = new ConnectorHarness.ListCollector();
            ConnectorException e = assertTimeoutPreemptively(Duration.ofSeconds(20), () ->
                    assertThrows(ConnectorException.class, () -> pollUntil(source, () -> false, out, 15_000)));
            assertEquals(2, out.rows.size(), "the polls before and after the first failure");
            assertEquals("polling_http table 'status': GET " + server.url() + ": 5 polls failed in a row; the last: the "
                    + "server answered 500: broken", e.getMessage());
            source.close();
        }
    }

    @Test
    void aServerThatIsDownFailsTheSourceWithoutHanging() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port + "/poll";
        Source source = open(table(options(url, "poll_interval_ms", "10")), 0, null);
        ConnectorHarness.ListCollector out = new ConnectorHarness.ListCollector();
        ConnectorException e = assertTimeoutPreemptively(Duration.ofSeconds(30), () ->
                assertThrows(ConnectorException.class, () -> pollUntil(source, () -> false, out, 25_000)));
        assertTrue(e.getMessage().startsWith("polling_http table 'status': GET " + url + ": 5 polls failed in a row; "
                + "the last: could not connect"), e.getMessage());
        source.close();
    }

    @Test
    void badDataFailsOrIsDropped() throws Exception {
        try (PollTestServer server = new PollTestServer()) {
            server.answer = n -> Answer.ok(n % 2 == 0 ? "oops" : B);
            Source failing = open(table(options(server.url(), "poll_interval_ms", "10")), 0, null);
            ConnectorHarness.ListCollector out = new ConnectorHarness.ListCollector();
            ConnectorException e = assertThrows(ConnectorException.class,
                    () -> pollUntil(failing, () -> false, out, 10_000));
            assertTrue(e.getMessage().startsWith("polling_http table 'status', poll 1: "), e.getMessage());
            failing.close();
            Source dropping = open(table(options(server.url(), "poll_interval_ms", "10", "bad_data", "drop")), 0, null);
            ConnectorHarness.ListCollector kept = new ConnectorHarness.ListCollector();
            assertEquals(2L, pollUntil(dropping, () -> !kept.rows.isEmpty(), kept, 10_000).get(0)[0]);
            dropping.close();
        }
    }

    @Test
    void onlyTheFirstSubtaskPolls() throws Exception {
        Source second = open(table(options("http://127.0.0.1:9/never")), 1, null);
        assertEquals(SourceStatus.IDLE, second.poll(new ConnectorHarness.ListCollector()));
        second.close();
    }
}
