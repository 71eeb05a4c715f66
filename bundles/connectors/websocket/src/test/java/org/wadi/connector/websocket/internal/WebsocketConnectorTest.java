package org.wadi.connector.websocket.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.wadi.connector.websocket.internal.WebsocketTesting.options;
import static org.wadi.connector.websocket.internal.WebsocketTesting.table;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.connector.ConnectorTable;
import org.wadi.spi.connector.TestResult;

/** Table options and connection tests: bad options name the key and the valid choices. */
class WebsocketConnectorTest {

    @Test
    void resolvesATableWithItsSubscriptionMessagesInOrder() throws Exception {
        ConnectorTable t = table(options("wss://example.com/ws", "subscription_message", "only"));
        assertEquals("only", t.option("subscription_messages.0"));
        assertEquals(WebsocketConfig.of(t.options()).subscriptionMessages(), java.util.List.of("only"));
        assertEquals("fail", t.option("bad_data"));
    }

    @Test
    void badOptionsAreNamed() {
        assertEquals("Options 'subscription_message' and 'subscription_messages.0' of connector 'websocket' exclude each "
                + "other: give the messages as subscription_messages.0, subscription_messages.1, …",
                assertThrows(ConnectorException.class, () -> table(options("ws://localhost/ws", "subscription_message",
                        "a", "subscription_messages.0", "b"))).getMessage());
        assertEquals("Unsupported options found for connector 'websocket'. Unsupported: subscription_messages.2. "
                + "Supported: bad_data, endpoint, format, headers, json.confluent_schema_registry, json.decimal_encoding, json.include_schema, json.timestamp_format, json.unstructured, "
                + "subscription_message, subscription_messages.0, subscription_messages.1",
                assertThrows(ConnectorException.class, () -> table(options("ws://localhost/ws",
                        "subscription_messages.0", "a", "subscription_messages.2", "c"))).getMessage());
        assertEquals("Invalid value 'http://localhost/ws' for option 'endpoint' of connector 'websocket': expected an "
                + "absolute URL starting with ws://, wss://",
                assertThrows(ConnectorException.class, () -> table(options("http://localhost/ws"))).getMessage());
        assertEquals("Header 'Sec-WebSocket-Key' in option 'headers' of connector 'websocket' cannot be set: the "
                + "client sets it itself", assertThrows(ConnectorException.class, () -> table(options(
                        "ws://localhost/ws", "headers", "Sec-WebSocket-Key: abc"))).getMessage());
        assertEquals("Invalid value for option 'subscription_message' of connector 'websocket': longer than 2048 "
                + "characters", assertThrows(ConnectorException.class, () -> table(options("ws://localhost/ws",
                        "subscription_message", "x".repeat(2049)))).getMessage());
    }

    @Test
    void connectionTest() throws Exception {
        try (WsTestServer server = new WsTestServer((n, c) -> c.hold())) {
            TestResult ok = new WebsocketConnector().test(Map.of(), Map.of("endpoint", server.url()));
            assertTrue(ok.ok(), ok.message());
            server.refuseWith = 404;
            TestResult refused = new WebsocketConnector().test(Map.of(), Map.of("endpoint", server.url()));
            assertFalse(refused.ok());
            assertTrue(refused.message().endsWith("answering 404"), refused.message());
        }
    }
}
