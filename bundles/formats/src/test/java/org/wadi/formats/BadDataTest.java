package org.wadi.formats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.wadi.formats.testing.ConnectorHarness.ListCollector;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.connector.Options;
import org.wadi.spi.types.DataType;
import org.wadi.spi.types.Field;
import org.wadi.spi.types.Schema;

/**
 * A malformed record of every format, with both {@code bad_data} modes: {@code fail} names the
 * table and the record's position, {@code drop} skips it, counts it and tells the counter where
 * it was; the next good record is still decoded.
 */
class BadDataTest {

    private static final Schema TWO = Schema.of(Field.of("value", DataType.UTF8), Field.of("number", DataType.INT32));
    private static final Schema TEXT = Schema.of(Field.of("value", DataType.UTF8));
    private static final Schema JSON = Schema.of(Field.of("value", DataType.JSON));

    private static RowFormat format(String... keyValues) throws ConnectorException {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put(keyValues[i], keyValues[i + 1]);
        }
        return RowFormat.fromOptions(new Options("kafka", m), true).orElseThrow();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static Stream<Arguments> cases() throws Exception {
        RowFormat avroRaw = format("format", "avro", "avro.raw_datums", "true");
        RowFormat avroFile = format("format", "avro");
        RowFormat avroConfluent = format("format", "avro", "avro.confluent_schema_registry", "true");
        RowFormat jsonConfluent = format("format", "json", "json.confluent_schema_registry", "true");
        RowFormat proto = RowFormat.of(new ProtobufFormat(ProtobufFormatTest.compiledSchema(), "shop.Order", false, false));
        Schema protoColumns = Schema.of(new Field("id", DataType.INT64, false), Field.of("name", DataType.UTF8));
        return Stream.of(
                Arguments.of("json", TWO, format("format", "json"), utf8("{\"value\":1"),
                        utf8("{\"value\":\"a\",\"number\":1}"), "Invalid JSON"),
                Arguments.of("json wrong type", TWO, format("format", "json"), utf8("{\"number\":\"x\"}"),
                        utf8("{\"value\":\"a\",\"number\":1}"), "field 'number' expected INT"),
                Arguments.of("debezium_json", TWO, format("format", "debezium_json"), utf8("{\"op\":\"z\"}"),
                        utf8("{\"before\":null,\"after\":{\"value\":\"a\",\"number\":1},\"op\":\"c\"}"), "op"),
                Arguments.of("json.include_schema", TWO, format("format", "json", "json.include_schema", "true"),
                        utf8("{\"schema\":{}}"), utf8("{\"schema\":{},\"payload\":{\"value\":\"a\"}}"), "'payload'"),
                Arguments.of("json.confluent_schema_registry", TWO, jsonConfluent, utf8("{\"value\":\"a\"}"),
                        ConfluentFraming.frame(1, utf8("{\"value\":\"a\"}")), "Confluent's wire format"),
                Arguments.of("json.unstructured", JSON, format("format", "json", "json.unstructured", "true"),
                        utf8("[1,"), utf8("[1]"), "Invalid JSON"),
                Arguments.of("raw_string", TEXT, format("format", "raw_string"), new byte[] {(byte) 0xc3, 0x28},
                        utf8("ok"), "Invalid UTF-8"),
                Arguments.of("avro raw datums", TWO, avroRaw, new byte[] {(byte) 0x02, (byte) 0x80},
                        RowEncoder.create(TWO, avroRaw, -1).encode(new Object[] {"a", 1}), "Invalid Avro record"),
                Arguments.of("avro container", TWO, avroFile, utf8("not an avro file"),
                        RowEncoder.create(TWO, avroFile, -1).encode(new Object[] {"a", 1}), "Invalid Avro record"),
                Arguments.of("avro confluent", TWO, avroConfluent, new byte[] {1, 0, 0, 0, 1, 2},
                        RowEncoder.create(TWO, avroConfluent, 1).encode(new Object[] {"a", 1}), "Confluent's wire format"),
                Arguments.of("protobuf", protoColumns, proto, new byte[] {0x08},
                        ProtobufFormatTest.message(1).toByteArray(), "Invalid Protobuf record"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void failNamesTheRecordAndDropCountsIt(String name, Schema columns, RowFormat format, byte[] bad, byte[] good,
            String reason) throws Exception {
        SchemaResolver registry = id -> AvroSchemas.of(columns);
        PayloadDecoder failing = new PayloadDecoder("kafka table 't'", columns, format, null, BadData.FAIL,
                BadDataCounter.NONE, registry, Map.of());
        ConnectorException e = assertThrows(ConnectorException.class, () -> failing.decode(bad, 0L,
                PayloadDecoder.Metadata.NONE, "topic t partition 1 offset 41", new ListCollector()));
        assertTrue(e.getMessage().startsWith("kafka table 't', topic t partition 1 offset 41: "), e.getMessage());
        assertTrue(e.getMessage().contains(reason), e.getMessage());
        assertTrue(e.getMessage().endsWith("(set bad_data = 'drop' to skip such messages)"), e.getMessage());

        List<String> counted = new ArrayList<>();
        PayloadDecoder dropping = new PayloadDecoder("kafka table 't'", columns, format, null, BadData.DROP,
                (where, why) -> counted.add(where + " | " + why), registry, Map.of());
        ListCollector rows = new ListCollector();
        assertFalse(dropping.decode(bad, 0L, PayloadDecoder.Metadata.NONE, "topic t partition 1 offset 41", rows));
        assertTrue(dropping.decode(good, 9L, PayloadDecoder.Metadata.NONE, "topic t partition 1 offset 42", rows));
        assertEquals(1, dropping.dropped());
        assertEquals(1, counted.size());
        assertTrue(counted.get(0).startsWith("kafka table 't', topic t partition 1 offset 41 | "), counted.get(0));
        assertTrue(counted.get(0).contains(reason), counted.get(0));
        assertEquals(1, rows.rows.size());
        assertEquals(9L, rows.rows.get(0)[rows.rows.get(0).length - 1], "the good record's row, with its event time");
    }
}
