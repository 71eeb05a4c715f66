package org.wadi.connector.sse.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.wadi.connector.sse.internal.SseTesting.event;
import static org.wadi.connector.sse.internal.SseTesting.open;
import static org.wadi.connector.sse.internal.SseTesting.options;
import static org.wadi.connector.sse.internal.SseTesting.pollUntil;
import static org.wadi.connector.sse.internal.SseTesting.table;

import java.io.BufferedReader;
import java.io.StringReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.wadi.formats.testing.ConnectorHarness;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.connector.Source;
import org.wadi.spi.connector.SourceStatus;

/**
 * The source against event-stream servers the test starts: rows from events' data, the event-type
 * filter, headers sent, reconnection with Last-Event-ID, resuming from a checkpoint, bad data, and
 * servers that are down or answer wrongly.
 */
class SseSourceTest {

    @Test
    void emitsTheEventsOfTheTypesAskedForWithTheHeaders() throws Exception {
        try (SseTestServer server = new SseTestServer((n, s) -> {
            s.send(": a comment\n\n" + event("update", "1", 1) + event("ping", "2", 2) + event(null, "3", 3)
                    + "retry: 500\n\n" + event("update", null, 4));
            s.hold();
        })) {
            Source source = open(table(options(server.url(), "events", "update, message", "headers",
                    "Authorization: Bearer {{ HOME }},X-Team: data")), 0, null);
            List<Object[]> rows = pollUntil(source, 3, 10_000);
            assertEquals(List.of(1L, 3L, 4L), rows.stream().map(r -> r[0]).toList());
            assertEquals("n3", rows.get(1)[1]);
            assertTrue(rows.get(0)[2] instanceof Long, "event time");
            assertEquals("Bearer " + System.getenv("HOME"), server.requests.get(0).getFirst("Authorization"));
            assertEquals("data", server.requests.get(0).getFirst("X-Team"));
            assertEquals("text/event-stream", server.requests.get(0).getFirst("Accept"));
            assertArrayEquals("3".getBytes(StandardCharsets.UTF_8), source.snapshot(1),
                    "the last id persists over an event without one");
            source.close();
        }
    }

    @Test
    void reconnectsWithTheLastEventId() throws Exception {
        try (SseTestServer server = new SseTestServer((n, s) -> {
            if (n == 0) {
                s.send("retry: 20\n\n" + event(null, "a1", 1) + event(null, "a2", 2));
                return; // the server ends the stream
            }
            s.send(event(null, "b" + n, 2 + n));
            s.hold();
        })) {
            Source source = open(table(options(server.url())), 0, null);
            List<Object[]> rows = pollUntil(source, 3, 10_000);
            assertEquals(List.of(1L, 2L, 3L), rows.stream().map(r -> r[0]).toList());
            assertNull(server.requests.get(0).getFirst("Last-Event-ID"));
            assertEquals("a2", server.requests.get(1).getFirst("Last-Event-ID"));
            assertArrayEquals("b1".getBytes(StandardCharsets.UTF_8), source.snapshot(1));
            source.close();
        }
    }

    @Test
    void aRestoredSourceResumesAfterItsLastEventId() throws Exception {
        try (SseTestServer server = new SseTestServer((n, s) -> {
            s.send(event(null, "8", 8));
            s.hold();
        })) {
            Source source = open(table(options(server.url())), 0, "7".getBytes(StandardCharsets.UTF_8));
            pollUntil(source, 1, 10_000);
            assertEquals("7", server.requests.get(0).getFirst("Last-Event-ID"));
            source.close();
        }
    }

    @Test
    void givesUpAfterFailedReconnections() throws Exception {
        try (SseTestServer server = new SseTestServer((n, s) -> {
            if (n == 0) {
                s.send("retry: 5\n\n" + event(null, "1", 1));
            } else {
                s.status(503, "text/plain");
            }
        })) {
            Source source = open(table(options(server.url())), 0, null);
            ConnectorException e = assertTimeoutPreemptively(Duration.ofSeconds(20), () ->
                    assertThrows(ConnectorException.class, () -> {
                        ConnectorHarness.ListCollector out = new ConnectorHarness.ListCollector();
                        while (true) {
                            source.poll(out);
                        }
                    }));
            assertEquals("sse table 'events' reading " + server.url() + ": gave up after 5 failed connections in a "
                    + "row; the last: the server answered 503 (expected 200)", e.getMessage());
            source.close();
        }
    }

