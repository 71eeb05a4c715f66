package org.wadi.connector.kafka.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Label;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Type;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.file.DataFileStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.wadi.formats.AvroSchemas;
import org.wadi.formats.testing.ConnectorHarness.ListCollector;
import org.wadi.formats.testing.ConnectorHarness.SinkCtx;
import org.wadi.formats.testing.ConnectorHarness.Task;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.connector.ConnectorTable;
import org.wadi.spi.connector.FileAccess;
import org.wadi.spi.connector.Options;
import org.wadi.spi.connector.Sink;
import org.wadi.spi.connector.Source;
import org.wadi.spi.connector.SourceContext;
import org.wadi.spi.connector.TableRequest;
import org.wadi.spi.connector.TaskInfo;

/**
 * Every format of the shared formats bundle through a real broker: Avro (container files, raw
 * datums, Confluent's wire format with the writer's schema registered and looked up by id),
 * Protobuf (read), JSON with {@code json.include_schema}, newline framing, {@code bad_data} (fail
 * naming the offset, drop reporting to the source context), and the topics' autocompletion. The
 * Schema Registry is a small HTTP server in the test answering {@code POST
 * /subjects/{subject}/versions} and {@code GET /schemas/ids/{id}} as Confluent documents them.
 */
class KafkaFormatsTest {

    static final ObjectMapper MAPPER = new ObjectMapper();
    static final long AT = 1_700_000_000_123_000_000L;

    static TestBroker broker;
    static HttpServer registry;
    static final Map<Integer, String> schemas = new ConcurrentHashMap<>();
    static final List<String> requests = new CopyOnWriteArrayList<>();
    static final AtomicInteger nextId = new AtomicInteger(7);

    @BeforeAll
    static void start() throws Exception {
        broker = TestBroker.start();
        registry = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        registry.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String path = exchange.getRequestURI().getPath();
            requests.add(exchange.getRequestMethod() + " " + path + " " + body);
            int status = 404;
            String answer = "{\"error_code\":40403,\"message\":\"Schema not found\"}";
            if (exchange.getRequestMethod().equals("POST") && path.matches("/subjects/[^/]+/versions")) {
                int id = nextId.getAndIncrement();
                schemas.put(id, MAPPER.readTree(body).get("schema").asText());
                status = 200;
                answer = "{\"id\":" + id + "}";
            } else if (exchange.getRequestMethod().equals("GET") && path.matches("/schemas/ids/\\d+")) {
                String schema = schemas.get(Integer.parseInt(path.substring(path.lastIndexOf('/') + 1)));
                if (schema != null) {
                    status = 200;
                    answer = MAPPER.createObjectNode().put("schema", schema).toString();
                }
            }
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/vnd.schemaregistry.v1+json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        registry.start();
    }

    @AfterAll
    static void stop() throws Exception {
        registry.stop(0);
        broker.close();
    }

    static final org.wadi.spi.types.Schema COLUMNS = org.wadi.spi.types.Schema.of(
            new org.wadi.spi.types.Field("id", org.wadi.spi.types.DataType.INT64, false),
            org.wadi.spi.types.Field.of("name", org.wadi.spi.types.DataType.UTF8),
            org.wadi.spi.types.Field.of("at", org.wadi.spi.types.DataType.TIMESTAMP));

    static String endpoint() {
        return "http://127.0.0.1:" + registry.getAddress().getPort();
    }

    static ConnectorTable table(String topic, String format, String... options) throws ConnectorException {
        Map<String, String> m = new LinkedHashMap<>(Map.of("bootstrap_servers", broker.bootstrap(), "topic", topic,
                "format", format));
        for (int i = 0; i < options.length; i += 2) {
            m.put(options[i], options[i + 1]);
        }
        return new KafkaConnector().table(new TableRequest("t", COLUMNS, new Options("kafka", m), null));
    }

    static List<Object[]> rows() {
        return List.of(new Object[] {1L, "one", AT, 0L}, new Object[] {2L, null, AT + 1_000_000L, 0L},
                new Object[] {3L, "three", null, 0L});
    }

    static void write(ConnectorTable t) throws Exception {
        Sink sink = new KafkaConnector().createSink(t);
        sink.open(new SinkCtx(Task.of(0, 1), null), null);
        for (Object[] row : rows()) {
            sink.write(row);
        }
        sink.preCommit(1);
        sink.close();
    }

