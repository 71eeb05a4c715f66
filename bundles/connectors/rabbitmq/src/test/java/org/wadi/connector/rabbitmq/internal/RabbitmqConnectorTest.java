package org.wadi.connector.rabbitmq.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.connector.ConnectorTable;
import org.wadi.spi.connector.Options;
import org.wadi.spi.connector.TableRequest;
import org.wadi.spi.connector.TableRole;
import org.wadi.spi.connector.TestResult;

/** Options, their checks and messages, the metadata and {@code test}: no broker needed except for {@code test}. */
class RabbitmqConnectorTest {

    private static Map<String, String> opts(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    private static ConnectorTable table(String... kv) throws ConnectorException {
        return new RabbitmqConnector().table(new TableRequest("events", RabbitmqTesting.SCHEMA,
                new Options("rabbitmq", opts(kv)), null));
    }

    private static String error(String... kv) {
        return assertThrows(ConnectorException.class, () -> table(kv)).getMessage();
    }

    @Test
    void anArroyoStreamSourceResolvesWithArroyosDefaults() throws Exception {
        ConnectorTable t = table("stream", "events", "type", "source", "format", "json");
        assertEquals(Set.of(TableRole.SOURCE), t.roles());
        RabbitmqConfig c = RabbitmqConfig.of(t.options());
        assertEquals("localhost", c.host());
        assertEquals(5552, c.port());
        assertEquals(5672, c.amqpPort());
        assertEquals("guest", c.username());
        assertEquals("/", c.virtualHost());
        assertEquals("last", c.offset(), "Arroyo's default offset");
        assertTrue(c.streamSource());
        assertEquals("json", t.options().get("format"));
    }

    @Test
    void allOfArroyosOptionsAreAccepted() throws Exception {
        ConnectorTable t = table("host", "rabbit.local", "port", "5553", "username", "u", "password", "secret",
                "virtual_host", "v", "tls_config.enabled", "true", "tls_config.trust_certificates", "false",
                "tls_config.root_certificates_path", "/etc/ca.pem", "tls_config.client_certificates_path", "/c.pem",
                "tls_config.client_keys_path", "/k.pem", "load_balancer_mode", "true", "stream", "s",
                "type", "source", "source.offset", "FIRST", "format", "json");
        RabbitmqConfig c = RabbitmqConfig.of(t.options());
        assertEquals("first", c.offset());
        assertEquals(new TlsSettings(true, false, "/etc/ca.pem", "/c.pem", "/k.pem"), c.tls());
        assertTrue(c.loadBalancerMode());
        assertFalse(c.toString().contains("secret"), "the password is never shown: " + c);
    }

    @Test
    void queueSourcesAndSinksResolve() throws Exception {
        RabbitmqConfig q = RabbitmqConfig.of(table("queue", "jobs", "type", "source", "source.prefetch", "50",
                "amqp_port", "5673", "format", "json").options());
        assertFalse(q.streamSource());
        assertEquals(50, q.prefetch());
        assertEquals("localhost:5673", q.address());
        RabbitmqConfig s = RabbitmqConfig.of(table("exchange", "x", "routing_key", "k", "type", "sink",
                "format", "json").options());
        assertEquals("x", s.exchange());
        assertEquals("k", s.routingKey());
        assertEquals(Set.of(TableRole.SINK), table("routing_key", "q", "type", "sink", "format", "json").roles());
    }

    @Test
    void badOptionsAreNamed() {
        assertTrue(error("stream", "s", "format", "json").contains("Missing required option 'type'"));
        assertTrue(error("type", "source", "format", "json").contains("'stream' (a RabbitMQ stream) or 'queue'"));
        assertTrue(error("type", "source", "stream", "s", "queue", "q", "format", "json").contains("exclude each other"));
        assertTrue(error("type", "source", "stream", "s", "source.offset", "earliest", "format", "json")
                .contains("Invalid value 'earliest' for option 'source.offset' of connector 'rabbitmq': expected one of"
                        + " first, last, next"));
        assertTrue(error("type", "source", "queue", "q", "source.offset", "first", "format", "json")
                .contains("'source.offset' of connector 'rabbitmq' is for stream sources"));
        assertTrue(error("type", "source", "stream", "s", "source.prefetch", "5", "format", "json")
                .contains("'source.prefetch' of connector 'rabbitmq' is for queue sources"));
        assertTrue(error("type", "source", "queue", "q", "source.prefetch", "0", "format", "json")
                .contains("Invalid value '0' for option 'source.prefetch'"));
        assertTrue(error("type", "sink", "format", "json").contains("Missing required option 'routing_key'"));
        assertTrue(error("type", "sink", "stream", "s", "format", "json").contains("to append to a stream"));
        assertTrue(error("type", "source", "stream", "s", "port", "70000", "format", "json")
                .contains("Invalid value '70000' for option 'port' of connector 'rabbitmq': expected a port"));
        assertTrue(error("type", "source", "stream", "s", "tls_config.trust_certificates", "true", "format", "json")
                .contains("needs tls_config.enabled = 'true'"));
        assertTrue(error("type", "source", "stream", "s", "tls_config.enabled", "true",
                "tls_config.client_certificates_path", "/c.pem", "format", "json").contains("'tls_config.client_keys_path'"));
        assertTrue(error("type", "sink", "routing_key", "q", "tls_config.enabled", "true",
                "tls_config.client_certificates_path", "/c.pem", "tls_config.client_keys_path", "/k.pem",
                "format", "json").contains("stream sources only"));
        assertTrue(error("type", "source", "stream", "s", "format", "avro").contains("format"));
        String unknown = error("type", "source", "stream", "s", "format", "json", "offset", "first");
        assertTrue(unknown.contains("Unsupported options found for connector 'rabbitmq'. Unsupported: offset.")
                && unknown.contains("source.offset"), unknown);
    }

    @Test
    void theMetadataDescribesEveryOption() throws Exception {
        RabbitmqConnector c = new RabbitmqConnector();
        assertEquals("rabbitmq", c.metadata().id());
        assertTrue(c.metadata().source() && c.metadata().sink());
        JsonNode schema = new ObjectMapper().readTree(c.metadata().tableConfig());
        for (String key : RabbitmqConfig.CONNECTION_KEYS) {
            assertTrue(schema.path("properties").has(key), key);
        }
        for (String key : new String[] {"type", "stream", "source.offset", "queue", "source.prefetch", "exchange",
                "routing_key", "format", "bad_data"}) {
            assertTrue(schema.path("properties").has(key), key);
        }
        assertEquals("password", schema.path("properties").path("password").path("format").asText());
    }

    @Test
    void testConnectsToTheMachinesBroker() {
        RabbitmqConnector c = new RabbitmqConnector();
        TestResult amqp = c.test(Map.of("host", RabbitmqTesting.HOST), Map.of());
        assertTrue(amqp.ok(), amqp.message());
        TestResult missing = c.test(Map.of("host", RabbitmqTesting.HOST, "load_balancer_mode", "true"),
                Map.of("stream", "wadi_no_such_stream"));
        assertFalse(missing.ok());
        assertTrue(missing.message().contains("stream 'wadi_no_such_stream' does not exist"), missing.message());
        String stream = RabbitmqTesting.unique("wadi_test_s");
        try (var env = RabbitmqTesting.environment()) {
            RabbitmqTesting.createStream(env, stream);
            try {
                TestResult exists = c.test(Map.of("host", RabbitmqTesting.HOST, "load_balancer_mode", "true"),
                        Map.of("stream", stream));
                assertTrue(exists.ok() && exists.message().contains("stream '" + stream + "' exists"), exists.message());
            } finally {
                RabbitmqTesting.deleteStream(env, stream);
            }
        }
        TestResult wrongPassword = c.test(Map.of("host", RabbitmqTesting.HOST, "password", "wrong"), Map.of());
        assertFalse(wrongPassword.ok());
        assertFalse(wrongPassword.message().contains("wrong"), "the password is never shown: "
                + wrongPassword.message());
    }
}
