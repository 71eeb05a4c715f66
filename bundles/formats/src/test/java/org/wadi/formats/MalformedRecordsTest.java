package org.wadi.formats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
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
 * Every format fed a stream of valid records interleaved with malformed ones of several kinds
 * (truncated, wrong types, wrong schema ids, invalid UTF-8, …): with {@code bad_data = 'drop'}
 * every valid record comes through, in order, and each malformed one is counted with its position
 * and a reason; with {@code bad_data = 'fail'} the first malformed one stops the stream with an
 * error naming its position. (raw_bytes has no malformed records: any bytes are a value.)
 */
class MalformedRecordsTest {

    private static final Schema TWO = Schema.of(Field.of("value", DataType.UTF8), Field.of("number", DataType.INT32));
    private static final Schema TEXT = Schema.of(Field.of("value", DataType.UTF8));
    private static final Schema BYTES = Schema.of(Field.of("value", DataType.BINARY));
    private static final byte[] INVALID_UTF8 = {(byte) 0xc3, 0x28};

    /** One record of a stream: its bytes and, for a malformed one, what its error must say. */
    record Record(byte[] bytes, String reason) {
        static Record good(byte[] bytes) {
            return new Record(bytes, null);
        }

        static Record bad(byte[] bytes, String reason) {
            return new Record(bytes, reason);
        }
    }

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

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    static Stream<Arguments> streams() throws Exception {
        RowFormat json = format("format", "json");
        RowFormat debezium = format("format", "debezium_json");
        RowFormat avroRaw = format("format", "avro", "avro.raw_datums", "true");
        RowFormat avroConfluent = format("format", "avro", "avro.confluent_schema_registry", "true");
        RowFormat proto = RowFormat.of(new ProtobufFormat(ProtobufFormatTest.compiledSchema(), "shop.Order", false, false));
        Schema protoColumns = Schema.of(new Field("id", DataType.INT64, false), Field.of("name", DataType.UTF8));
        byte[] avroGood = RowEncoder.create(TWO, avroRaw, -1).encode(new Object[] {"a", 1});
        byte[] confluentGood = RowEncoder.create(TWO, avroConfluent, 1).encode(new Object[] {"a", 1});
        byte[] protoGood = ProtobufFormatTest.message(1).toByteArray();
        return Stream.of(
                Arguments.of("json", TWO, json, List.of(
                        Record.good(utf8("{\"value\":\"a\",\"number\":1}")),
                        Record.bad(utf8("{\"value\":\"a\",\"numb"), "Invalid JSON"),
                        Record.good(utf8("{\"value\":\"b\",\"number\":2}")),
                        Record.bad(utf8("{\"value\":\"c\",\"number\":\"three\"}"), "field 'number' expected INT"),
                        Record.bad(concat(utf8("{\"value\":\""), INVALID_UTF8, utf8("\",\"number\":3}")), "UTF-8"),
                        Record.bad(utf8("{\"value\":\"d\",\"number\":99999999999}"), "field 'number'"),
                        Record.bad(utf8("[1, 2]"), "Invalid JSON"),
                        Record.bad(new byte[0], "Invalid JSON"),
                        Record.good(utf8("{\"value\":\"e\",\"number\":5}")))),
                Arguments.of("debezium_json", TWO, debezium, List.of(
                        Record.good(utf8("{\"before\":null,\"after\":{\"value\":\"a\",\"number\":1},\"op\":\"c\"}")),
                        Record.bad(utf8("{\"before\":null,\"after\":{\"value\":\"a\""), "Invalid JSON"),
                        Record.bad(utf8("{\"before\":null,\"after\":{\"value\":\"a\",\"number\":1},\"op\":\"x\"}"), "op"),
                        Record.bad(utf8("{\"before\":null,\"after\":{\"value\":\"x\",\"number\":\"x\"},\"op\":\"c\"}"),
                                "number' expected INT"),
                        Record.bad(utf8("{\"before\":null,\"op\":\"c\"}"), "after"),
                        Record.bad(concat(utf8("{\"before\":null,\"after\":{\"value\":\""), INVALID_UTF8,
                                utf8("\",\"number\":1},\"op\":\"c\"}")), "UTF-8"),
                        Record.good(utf8("{\"before\":null,\"after\":{\"value\":\"b\",\"number\":2},\"op\":\"c\"}")))),
                Arguments.of("avro raw datums", TWO, avroRaw, List.of(
                        Record.good(avroGood),
                        Record.bad(Arrays.copyOf(avroGood, avroGood.length - 1), "Invalid Avro record"),
                        Record.bad(new byte[] {0x02, (byte) 0x80}, "Invalid Avro record"),
                        Record.good(avroGood))),
                Arguments.of("avro confluent", TWO, avroConfluent, List.of(
                        Record.good(confluentGood),
                        Record.bad(new byte[] {1, 0, 0, 0, 1, 2}, "Confluent's wire format"),
                        Record.bad(concat(new byte[] {0, 0, 0, 0, 7}, Arrays.copyOfRange(confluentGood, 5,
                                confluentGood.length)), "schema"),
                        Record.bad(Arrays.copyOf(confluentGood, confluentGood.length - 1), "Invalid Avro record"),
                        Record.bad(new byte[] {0, 0}, "Confluent's wire format"),
                        Record.good(confluentGood))),
                Arguments.of("protobuf", protoColumns, proto, List.of(
                        Record.good(protoGood),
                        Record.bad(Arrays.copyOf(protoGood, protoGood.length - 1), "Invalid Protobuf record"),
                        Record.bad(new byte[] {0x08}, "Invalid Protobuf record"),
                        Record.bad(new byte[] {0x12, 0x02, INVALID_UTF8[0], INVALID_UTF8[1]}, "UTF-8"),
                        Record.good(protoGood))),
                Arguments.of("raw_string", TEXT, format("format", "raw_string"), List.of(
                        Record.good(utf8("first")),
                        Record.bad(INVALID_UTF8, "Invalid UTF-8"),
                        Record.bad(concat(utf8("ok so far "), new byte[] {(byte) 0xe2, (byte) 0x82}), "Invalid UTF-8"),
                        Record.good(utf8("")),
                        Record.good(utf8("last ✓")))),
                Arguments.of("raw_bytes", BYTES, format("format", "raw_bytes"), List.of(
                        Record.good(INVALID_UTF8),
                        Record.good(new byte[0]),
                        Record.good(new byte[] {0, (byte) 0xff}))));
    }

