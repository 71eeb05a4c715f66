package org.wadi.connector.pollinghttp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.wadi.connector.pollinghttp.internal.PollingTesting.options;
import static org.wadi.connector.pollinghttp.internal.PollingTesting.table;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.connector.ConnectorTable;
import org.wadi.spi.connector.TestResult;

/** Table options and connection tests: bad options name the key and the valid choices. */
class PollingHttpConnectorTest {

    @Test
    void resolvesATableWithArroyosDefaults() throws Exception {
        ConnectorTable t = table(options("https://example.com/status"));
        assertEquals("GET", t.option("method"));
        assertEquals("1000", t.option("poll_interval_ms"));
        assertEquals("all", t.option("emit_behavior"));
        assertEquals("fail", t.option("bad_data"));
    }

    @Test
    void badOptionsAreNamed() {
        assertEquals("Invalid value 'DELETE' for option 'method' of connector 'polling_http': expected one of GET, POST, "
                + "PUT, PATCH", assertThrows(ConnectorException.class,
                        () -> table(options("http://localhost/p", "method", "DELETE"))).getMessage());
        assertEquals("Invalid value '0' for option 'poll_interval_ms' of connector 'polling_http': expected a positive "
                + "whole number of milliseconds", assertThrows(ConnectorException.class,
                        () -> table(options("http://localhost/p", "poll_interval_ms", "0"))).getMessage());
        assertEquals("Invalid value '1s' for option 'poll_interval_ms' of connector 'polling_http': expected a whole "
                + "number", assertThrows(ConnectorException.class,
                        () -> table(options("http://localhost/p", "poll_interval_ms", "1s"))).getMessage());
        assertEquals("Invalid value 'new' for option 'emit_behavior' of connector 'polling_http': expected one of all, "
                + "changed", assertThrows(ConnectorException.class,
                        () -> table(options("http://localhost/p", "emit_behavior", "new"))).getMessage());
        assertEquals("Unsupported options found for connector 'polling_http'. Unsupported: interval. Supported: "
                + "bad_data, body, emit_behavior, endpoint, format, headers, json.confluent_schema_registry, "
                + "json.decimal_encoding, json.include_schema, json.timestamp_format, json.unstructured, method, "
                + "poll_interval_ms", assertThrows(ConnectorException.class,
                        () -> table(options("http://localhost/p", "interval", "5"))).getMessage());
    }

    @Test
    void connectionTest() throws Exception {
        try (PollTestServer server = new PollTestServer()) {
            TestResult ok = new PollingHttpConnector().test(Map.of(), Map.of("endpoint", server.url()));
            assertTrue(ok.ok(), ok.message());
            server.answer = n -> new PollTestServer.Answer(404, "");
            TestResult missing = new PollingHttpConnector().test(Map.of(), Map.of("endpoint", server.url()));
            assertFalse(missing.ok());
            assertEquals("GET " + server.url() + " answered 404", missing.message());
        }
    }
}