    /** A source context that records what the source reports as bad data. */
    record Ctx(TaskInfo task, List<String> bad) implements SourceContext {
        @Override
        public FileAccess files() {
            return null;
        }

        @Override
        public byte[] restoredState() {
            return null;
        }

        @Override
        public void badData(String where, String reason) {
            bad.add(where + ": " + reason);
        }
    }

    static List<Object[]> read(ConnectorTable t, int count, List<String> bad) throws Exception {
        Source source = new KafkaConnector().createSource(t);
        source.open(new Ctx(Task.of(0, 1), bad));
        try {
            return KafkaBrokerTest.read(source, count);
        } finally {
            source.close();
        }
    }

    static void assertRows(List<Object[]> expected, List<Object[]> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(Arrays.asList(expected.get(i)).subList(0, 3), Arrays.asList(actual.get(i)).subList(0, 3),
                    "row " + i);
        }
    }

    static void produce(String topic, List<byte[]> values) throws Exception {
        try (KafkaProducer<byte[], byte[]> p = broker.producer()) {
            for (byte[] v : values) {
                p.send(new ProducerRecord<>(topic, 0, null, v)).get(30, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void avroRawDatumsAndContainerFilesRoundTripWithoutARegistry() throws Exception {
        org.apache.avro.Schema schema = new org.apache.avro.Schema.Parser().parse(AvroSchemas.of(COLUMNS));
        for (boolean raw : List.of(true, false)) {
            String topic = broker.topic("avro-" + raw, 1);
            write(table(topic, "avro", "type", "sink", "avro.raw_datums", Boolean.toString(raw)));
            List<ConsumerRecord<byte[], byte[]>> records = broker.readAll(topic, true);
            assertEquals(3, records.size());
            // read back with Avro's own reader, independently of the connector
            GenericRecord first;
            if (raw) {
                first = new GenericDatumReader<GenericRecord>(schema).read(null,
                        DecoderFactory.get().binaryDecoder(records.get(0).value(), null));
            } else {
                try (DataFileStream<GenericRecord> file = new DataFileStream<>(
                        new ByteArrayInputStream(records.get(0).value()), new GenericDatumReader<>())) {
                    first = file.next();
                }
            }
            assertEquals(1L, first.get("id"));
            assertEquals("one", first.get("name").toString());
            // TIMESTAMP (nanoseconds) is written as timestamp-micros
            assertEquals(AT / 1000, ((Number) first.get("at")).longValue());

            assertRows(rows(), read(table(topic, "avro", "type", "source", "source.offset", "earliest",
                    "avro.raw_datums", Boolean.toString(raw)), 3, new ArrayList<>()));
        }
    }

    @Test
    void avroWithTheRegistryRegistersTheSchemaFramesDatumsAndResolvesWriterSchemasById() throws Exception {
        String topic = broker.topic("avro-registry", 1);
        write(table(topic, "avro", "type", "sink", "avro.confluent_schema_registry", "true",
                "schema_registry.endpoint", endpoint()));
        String registration = requests.stream().filter(r -> r.startsWith("POST /subjects/" + topic + "-value/versions "))
                .findFirst().orElseThrow(() -> new AssertionError("no registration in " + requests));
        JsonNode body = MAPPER.readTree(registration.substring(registration.indexOf('{')));
        assertEquals("AVRO", body.get("schemaType").asText());
        assertEquals(AvroSchemas.of(COLUMNS), body.get("schema").asText());
        int id = schemas.entrySet().stream().filter(e -> e.getValue().equals(AvroSchemas.of(COLUMNS)))
                .mapToInt(Map.Entry::getKey).max().orElseThrow();

        List<ConsumerRecord<byte[], byte[]>> records = broker.readAll(topic, true);
        assertArrayEquals(ByteBuffer.allocate(5).put((byte) 0).putInt(id).array(),
                Arrays.copyOf(records.get(0).value(), 5));

        // another writer's schema: other record name, fields in another order, an extra field
        org.apache.avro.Schema other = new org.apache.avro.Schema.Parser().parse("{\"type\":\"record\",\"name\":\"Order\","
                + "\"fields\":[{\"name\":\"extra\",\"type\":\"int\"},{\"name\":\"name\",\"type\":\"string\"},"
                + "{\"name\":\"id\",\"type\":\"long\"}]}");
        int otherId = 1000 + nextId.getAndIncrement();
        schemas.put(otherId, other.toString());
        java.io.ByteArrayOutputStream datum = new java.io.ByteArrayOutputStream();
        datum.write(ByteBuffer.allocate(5).put((byte) 0).putInt(otherId).array());
        var encoder = EncoderFactory.get().binaryEncoder(datum, null);
        new GenericDatumWriter<GenericRecord>(other).write(new GenericRecordBuilder(other).set("extra", 5)
                .set("name", "four").set("id", 4L).build(), encoder);
        encoder.flush();
        produce(topic, List.of(datum.toByteArray()));

        List<Object[]> expected = new ArrayList<>(rows());
        expected.add(new Object[] {4L, "four", null});
        assertRows(expected, read(table(topic, "avro", "type", "source", "source.offset", "earliest",
                "avro.confluent_schema_registry", "true", "schema_registry.endpoint", endpoint()), 4, new ArrayList<>()));
        assertTrue(requests.contains("GET /schemas/ids/" + otherId + " "), requests.toString());

        ConnectorException e = assertThrows(ConnectorException.class, () -> table(topic, "avro", "type", "source",
                "avro.confluent_schema_registry", "true"));
        assertTrue(e.getMessage().contains("needs schema_registry.endpoint"), e.getMessage());
    }

    @Test
    void protobufMessagesAreRead() throws Exception {
        FileDescriptorProto file = FileDescriptorProto.newBuilder().setName("orders.proto").setPackage("shop")
                .setSyntax("proto3").addMessageType(DescriptorProto.newBuilder().setName("Order")
                        .addField(field("id", 1, Type.TYPE_INT64)).addField(field("name", 2, Type.TYPE_STRING)))
                .build();
        Descriptor order = FileDescriptor.buildFrom(file, new FileDescriptor[0]).findMessageTypeByName("Order");
        String topic = broker.topic("protobuf", 1);
        produce(topic, List.of(
                DynamicMessage.newBuilder(order).setField(order.findFieldByName("id"), 1L)
                        .setField(order.findFieldByName("name"), "one").build().toByteArray(),
                DynamicMessage.newBuilder(order).setField(order.findFieldByName("id"), 2L).build().toByteArray()));
        String compiled = Base64.getEncoder().encodeToString(FileDescriptorSet.newBuilder().addFile(file).build()
                .toByteArray());
        List<Object[]> rows = read(table(topic, "protobuf", "type", "source", "source.offset", "earliest",
                "protobuf.message_name", "shop.Order", "protobuf.compiled_schema", compiled), 2, new ArrayList<>());
        assertEquals(Arrays.asList(1L, "one", null), Arrays.asList(rows.get(0)).subList(0, 3));
        // an unset proto3 string is its default, as protobuf defines it
        assertEquals(Arrays.asList(2L, "", null), Arrays.asList(rows.get(1)).subList(0, 3));

        ConnectorException e = assertThrows(ConnectorException.class, () -> table(topic, "protobuf", "type", "sink",
                "protobuf.message_name", "shop.Order", "protobuf.compiled_schema", compiled));
        assertTrue(e.getMessage().contains("can only be read"), e.getMessage());
    }

    private static FieldDescriptorProto.Builder field(String name, int number, Type type) {
        return FieldDescriptorProto.newBuilder().setName(name).setNumber(number).setType(type)
                .setLabel(Label.LABEL_OPTIONAL).setJsonName(name);
    }

    @Test
    void jsonIncludeSchemaWritesKafkaConnectsEnvelope() throws Exception {
        String topic = broker.topic("json-schema", 1);
        write(table(topic, "json", "type", "sink", "json.include_schema", "true"));
        List<ConsumerRecord<byte[], byte[]>> records = broker.readAll(topic, true);
        JsonNode first = MAPPER.readTree(records.get(0).value());
        assertEquals("struct", first.at("/schema/type").asText());
        assertEquals("ArroyoJson", first.at("/schema/name").asText());
        assertEquals(List.of("id", "name", "at"), MAPPER.convertValue(first.at("/schema/fields"), List.class).stream()
                .map(f -> ((Map<?, ?>) f).get("field")).toList());
        assertEquals(1, first.at("/payload/id").asLong());
        assertEquals("one", first.at("/payload/name").asText());
        // a TIMESTAMP (without time zone) in rfc3339 as Arroyo writes it
        assertEquals("2023-11-14T22:13:20.123", first.at("/payload/at").asText());
        assertTrue(MAPPER.readTree(records.get(1).value()).at("/payload/name").isNull());

        assertRows(rows(), read(table(topic, "json", "type", "source", "source.offset", "earliest",
                "json.include_schema", "true"), 3, new ArrayList<>()));
    }

    @Test
    void newlineFramingGivesOneRowPerLine() throws Exception {
        String topic = broker.topic("framing", 1);
        produce(topic, List.of("{\"id\":1,\"name\":\"one\"}\n{\"id\":2}\r\n\n".getBytes(StandardCharsets.UTF_8),
                "{\"id\":3,\"name\":\"three\"}".getBytes(StandardCharsets.UTF_8)));
        List<Object[]> rows = read(table(topic, "json", "type", "source", "source.offset", "earliest",
                "framing", "newline"), 3, new ArrayList<>());
        assertEquals(List.of(1L, 2L, 3L), rows.stream().map(r -> r[0]).toList());
    }

    @Test
    void badDataFailsNamingTheOffsetOrIsDroppedAndReported() throws Exception {
        String topic = broker.topic("bad", 1);
        broker.produce(topic, 0, List.of("{\"id\":1}", "not json", "{\"id\":3}", "{\"id\":\"x\"}", "{\"id\":5}"));

        Source failing = new KafkaConnector().createSource(table(topic, "json", "type", "source", "source.offset",
                "earliest"));
        failing.open(new Ctx(Task.of(0, 1), new ArrayList<>()));
        ConnectorException e = assertThrows(ConnectorException.class, () -> {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline) {
                failing.poll(new ListCollector());
            }
        });
        failing.close();
        assertTrue(e.getMessage().contains("kafka source 't', topic '" + topic + "' partition 0 offset 1: "),
                e.getMessage());
        assertTrue(e.getMessage().contains("bad_data = 'drop'"), e.getMessage());

        List<String> bad = new CopyOnWriteArrayList<>();
        List<Object[]> rows = read(table(topic, "json", "type", "source", "source.offset", "earliest",
                "bad_data", "drop"), 3, bad);
        assertEquals(List.of(1L, 3L, 5L), rows.stream().map(r -> r[0]).toList());
        assertEquals(2, bad.size(), bad.toString());
        assertTrue(bad.get(0).startsWith("kafka source 't', topic '" + topic + "' partition 0 offset 1: "), bad.get(0));
        assertTrue(bad.get(1).startsWith("kafka source 't', topic '" + topic + "' partition 0 offset 3: "), bad.get(1));

        e = assertThrows(ConnectorException.class, () -> table(topic, "json", "type", "source", "bad_data", "skip"));
        assertTrue(e.getMessage().contains("'bad_data'") && e.getMessage().contains("drop, fail"), e.getMessage());
    }

    @Test
    void autocompleteListsTheTopicsSortedOrSaysWhyNot() throws Exception {
        String b = broker.topic("zz-auto", 1);
        String a = broker.topic("aa-auto", 2);
        Map<String, List<String>> found = new KafkaConnector().autocomplete(Map.of("bootstrap_servers",
                broker.bootstrap(), "schema_registry.endpoint", endpoint()));
        List<String> topics = found.get("topic");
        assertEquals(Map.of("topic", topics), found);
        assertTrue(topics.contains(a) && topics.contains(b), topics.toString());
        assertEquals(topics.stream().sorted().toList(), topics);
        assertTrue(topics.indexOf(a) < topics.indexOf(b));

        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String unreachable = "127.0.0.1:" + port;
        long start = System.nanoTime();
        ConnectorException e = assertThrows(ConnectorException.class, () -> new KafkaConnector().autocomplete(
                Map.of("bootstrap_servers", unreachable)));
        assertTrue(e.getMessage().contains("cannot list the topics of kafka at " + unreachable), e.getMessage());
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(60), "gave up within the timeout");

        e = assertThrows(ConnectorException.class, () -> new KafkaConnector().autocomplete(Map.of()));
        assertTrue(e.getMessage().contains("bootstrap_servers"), e.getMessage());
    }
}
