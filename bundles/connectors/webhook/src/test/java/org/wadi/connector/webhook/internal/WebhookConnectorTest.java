package org.wadi.connector.webhook.internal;

import org.wadi.formats.HttpOptions;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.wadi.connector.webhook.internal.WebhookTesting.options;
import static org.wadi.connector.webhook.internal.WebhookTesting.table;

import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.connector.ConnectorTable;
import org.wadi.spi.connector.Options;
import org.wadi.spi.connector.TableRequest;
import org.wadi.spi.connector.TableRole;
import org.wadi.spi.connector.TestResult;
import org.wadi.spi.types.Schema;

/** Table options and connection tests: bad options name the key and the valid choices. */
class WebhookConnectorTest {

    @Test
    void resolvesATableKeepingVariableReferences() throws Exception {
        ConnectorTable t = table(options("http://127.0.0.1:9/hook?token={{ PATH }}", "headers", "X-Path: {{PATH}}"));
        assertEquals(java.util.Set.of(TableRole.SINK), t.roles());
        assertEquals("http://127.0.0.1:9/hook?token={{ PATH }}", t.option("endpoint"), "secrets stay out of the plan");
        assertEquals("X-Path: {{PATH}}", t.option("headers"));
        assertEquals("json", t.option("format"));
    }

    @Test
    void missingOptionsAreNamed() {
        Map<String, String> noEndpoint = options("x");
        noEndpoint.remove("endpoint");
        assertEquals("Missing required option 'endpoint' for connector 'webhook'",
                assertThrows(ConnectorException.class, () -> table(noEndpoint)).getMessage());
        Map<String, String> noFormat = options("http://localhost/x");
        noFormat.remove("format");
        assertEquals("Missing required option 'format' for connector 'webhook'",
                assertThrows(ConnectorException.class, () -> table(noFormat)).getMessage());
    }

    @Test
    void unknownOptionsListTheSupportedKeys() {
        ConnectorException e = assertThrows(ConnectorException.class,
                () -> table(options("http://localhost/x", "retries", "3")));
        assertEquals("Unsupported options found for connector 'webhook'. Unsupported: retries. Supported: endpoint, "
                + "format, headers, json.confluent_schema_registry, json.decimal_encoding, json.include_schema, json.timestamp_format, json.unstructured", e.getMessage());
    }

    @Test
    void badValuesAreNamed() {
        assertEquals("Invalid value 'ftp://localhost/x' for option 'endpoint' of connector 'webhook': expected an "
                + "absolute URL starting with http://, https://",
                assertThrows(ConnectorException.class, () -> table(options("ftp://localhost/x"))).getMessage());
        assertEquals("Invalid header 'Authorization Bearer abc' in option 'headers' of connector 'webhook': expected "
                + "comma-separated 'Name: value' pairs, e.g. 'Authorization: Bearer abc,X-Team: data'",
                assertThrows(ConnectorException.class, () -> table(options("http://localhost/x", "headers",
                        "X-A: 1,Authorization Bearer abc"))).getMessage());
        assertEquals("Header 'Host' in option 'headers' of connector 'webhook' cannot be set: the client sets it itself",
                assertThrows(ConnectorException.class, () -> table(options("http://localhost/x", "headers",
                        "Host: example.com"))).getMessage());
        assertEquals("Environment variable 'WADI_SURELY_UNSET_VAR' named in option 'headers' of connector 'webhook' is "
                + "not set", assertThrows(ConnectorException.class, () -> table(options("http://localhost/x",
                        "headers", "Authorization: Bearer {{ WADI_SURELY_UNSET_VAR }}"))).getMessage());
        assertEquals("Unsupported format 'avro' for connector 'webhook'. Supported formats: json, debezium_json",
                assertThrows(ConnectorException.class, () -> table(options("http://localhost/x", "format", "avro")))
                        .getMessage());
        assertTrue(assertThrows(ConnectorException.class, () -> new WebhookConnector().table(new TableRequest("t",
                Schema.of(), new Options("webhook", options("http://localhost/x")), null))).getMessage()
                .contains("needs its columns declared"));
    }

    @Test
    void headersSplitAtTheFirstColonAndTakeVariables() throws Exception {
        List<HttpOptions.Header> headers = HttpOptions.headers("webhook",
                " Authorization: Bearer {{TOKEN}} , X-Url: http://a:1/b ,", Map.of("TOKEN", "s3:cret")::get,
                HttpOptions.CLIENT_HEADERS);
        assertEquals(List.of(new HttpOptions.Header("Authorization", "Bearer s3:cret"),
                new HttpOptions.Header("X-Url", "http://a:1/b")), headers);
    }

    @Test
    void connectionTestPostsAMessage() throws Exception {
        try (TestHttpServer server = new TestHttpServer()) {
            TestResult ok = new WebhookConnector().test(Map.of(), Map.of("endpoint", server.url()));
            assertTrue(ok.ok(), ok.message());
            assertEquals(1, server.requests.size());
            assertTrue(server.requests.get(0).body().contains("test message"));
        }
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        TestResult down = new WebhookConnector().test(Map.of(), Map.of("endpoint", "http://127.0.0.1:" + port + "/x"));
        assertFalse(down.ok());
        assertTrue(down.message().contains("http://127.0.0.1:" + port + "/x"), down.message());
    }
}