    @Test
    void badDataFailsOrIsDropped() throws Exception {
        try (SseTestServer server = new SseTestServer((n, s) -> {
            s.send("id: 1\ndata: not json\n\n" + event(null, "2", 2));
            s.hold();
        })) {
            Source failing = open(table(options(server.url())), 0, null);
            ConnectorException e = assertThrows(ConnectorException.class, () -> pollUntil(failing, 1, 10_000));
            assertTrue(e.getMessage().startsWith("sse table 'events', event 'message' id '1': "), e.getMessage());
            assertTrue(e.getMessage().endsWith("(set bad_data = 'drop' to skip such messages)"), e.getMessage());
            failing.close();
            Source dropping = open(table(options(server.url(), "bad_data", "drop")), 0, null);
            assertEquals(2L, pollUntil(dropping, 1, 10_000).get(0)[0]);
            dropping.close();
        }
    }

    @Test
    void aServerThatIsDownOrAnswersWronglyFailsOpenAtOnce() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String down = "http://127.0.0.1:" + port + "/events";
        ConnectorException e = assertTimeoutPreemptively(Duration.ofSeconds(15),
                () -> assertThrows(ConnectorException.class, () -> open(table(options(down)), 0, null)));
        assertTrue(e.getMessage().startsWith("sse table 'events' reading " + down + ": could not connect"),
                e.getMessage());
        try (SseTestServer server = new SseTestServer((n, s) -> s.status(404, "text/plain"))) {
            assertEquals("sse table 'events' reading " + server.url() + ": the server answered 404 (expected 200)",
                    assertThrows(ConnectorException.class, () -> open(table(options(server.url())), 0, null))
                            .getMessage());
        }
        try (SseTestServer server = new SseTestServer((n, s) -> {
            s.status(200, "application/json");
            s.send("{}");
        })) {
            assertEquals("sse table 'events' reading " + server.url() + ": the server answered with Content-Type "
                    + "'application/json', not text/event-stream",
                    assertThrows(ConnectorException.class, () -> open(table(options(server.url())), 0, null))
                            .getMessage());
        }
    }

    @Test
    void aStreamQuietForLongerThanTheConnectTimeoutStaysOpen() throws Exception {
        try (SseTestServer server = new SseTestServer((n, s) -> {
            s.send(event(null, "1", 1));
            Thread.sleep(SseSource.CONNECT_TIMEOUT.toMillis() + 1_000);
            s.send(event(null, "2", 2));
            s.hold();
        })) {
            Source source = open(table(options(server.url())), 0, null);
            List<Object[]> rows = pollUntil(source, 2, 15_000);
            assertEquals(List.of(1L, 2L), rows.stream().map(r -> r[0]).toList());
            assertEquals(1, server.requests.size(), "no reconnection");
            source.close();
        }
    }

    @Test
    void onlyTheFirstSubtaskReads() throws Exception {
        Source second = open(table(options("http://127.0.0.1:9/never")), 1, null);
        assertEquals(SourceStatus.IDLE, second.poll(new ConnectorHarness.ListCollector()));
        second.close();
    }

    @Test
    void parsesTheEventStreamFormat() throws Exception {
        SseParser p = new SseParser(new BufferedReader(new StringReader(
                "\uFEFFdata:a\r\ndata: b\r\n\r\nevent: x\nid\n: c\nfield\ndata\n\nid: 5\n\ndata: c\rretry: 7\r\r")),
                "0");
        assertEquals(new SseParser.Event("message", "0", "a\nb"), p.next());
        assertEquals(new SseParser.Event("x", "", ""), p.next());
        assertEquals(new SseParser.Event("message", "5", "c"), p.next());
        assertEquals(7, p.retryMillis());
        assertNull(p.next());
    }
}
