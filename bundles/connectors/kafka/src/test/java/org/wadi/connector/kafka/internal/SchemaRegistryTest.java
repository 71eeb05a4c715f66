package org.wadi.connector.kafka.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.wadi.formats.testing.ConnectorHarness.ListCollector;
import org.wadi.formats.testing.ConnectorHarness.SinkCtx;
import org.wadi.formats.testing.ConnectorHarness.Task;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.connector.ConnectorTable;
import org.wadi.spi.connector.Options;
import org.wadi.spi.connector.Sink;
import org.wadi.spi.connector.Source;
import org.wadi.spi.connector.TableRequest;

/**
 * Confluent's wire format through a real broker. No Schema Registry server can be had here, so a
 * small HTTP server in the test answers the one call a sink makes (registering the table's JSON
 * schema, {@code POST /subjects/{subject}/versions}) as Confluent documents it, and records the
 * request to check its path, headers and body.
 */
class SchemaRegistryTest {

    static TestBroker broker;
    static HttpServer registry;
    static final List<String> requests = new CopyOnWriteArrayList<>();
    static final ObjectMapper MAPPER = new ObjectMapper();

    @BeforeAll
    static void start() throws Exception {
        broker = TestBroker.start();
        registry = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        registry.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
                    + exchange.getRequestHeaders().getFirst("Content-Type") + " "
                    + exchange.getRequestHeaders().getFirst("Authorization") + " " + body);
            boolean register = exchange.getRequestMethod().equals("POST")
                    && exchange.getRequestURI().getPath().matches("/subjects/[^/]+/versions");
            byte[] answer = (register ? "{\"id\":42}" : "{\"error_code\":40401,\"message\":\"Subject not found\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/vnd.schemaregistry.v1+json");
            exchange.sendResponseHeaders(register ? 200 : 404, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        registry.start();
    }

    @AfterAll
    static void stop() throws Exception {
        registry.stop(0);
        broker.close();
    }

    ConnectorTable table(String topic, String... options) throws ConnectorException {
        Map<String, String> m = new LinkedHashMap<>(Map.of("bootstrap_servers", broker.bootstrap(), "topic", topic,
                "format", "json"));
        for (int i = 0; i < options.length; i += 2) {
            m.put(options[i], options[i + 1]);
        }
        return new KafkaConnector().table(new TableRequest("t", KafkaBrokerTest.COLUMNS, new Options("kafka", m),
                null));
    }

    @Test
    void aSinkRegistersItsSchemaAndFramesValuesThatASourceReads() throws Exception {
        String topic = broker.topic("registry", 1);
        String endpoint = "http://127.0.0.1:" + registry.getAddress().getPort();
        KafkaConnector kafka = new KafkaConnector();
        Sink sink = kafka.createSink(table(topic, "type", "sink", "json.confluent_schema_registry", "true",
                "schema_registry.endpoint", endpoint, "schema_registry.api_key", "key",
                "schema_registry.api_secret", "secret"));
        sink.open(new SinkCtx(Task.of(0, 1), null), null);
        sink.write(new Object[] {1L, "one", 0L});
        sink.write(new Object[] {2L, null, 0L});
        sink.preCommit(1);
        sink.close();

        String request = requests.get(0);
        String basic = "Basic " + Base64.getEncoder().encodeToString("key:secret".getBytes(StandardCharsets.UTF_8));
        assertTrue(request.startsWith("POST /subjects/" + topic + "-value/versions "
                + "application/vnd.schemaregistry.v1+json " + basic + " "), request);
        JsonNode body = MAPPER.readTree(request.substring(request.indexOf('{')));
        assertEquals("JSON", body.get("schemaType").asText());
        JsonNode schema = MAPPER.readTree(body.get("schema").asText());
        assertEquals("integer", schema.at("/properties/id/oneOf/0/type").asText());
        assertEquals("string", schema.at("/properties/name/oneOf/0/type").asText());

        List<ConsumerRecord<byte[], byte[]>> records = broker.readAll(topic, true);
        byte[] value = records.get(0).value();
        assertArrayEquals(ByteBuffer.allocate(5).put((byte) 0).putInt(42).array(), Arrays.copyOf(value, 5));
        assertEquals("{\"id\":1,\"name\":\"one\"}", new String(value, 5, value.length - 5, StandardCharsets.UTF_8));

        Source framed = kafka.createSource(table(topic, "type", "source", "source.offset", "earliest",
                "json.confluent_schema_registry", "true"));
        framed.open(new KafkaBrokerTest.Ctx(Task.of(0, 1), List.of()));
        ListCollector out = new ListCollector();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (out.rows.size() < 2 && System.nanoTime() < deadline) {
            framed.poll(out);
        }
        framed.close();
        assertEquals(List.of(1L, "one"), List.of(out.rows.get(0)).subList(0, 2));
        assertEquals(Arrays.asList(2L, null), Arrays.asList(out.rows.get(1)).subList(0, 2));

        Source plain = kafka.createSource(table(topic, "type", "source", "source.offset", "earliest"));
        plain.open(new KafkaBrokerTest.Ctx(Task.of(0, 1), List.of()));
        ConnectorException e = assertThrows(ConnectorException.class, () -> {
            for (int i = 0; i < 600; i++) {
                plain.poll(new ListCollector());
            }
        });
        plain.close();
        assertTrue(e.getMessage().contains("offset 0"), e.getMessage());
    }

    @Test
    void registryOptionsAreChecked() {
        ConnectorException e = assertThrows(ConnectorException.class, () -> table("t", "type", "sink",
                "schema_registry.endpoint", "localhost:8081"));
        assertTrue(e.getMessage().contains("expected an http:// or https:// URL"), e.getMessage());
        e = assertThrows(ConnectorException.class, () -> table("t", "type", "sink", "schema_registry.api_key", "k"));
        assertTrue(e.getMessage().contains("needs 'schema_registry.endpoint'"), e.getMessage());
        e = assertThrows(ConnectorException.class, () -> new KafkaConnector().createSink(table("t", "type", "sink",
                "json.confluent_schema_registry", "true")).open(new SinkCtx(Task.of(0, 1), null), null));
        assertTrue(e.getMessage().contains("needs schema_registry.endpoint"), e.getMessage());
    }
}
