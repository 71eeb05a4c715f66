package org.wadi.connector.websocket.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.wadi.connector.websocket.internal.WebsocketTesting.open;
import static org.wadi.connector.websocket.internal.WebsocketTesting.options;
import static org.wadi.connector.websocket.internal.WebsocketTesting.pollUntil;
import static org.wadi.connector.websocket.internal.WebsocketTesting.row;
import static org.wadi.connector.websocket.internal.WebsocketTesting.table;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.wadi.formats.testing.ConnectorHarness;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.connector.Source;
import org.wadi.spi.connector.SourceStatus;

/**
 * The source against a WebSocket server the test starts: headers on the handshake, subscription
 * messages sent in order once connected, text, fragmented and binary messages read as rows, pings
 * answered, and a close from the server, a refused handshake or a server that is down failing
 * clearly.
 */
class WebsocketSourceTest {

    @Test
    void subscribesInOrderThenReadsEveryMessage() throws Exception {
        List<String> subscriptions = new CopyOnWriteArrayList<>();
        List<Integer> pongs = new CopyOnWriteArrayList<>();
        try (WsTestServer server = new WsTestServer((n, c) -> {
            subscriptions.add(c.read().text());
            subscriptions.add(c.read().text());
            c.text(row(1));
            byte[] two = row(2).getBytes(StandardCharsets.UTF_8);
            c.send(false, WsTestServer.TEXT, java.util.Arrays.copyOfRange(two, 0, 5));
            c.send(true, 0x0, java.util.Arrays.copyOfRange(two, 5, two.length));
            c.send(true, WsTestServer.BINARY, row(3).getBytes(StandardCharsets.UTF_8));
            c.send(true, WsTestServer.PING, "hi".getBytes(StandardCharsets.UTF_8));
            WsTestServer.Frame pong = c.read();
            pongs.add(pong.opcode());
            c.hold();
        })) {
            Source source = open(table(options(server.url(), "headers", "X-Token: {{ HOME }}",
                    "subscription_messages.0", "{\"subscribe\": \"a\"}", "subscription_messages.1",
                    "{\"subscribe\": \"b\"}")), 0);
            List<Object[]> rows = pollUntil(source, 3, 10_000);
            assertEquals(List.of(1L, 2L, 3L), rows.stream().map(r -> r[0]).toList());
            assertEquals("n2", rows.get(1)[1]);
            assertEquals(List.of("{\"subscribe\": \"a\"}", "{\"subscribe\": \"b\"}"), subscriptions);
            assertEquals(System.getenv("HOME"), server.requests.get(0).get("x-token"));
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (pongs.isEmpty() && System.nanoTime() < deadline) {
                source.poll(new ConnectorHarness.ListCollector());
            }
            assertEquals(List.of(WsTestServer.PONG), pongs, "a ping is answered");
            assertNull(source.snapshot(1), "a socket keeps no position");
            source.close();
        }
    }

    @Test
    void theSingleSubscriptionMessageIsSentToo() throws Exception {
        List<String> subscriptions = new CopyOnWriteArrayList<>();
        try (WsTestServer server = new WsTestServer((n, c) -> {
            subscriptions.add(c.read().text());
            c.text(row(7));
            c.hold();
        })) {
            Source source = open(table(options(server.url(), "subscription_message", "hello")), 0);
            assertEquals(7L, pollUntil(source, 1, 10_000).get(0)[0]);
            assertEquals(List.of("hello"), subscriptions);
            source.close();
        }
    }

    @Test
    void aCloseFromTheServerFailsTheSourceAfterItsMessages() throws Exception {
        try (WsTestServer server = new WsTestServer((n, c) -> {
            c.text(row(1));
            c.close(1001, "going away");
            c.hold();
        })) {
            Source source = open(table(options(server.url())), 0);
            ConnectorHarness.ListCollector out = new ConnectorHarness.ListCollector();
            ConnectorException e = assertTimeoutPreemptively(Duration.ofSeconds(10), () ->
                    assertThrows(ConnectorException.class, () -> {
                        while (true) {
                            source.poll(out);
                        }
                    }));
            assertEquals(1, out.rows.size());
            assertEquals("websocket table 'feed' at " + server.url() + ": the server closed the connection (close code "
                    + "1001: going away)", e.getMessage());
            source.close();
        }
    }

    @Test
    void badDataFailsOrIsDropped() throws Exception {
        try (WsTestServer server = new WsTestServer((n, c) -> {
            c.text("[1, 2]");
            c.text(row(2));
            c.hold();
        })) {
            Source failing = open(table(options(server.url())), 0);
            ConnectorException e = assertThrows(ConnectorException.class, () -> pollUntil(failing, 1, 10_000));
            assertTrue(e.getMessage().startsWith("websocket table 'feed', message 1: "), e.getMessage());
            failing.close();
            Source dropping = open(table(options(server.url(), "bad_data", "drop")), 0);
            assertEquals(2L, pollUntil(dropping, 1, 10_000).get(0)[0]);
            dropping.close();
        }
    }

    @Test
    void aServerThatIsDownOrRefusesFailsOpenAtOnce() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String down = "ws://127.0.0.1:" + port + "/ws";
        ConnectorException e = assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> assertThrows(ConnectorException.class, () -> open(table(options(down)), 0)));
        assertTrue(e.getMessage().startsWith("websocket table 'feed' at " + down + ": could not connect"),
                e.getMessage());
        try (WsTestServer server = new WsTestServer((n, c) -> c.hold())) {
            server.refuseWith = 403;
            assertEquals("websocket table 'feed' at " + server.url() + ": the server refused the WebSocket handshake, "
                    + "answering 403", assertThrows(ConnectorException.class,
                            () -> open(table(options(server.url())), 0)).getMessage());
        }
    }

    @Test
    void onlyTheFirstSubtaskConnects() throws Exception {
        Source second = open(table(options("ws://127.0.0.1:9/never")), 1);
        assertEquals(SourceStatus.IDLE, second.poll(new ConnectorHarness.ListCollector()));
        second.close();
    }
}