    private static final Map<String, String> NO_METADATA = Map.of();

    private static String offset(int i) {
        return "topic t partition 3 offset " + (100 + i);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("streams")
    void dropKeepsTheValidRecordsAndCountsEachMalformedOne(String name, Schema columns, RowFormat format,
            List<Record> stream) throws Exception {
        SchemaResolver registry = id -> {
            if (id != 1) {
                throw new ConnectorException("schema " + id + " is not in the schema registry");
            }
            return AvroSchemas.of(columns);
        };
        List<String> counted = new ArrayList<>();
        PayloadDecoder dropping = new PayloadDecoder("kafka table 't'", columns, format, null, BadData.DROP,
                (where, why) -> counted.add(where + " | " + why), registry, NO_METADATA);
        ListCollector rows = new ListCollector();
        List<String> expectedCounted = new ArrayList<>();
        int good = 0;
        for (int i = 0; i < stream.size(); i++) {
            Record r = stream.get(i);
            boolean decoded = dropping.decode(r.bytes(), 1000L + i, PayloadDecoder.Metadata.NONE, offset(i), rows);
            assertEquals(r.reason() == null, decoded, name + " record " + i);
            if (r.reason() == null) {
                good++;
                assertEquals(good, rows.rows.size(), "record " + i + " came through");
                Object[] row = rows.rows.get(good - 1);
                assertEquals(1000L + i, row[row.length - 1], "its event time");
            } else {
                expectedCounted.add(offset(i));
            }
        }
        assertEquals(expectedCounted.size(), dropping.dropped());
        assertEquals(expectedCounted.size(), counted.size());
        int k = 0;
        for (int i = 0; i < stream.size(); i++) {
            Record r = stream.get(i);
            if (r.reason() == null) {
                continue;
            }
            String c = counted.get(k++);
            assertTrue(c.startsWith("kafka table 't', " + offset(i) + " | "), c);
            assertTrue(c.contains(r.reason()), "record " + i + ": " + c);
            assertTrue(!c.contains("Exception"), "no Java exception names: " + c);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("streams")
    void failStopsAtTheFirstMalformedRecordNamingItsPosition(String name, Schema columns, RowFormat format,
            List<Record> stream) throws Exception {
        SchemaResolver registry = id -> {
            if (id != 1) {
                throw new ConnectorException("schema " + id + " is not in the schema registry");
            }
            return AvroSchemas.of(columns);
        };
        PayloadDecoder failing = new PayloadDecoder("kafka table 't'", columns, format, null, BadData.FAIL,
                BadDataCounter.NONE, registry, NO_METADATA);
        ListCollector rows = new ListCollector();
        int firstBad = -1;
        for (int i = 0; i < stream.size(); i++) {
            if (stream.get(i).reason() != null) {
                firstBad = i;
                break;
            }
        }
        for (int i = 0; i < stream.size(); i++) {
            Record r = stream.get(i);
            int at = i;
            if (i == firstBad) {
                ConnectorException e = assertThrows(ConnectorException.class, () -> failing.decode(r.bytes(), 0L,
                        PayloadDecoder.Metadata.NONE, offset(at), rows));
                assertTrue(e.getMessage().startsWith("kafka table 't', " + offset(i) + ": "), e.getMessage());
                assertTrue(e.getMessage().contains(r.reason()), e.getMessage());
                return;
            }
            assertTrue(failing.decode(r.bytes(), 0L, PayloadDecoder.Metadata.NONE, offset(at), rows));
        }
        assertEquals(-1, firstBad, name + ": a stream without malformed records decodes whole");
        assertEquals(stream.size(), rows.rows.size());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("streams")
    void newlineFramingNamesTheLineOfTheMalformedRecord(String name, Schema columns, RowFormat format,
            List<Record> stream) throws Exception {
        if (!name.equals("json") && !name.equals("raw_string")) {
            return;
        }
        Framing framing = Framing.fromOptions(new Options("kafka", Map.of("framing", "newline"))).orElseThrow();
        List<String> counted = new ArrayList<>();
        PayloadDecoder dropping = new PayloadDecoder("kafka table 't'", columns, format, framing, BadData.DROP,
                (where, why) -> counted.add(where), id -> AvroSchemas.of(columns), NO_METADATA);
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        List<String> expected = new ArrayList<>();
        int good = 0;
        int line = 0;
        for (Record r : stream) {
            if (r.bytes().length == 0 || new String(r.bytes(), StandardCharsets.ISO_8859_1).contains("\n")) {
                continue;
            }
            line++;
            payload.writeBytes(r.bytes());
            payload.write('\n');
            if (r.reason() == null) {
                good++;
            } else {
                expected.add(offset(0) + ", line " + line);
            }
        }
        ListCollector rows = new ListCollector();
        dropping.decode(payload.toByteArray(), 0L, PayloadDecoder.Metadata.NONE, offset(0), rows);
        assertEquals(good, rows.rows.size());
        assertEquals(expected.size(), counted.size());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals("kafka table 't', " + expected.get(i), counted.get(i));
        }
    }
}
