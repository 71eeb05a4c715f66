package org.wadi.formats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.wadi.formats.testing.ConnectorHarness.ListCollector;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.connector.Options;
import org.wadi.spi.types.DataType;
import org.wadi.spi.types.Field;
import org.wadi.spi.types.Schema;

/** json's newer options, raw_string, raw_bytes, newline framing, bad_data, and reading the format options. */
class MessageFormatsTest {

    private static final Schema VALUE_TEXT = Schema.of(Field.of("value", DataType.UTF8));
    private static final Schema VALUE_BYTES = Schema.of(Field.of("value", DataType.BINARY));
    private static final Schema VALUE_JSON = Schema.of(Field.of("value", DataType.JSON));
    private static final Schema TWO = Schema.of(Field.of("value", DataType.UTF8), Field.of("number", DataType.INT32));

    private static RowFormat format(String... keyValues) throws ConnectorException {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put(keyValues[i], keyValues[i + 1]);
        }
        Options options = new Options("kafka", m);
        RowFormat f = RowFormat.fromOptions(options, true).orElseThrow();
        Framing.fromOptions(options);
        BadData.fromOptions(options);
        options.checkAllKnown();
        return f;
    }

    private static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void includeSchemaWrapsInKafkaConnectsEnvelopeAsArroyo() throws Exception {
        RowEncoder e = RowEncoder.create(TWO.withTimestamp(), format("format", "json", "json.include_schema", "true"), -1);
        assertEquals("{\"schema\":{\"type\":\"struct\",\"name\":\"ArroyoJson\",\"fields\":["
                + "{\"type\":\"string\",\"field\":\"value\",\"optional\":true},"
                + "{\"type\":\"int32\",\"field\":\"number\",\"optional\":true}],\"optional\":false},"
                + "\"payload\":{\"value\":\"a\",\"number\":1}}", utf8(e.encode(new Object[] {"a", 1, 5L})));
        // and reads it back: the payload object
        List<Object[]> out = new ArrayList<>();
        RowDecoder.create(TWO, format("format", "json", "json.include_schema", "true"), SchemaResolver.NONE)
                .decode(e.encode(new Object[] {"b", 2, 5L}), (k, v) -> out.add(v));
        assertArrayEquals(new Object[] {"b", 2}, out.get(0));
    }

    @Test
    void timestampsInTheEnvelopeAreKafkaConnectTimestamps() throws Exception {
        Schema s = Schema.of(new Field("at", DataType.TIMESTAMP, false));
        RowFormat f = format("format", "json", "json.include_schema", "true", "json.timestamp_format", "unix_millis");
        JsonNode n = new ObjectMapper().readTree(RowEncoder.create(s, f, -1).encode(new Object[] {1_612_274_910_045_331_968L}));
        assertEquals("org.apache.kafka.connect.data.Timestamp", n.at("/schema/fields/0/name").asText());
        assertFalse(n.at("/schema/fields/0/optional").asBoolean());
        assertEquals(1612274910045L, n.at("/payload/at").asLong());
    }

    @Test
    void confluentJsonFramingRoundTrip() throws Exception {
        RowFormat f = format("format", "json", "json.confluent_schema_registry", "true");
        byte[] bytes = RowEncoder.create(TWO, f, 300).encode(new Object[] {"x", 3});
        assertEquals(300, ConfluentFraming.schemaId(bytes));
        assertEquals("{\"value\":\"x\",\"number\":3}", utf8(ConfluentFraming.unframe(bytes)));
        List<Object[]> out = new ArrayList<>();
        RowDecoder.create(TWO, f, SchemaResolver.NONE).decode(bytes, (k, v) -> out.add(v));
        assertArrayEquals(new Object[] {"x", 3}, out.get(0));
        ConnectorException e = assertThrows(ConnectorException.class, () -> RowDecoder.create(TWO, f, SchemaResolver.NONE)
                .decode("{\"value\":\"x\"}".getBytes(StandardCharsets.UTF_8), (k, v) -> { }));
        assertTrue(e.getMessage().contains("0x7b"), e.getMessage());
        assertThrows(ConnectorException.class, () -> RowEncoder.create(TWO, f, -1), "writing needs the schema id");
    }

    @Test
    void unstructuredKeepsTheTextAndRefusesInvalidJson() throws Exception {
        RowFormat f = format("format", "json", "json.unstructured", "true");
        List<Object[]> out = new ArrayList<>();
        RowDecoder d = RowDecoder.create(VALUE_JSON, f, SchemaResolver.NONE);
        d.decode(" {\"a\": [1, 2]}", (k, v) -> out.add(v));
        assertEquals(" {\"a\": [1, 2]}", out.get(0)[0]);
        ConnectorException e = assertThrows(ConnectorException.class, () -> d.decode("{\"a\":", (k, v) -> { }));
        assertTrue(e.getMessage().startsWith("Invalid JSON"), e.getMessage());
        e = assertThrows(ConnectorException.class, () -> RowDecoder.create(TWO, f, SchemaResolver.NONE));
        assertTrue(e.getMessage().contains("json.unstructured") && e.getMessage().contains("value JSON"), e.getMessage());
    }

    @Test
    void rawFormatsRoundTripTheWholeMessage() throws Exception {
        byte[] bytes = {0, (byte) 0xff, 10, 13};
        RowFormat raw = format("format", "raw_bytes");
        assertArrayEquals(bytes, RowEncoder.create(VALUE_BYTES.withTimestamp(), raw, -1).encode(new Object[] {bytes, 1L}));
        List<Object[]> out = new ArrayList<>();
        RowDecoder.create(VALUE_BYTES, raw, SchemaResolver.NONE).decode(bytes, (k, v) -> out.add(v));
        assertArrayEquals(bytes, (byte[]) out.get(0)[0]);
        RowFormat text = format("format", "raw_string");
        assertEquals("héllo", utf8(RowEncoder.create(VALUE_TEXT, text, -1).encode(new Object[] {"héllo"})));
        assertEquals(0, RowEncoder.create(VALUE_TEXT, text, -1).encode(new Object[] {null}).length);
        ConnectorException e = assertThrows(ConnectorException.class, () -> RowDecoder.create(VALUE_TEXT, text,
                SchemaResolver.NONE).decode(bytes, (k, v) -> { }));
        assertTrue(e.getMessage().contains("Invalid UTF-8"), e.getMessage());
        e = assertThrows(ConnectorException.class, () -> RowDecoder.create(TWO, text, SchemaResolver.NONE));
        assertTrue(e.getMessage().contains("value TEXT"), e.getMessage());
    }

    @Test
    void newlineFramingSplitsAndNamesTheBadLine() throws Exception {
        Options options = new Options("nats", Map.of("framing", "newline", "framing.newline.max_length", "40"));
        Framing framing = Framing.fromOptions(options).orElseThrow();
        byte[] message = "{\"value\":\"a\",\"number\":1}\r\n\n{\"value\":\"b\",\"number\":\"x\"}\n{\"value\":\"c\",\"number\":3}"
                .getBytes(StandardCharsets.UTF_8);
        PayloadDecoder failing = new PayloadDecoder("nats table 't'", TWO, RowFormat.of(JsonFormat.DEFAULT), framing,
                BadData.FAIL, BadDataCounter.NONE, SchemaResolver.NONE, Map.of());
        ListCollector rows = new ListCollector();
        ConnectorException e = assertThrows(ConnectorException.class, () -> failing.decode(message, 7L,
                PayloadDecoder.Metadata.NONE, "subject s", rows));
        assertTrue(e.getMessage().startsWith("nats table 't', subject s, line 3: Invalid JSON record"), e.getMessage());
        List<String> counted = new ArrayList<>();
        PayloadDecoder dropping = new PayloadDecoder("nats table 't'", TWO, RowFormat.of(JsonFormat.DEFAULT), framing,
                BadData.DROP, (where, reason) -> counted.add(where), SchemaResolver.NONE, Map.of());
        rows.rows.clear();
        assertFalse(dropping.decode(message, 7L, PayloadDecoder.Metadata.NONE, "subject s", rows));
        assertEquals(List.of("a", "c"), rows.rows.stream().map(r -> r[0]).toList());
        assertEquals(List.of("nats table 't', subject s, line 3"), counted);
        // a line longer than framing.newline.max_length is a bad record naming its line
        byte[] longLine = ("{\"value\":\"" + "z".repeat(50) + "\"}").getBytes(StandardCharsets.UTF_8);
        assertFalse(dropping.decode(longLine, 7L, PayloadDecoder.Metadata.NONE, "subject s", rows));
        assertEquals(2, dropping.dropped());
        e = assertThrows(ConnectorException.class, () -> failing.decode(longLine, 7L, PayloadDecoder.Metadata.NONE,
                "subject s", rows));
        assertTrue(e.getMessage().contains("line 1 is 62 bytes long, more than framing.newline.max_length = 40"),
                e.getMessage());
        // only the long line is dropped, the others of its message are kept
        rows.rows.clear();
        byte[] mixed = ("{\"value\":\"d\"}\n" + new String(longLine, StandardCharsets.UTF_8) + "\n{\"value\":\"e\"}")
                .getBytes(StandardCharsets.UTF_8);
        assertFalse(dropping.decode(mixed, 7L, PayloadDecoder.Metadata.NONE, "subject s", rows));
        assertEquals(List.of("d", "e"), rows.rows.stream().map(r -> r[0]).toList());
        assertEquals("nats table 't', subject s, line 2", counted.get(counted.size() - 1));
        assertEquals(40, Framing.fromOptions(new Options("nats", Map.of("framing", "newline",
                "framing.newline.max_line_length", "40"))).orElseThrow().maxLength(), "the synonym");
    }

    @Test
    void optionsAreValidatedNamingTheKeyAndTheChoices() {
        ConnectorException e = assertThrows(ConnectorException.class, () -> format("format", "xml"));
        assertTrue(e.getMessage().contains("Unsupported format 'xml'")
                && e.getMessage().contains("json, debezium_json, avro, protobuf, raw_string, raw_bytes"), e.getMessage());
        e = assertThrows(ConnectorException.class, () -> format("format", "json", "avro.raw_datums", "true"));
        assertTrue(e.getMessage().contains("'avro.raw_datums'") && e.getMessage().contains("format = 'avro'"),
                e.getMessage());
        e = assertThrows(ConnectorException.class, () -> format("format", "json", "json.include_schema", "true",
                "json.confluent_schema_registry", "true"));
        assertTrue(e.getMessage().contains("At most one of"), e.getMessage());
        e = assertThrows(ConnectorException.class, () -> format("format", "json", "framing", "csv"));
        assertTrue(e.getMessage().contains("'framing'") && e.getMessage().contains("newline"), e.getMessage());
        e = assertThrows(ConnectorException.class, () -> format("format", "json", "bad_data", "skip"));
        assertTrue(e.getMessage().contains("drop, fail"), e.getMessage());
        e = assertThrows(ConnectorException.class, () -> format("format", "avro", "avro.raw_datums", "maybe"));
        assertTrue(e.getMessage().contains("avro.raw_datums"), e.getMessage());
    }

    @Test
    void payloadEncoderWritesEveryWritableFormat() throws Exception {
        List<String> bodies = new ArrayList<>();
        JsonFormat withSchema = format("format", "json", "json.include_schema", "true").json();
        new PayloadEncoder(TWO, withSchema, false).encode(new Object[] {"a", 1}, bodies::add);
        assertTrue(bodies.get(0).startsWith("{\"schema\":{\"type\":\"struct\""), bodies.get(0));
        assertTrue(bodies.get(0).endsWith(",\"payload\":{\"value\":\"a\",\"number\":1}}"), bodies.get(0));
        List<byte[]> payloads = new ArrayList<>();
        new PayloadEncoder(TWO, format("format", "avro", "avro.raw_datums", "true"), false, -1)
                .encodeBytes(new Object[] {"a", 1}, payloads::add);
        List<Object[]> back = new ArrayList<>();
        RowDecoder.create(TWO, format("format", "avro", "avro.raw_datums", "true"), SchemaResolver.NONE)
                .decode(payloads.get(0), (k, v) -> back.add(v));
        assertArrayEquals(new Object[] {"a", 1}, back.get(0));
        // debezium_json through the general constructor: an insert event
        payloads.clear();
        new PayloadEncoder(TWO.withOp(), format("format", "debezium_json"), true, -1)
                .encodeBytes(new Object[] {"a", 1, 0, 5L}, payloads::add);
        assertTrue(utf8(payloads.get(0)).contains("\"op\":\"c\""), utf8(payloads.get(0)));
    }

    @Test
    void resolvedOptionsRoundTrip() throws Exception {
        for (RowFormat f : List.of(format("format", "avro", "avro.raw_datums", "true"), format("format", "raw_string"),
                format("format", "json", "json.unstructured", "true", "json.timestamp_format", "unix_millis"),
                format("format", "debezium_json"))) {
            Map<String, String> resolved = new HashMap<>();
            f.putInto(resolved);
            assertEquals(f, RowFormat.fromTableOptions(resolved));
        }
    }
}
