package org.wadi.connector.sse.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.wadi.connector.sse.internal.SseTesting.options;
import static org.wadi.connector.sse.internal.SseTesting.table;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.connector.ConnectorTable;
import org.wadi.spi.connector.Options;
import org.wadi.spi.connector.TableRequest;
import org.wadi.spi.connector.TestResult;

/** Table options and connection tests: bad options name the key and the valid choices. */
class SseConnectorTest {

    @Test
    void resolvesATable() throws Exception {
        ConnectorTable t = table(options("http://127.0.0.1:9/events", "events", "b, a,,", "bad_data", "drop"));
        assertEquals("a,b", t.option("events"));
        assertEquals("drop", t.option("bad_data"));
        assertEquals("json", t.option("format"));
    }

    @Test
    void badOptionsAreNamed() {
        assertEquals("Unsupported options found for connector 'sse'. Unsupported: event. Supported: bad_data, endpoint, "
                + "events, format, headers, json.confluent_schema_registry, json.decimal_encoding, json.include_schema, json.timestamp_format, json.unstructured",
                assertThrows(ConnectorException.class, () -> table(options("http://localhost/e", "event", "x")))
                        .getMessage());
        Map<String, String> noEndpoint = options("x");
        noEndpoint.remove("endpoint");
        assertEquals("Missing required option 'endpoint' for connector 'sse'",
                assertThrows(ConnectorException.class, () -> table(noEndpoint)).getMessage());
        assertEquals("Invalid value 'localhost/e' for option 'endpoint' of connector 'sse': expected an absolute URL "
                + "starting with http://, https://",
                assertThrows(ConnectorException.class, () -> table(options("localhost/e"))).getMessage());
        assertEquals("Header 'Last-Event-ID' in option 'headers' of connector 'sse' cannot be set: the client sets it "
                + "itself", assertThrows(ConnectorException.class, () -> table(options("http://localhost/e",
                        "headers", "Last-Event-ID: 3"))).getMessage());
        assertEquals("Invalid value 'skip' for option 'bad_data' of connector 'sse': expected one of drop, fail",
                assertThrows(ConnectorException.class, () -> table(options("http://localhost/e", "bad_data", "skip")))
                        .getMessage());
        assertEquals("sse table 't': connector 'sse' has no metadata keys (METADATA FROM 'id')",
                assertThrows(ConnectorException.class, () -> new SseConnector().table(new TableRequest("t",
                        SseTesting.SCHEMA, new Options("sse", options("http://localhost/e")), null, List.of(),
                        Map.of("name", "id")))).getMessage());
    }

    @Test
    void connectionTest() throws Exception {
        try (SseTestServer server = new SseTestServer((n, s) -> {
            s.send(": hello\n\n");
            s.hold();
        })) {
            TestResult ok = new SseConnector().test(Map.of(), Map.of("endpoint", server.url()));
            assertTrue(ok.ok(), ok.message());
        }
        try (SseTestServer server = new SseTestServer((n, s) -> s.status(500, "text/plain"))) {
            TestResult bad = new SseConnector().test(Map.of(), Map.of("endpoint", server.url()));
            assertFalse(bad.ok());
            assertTrue(bad.message().contains("answered 500"), bad.message());
        }
    }
}
