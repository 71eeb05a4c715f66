package org.wadi.formats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema.Type;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;
import org.wadi.formats.testing.ConnectorHarness.ListCollector;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.types.DataType;
import org.wadi.spi.types.Field;
import org.wadi.spi.types.Schema;

class AvroFormatTest {

    private static final AvroFormat RAW = new AvroFormat(null, true, false);
    private static final AvroFormat CONTAINER = new AvroFormat(null, false, false);
    private static final AvroFormat CONFLUENT = new AvroFormat(null, false, true);

    private static List<Object[]> decode(RowFormat format, byte[] bytes, SchemaResolver registry) throws Exception {
        List<Object[]> out = new ArrayList<>();
        RowDecoder.create(Rows8.SCHEMA, format, registry).decode(bytes, (kind, values) -> out.add(values));
        return out;
    }

    private static void assertRow(Object[] expected, Object[] actual) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            if (expected[i] instanceof Object[] e) {
                assertArrayEquals(e, (Object[]) actual[i], "column " + i);
            } else {
                assertEquals(expected[i], actual[i], "column " + i);
            }
        }
    }

    @Test
    void derivesTheSchemaFromTheColumnsAsArroyo() {
        org.apache.avro.Schema s = new org.apache.avro.Schema.Parser().parse(AvroSchemas.of(Rows8.SCHEMA.withTimestamp()));
        assertEquals("ArroyoAvro", s.getName());
        assertEquals(8, s.getFields().size(), "no _timestamp field");
        assertEquals(Type.LONG, s.getField("id").schema().getType(), "NOT NULL: no union");
        List<org.apache.avro.Schema> name = s.getField("name").schema().getTypes();
        assertEquals(List.of(Type.NULL, Type.STRING), name.stream().map(org.apache.avro.Schema::getType).toList());
        org.apache.avro.Schema price = s.getField("price").schema().getTypes().get(1);
        assertEquals(LogicalTypes.decimal(10, 2), price.getLogicalType());
        assertEquals(LogicalTypes.timestampMicros(), s.getField("ts").schema().getTypes().get(1).getLogicalType());
        org.apache.avro.Schema address = s.getField("address").schema().getTypes().get(1);
        assertEquals("ArroyoAvro_address", address.getName());
        assertEquals(Type.ARRAY, s.getField("tags").schema().getTypes().get(1).getType());
        assertEquals("a_b__c", new org.apache.avro.Schema.Parser().parse(AvroSchemas.of(
                Schema.of(Field.of("a-b.c", DataType.INT32)))).getFields().get(0).name());
    }

    @Test
    void rawDatumsRoundTrip() throws Exception {
        RowEncoder encoder = RowEncoder.create(Rows8.SCHEMA.withTimestamp(), RowFormat.of(RAW), -1);
        for (long i = 0; i < 20; i++) {
            Object[] row = Rows8.row(i);
            Object[] withTs = java.util.Arrays.copyOf(row, 9);
            withTs[8] = 42L;
            List<Object[]> back = decode(RowFormat.of(RAW), encoder.encode(withTs), SchemaResolver.NONE);
            assertEquals(1, back.size());
            assertRow(row, back.get(0));
        }
    }

    @Test
    void containerFilesRoundTripAndStartWithTheMagic() throws Exception {
        byte[] bytes = RowEncoder.create(Rows8.SCHEMA, RowFormat.of(CONTAINER), -1).encode(Rows8.row(5));
        assertArrayEquals(new byte[] {'O', 'b', 'j', 1}, java.util.Arrays.copyOf(bytes, 4));
        assertRow(Rows8.row(5), decode(RowFormat.of(CONTAINER), bytes, SchemaResolver.NONE).get(0));
    }

    @Test
    void confluentFramingCarriesTheIdAndResolvesTheWriterSchema() throws Exception {
        String schema = AvroSchemas.of(Rows8.SCHEMA);
        byte[] bytes = RowEncoder.create(Rows8.SCHEMA, RowFormat.of(CONFLUENT), 77).encode(Rows8.row(3));
        assertEquals(0, bytes[0]);
        assertEquals(77, ConfluentFraming.schemaId(bytes));
        List<Integer> asked = new ArrayList<>();
        SchemaResolver registry = id -> {
            asked.add(id);
            return schema;
        };
        RowDecoder decoder = RowDecoder.create(Rows8.SCHEMA, RowFormat.of(CONFLUENT), registry);
        List<Object[]> out = new ArrayList<>();
        decoder.decode(bytes, (k, v) -> out.add(v));
        decoder.decode(bytes, (k, v) -> out.add(v));
        assertRow(Rows8.row(3), out.get(1));
        assertEquals(List.of(77), asked, "the schema is fetched once per id");
    }

    @Test
    void readsAForeignWriterSchemaByFieldName() throws Exception {
        // another producer's schema: other record name, other field order, an extra field, int timestamps in millis
        String writer = """
                {"type":"record","name":"Order","namespace":"shop","fields":[
                 {"name":"extra","type":"string"},
                 {"name":"ts","type":{"type":"long","logicalType":"timestamp-millis"}},
                 {"name":"id","type":"long"},
                 {"name":"price","type":["null",{"type":"bytes","logicalType":"decimal","precision":9,"scale":3}]}]}""";
        org.apache.avro.Schema s = new org.apache.avro.Schema.Parser().parse(writer);
        GenericRecord r = new GenericData.Record(s);
        r.put("extra", "x");
        r.put("ts", 1_700_000_000_123L);
        r.put("id", 9L);
        r.put("price", java.nio.ByteBuffer.wrap(new BigDecimal("12.345").unscaledValue().toByteArray()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(ConfluentFraming.header(5));
        BinaryEncoder e = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(s).write(r, e);
        e.flush();
        Object[] row = decode(RowFormat.of(CONFLUENT), out.toByteArray(), id -> writer).get(0);
        assertEquals(9L, row[0]);
        assertNull(row[1], "absent field: NULL");
        assertEquals(new BigDecimal("12.35"), row[2], "rescaled to the column's scale");
        assertEquals(1_700_000_000_123_000_000L, row[3]);
    }

    @Test
    void inlineSchemaOptionIsTheWriterSchema() throws Exception {
        String writer = "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"id\",\"type\":\"long\"}]}";
        AvroFormat inline = new AvroFormat(writer, true, false);
        byte[] bytes = RowEncoder.create(Rows8.SCHEMA, RowFormat.of(inline), -1).encode(Rows8.row(4));
        assertEquals(1, bytes.length, "one zig-zag varint: only the id is written");
        Object[] row = decode(RowFormat.of(inline), bytes, SchemaResolver.NONE).get(0);
        assertEquals(4L, row[0]);
        assertNull(row[1]);
    }

    @Test
    void malformedRecordsFailNamingThePositionOrAreDroppedAndCounted() throws Exception {
        byte[] good = RowEncoder.create(Rows8.SCHEMA, RowFormat.of(RAW), -1).encode(Rows8.row(1));
        byte[] truncated = java.util.Arrays.copyOf(good, good.length - 3);
        PayloadDecoder failing = new PayloadDecoder("kafka table 'orders'", Rows8.SCHEMA, RowFormat.of(RAW), null,
                BadData.FAIL, BadDataCounter.NONE, SchemaResolver.NONE, Map.of());
        ListCollector rows = new ListCollector();
        ConnectorException e = assertThrows(ConnectorException.class,
                () -> failing.decode(truncated, 0L, PayloadDecoder.Metadata.NONE, "topic t partition 2 offset 17", rows));
        assertTrue(e.getMessage().startsWith("kafka table 'orders', topic t partition 2 offset 17: Invalid Avro record"),
                e.getMessage());
        List<String> counted = new ArrayList<>();
        PayloadDecoder dropping = new PayloadDecoder("kafka table 'orders'", Rows8.SCHEMA, RowFormat.of(RAW), null,
                BadData.DROP, (where, reason) -> counted.add(where), SchemaResolver.NONE, Map.of());
        assertFalse(dropping.decode(truncated, 0L, PayloadDecoder.Metadata.NONE, "offset 17", rows));
        assertTrue(dropping.decode(good, 0L, PayloadDecoder.Metadata.NONE, "offset 18", rows));
        assertEquals(1, dropping.dropped());
        assertEquals(List.of("kafka table 'orders', offset 17"), counted);
        assertEquals(1, rows.rows.size());
        assertEquals(1L, rows.rows.get(0)[0]);
    }

    @Test
    void unknownSchemaIdsAndUnframedValuesAreBadRecords() throws Exception {
        RowDecoder decoder = RowDecoder.create(Rows8.SCHEMA, RowFormat.of(CONFLUENT), id -> {
            throw new IllegalStateException("404 subject not found");
        });
        ConnectorException e = assertThrows(ConnectorException.class,
                () -> decoder.decode(ConfluentFraming.frame(12, new byte[] {2}), (k, v) -> { }));
        assertTrue(e.getMessage().contains("schema id 12") && e.getMessage().contains("404"), e.getMessage());
        e = assertThrows(ConnectorException.class, () -> decoder.decode(new byte[] {'{', '}'}, (k, v) -> { }));
        assertTrue(e.getMessage().contains("Confluent's wire format"), e.getMessage());
        e = assertThrows(ConnectorException.class, () -> decode(RowFormat.of(CONTAINER), new byte[] {1, 2, 3},
                SchemaResolver.NONE));
        assertTrue(e.getMessage().contains("avro.raw_datums"), e.getMessage());
    }

    @Test
    void intoUnstructuredJsonGivesEachDatumAsJson() throws Exception {
        byte[] file = RowEncoder.create(Rows8.SCHEMA, RowFormat.of(CONTAINER), -1).encode(Rows8.row(2));
        Schema value = Schema.of(Field.of("value", DataType.JSON));
        List<Object[]> out = new ArrayList<>();
        RowDecoder.create(value, RowFormat.of(new AvroFormat(null, false, false, true)), SchemaResolver.NONE)
                .decode(file, (k, v) -> out.add(v));
        com.fasterxml.jackson.databind.JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree((String) out.get(0)[0]);
        assertEquals(2, json.get("id").asInt());
        assertEquals("city-2", json.at("/address/city").asText());
        ConnectorException e = assertThrows(ConnectorException.class, () -> RowDecoder.create(Rows8.SCHEMA,
                RowFormat.of(new AvroFormat(null, false, false, true)), SchemaResolver.NONE));
        assertTrue(e.getMessage().contains("avro.into_unstructured_json"), e.getMessage());
    }

    @Test
    void notNullColumnsRefuseNull() throws Exception {
        Schema s = Schema.of(Field.of("id", DataType.INT64));
        byte[] bytes = RowEncoder.create(s, RowFormat.of(RAW), -1).encode(new Object[] {null});
        ConnectorException e = assertThrows(ConnectorException.class, () -> RowDecoder.create(
                Schema.of(new Field("id", DataType.INT64, false)), RowFormat.of(new AvroFormat(AvroSchemas.of(s), true,
                        false)), SchemaResolver.NONE).decode(bytes, (k, v) -> { }));
        assertTrue(e.getMessage().contains("'id'") && e.getMessage().contains("NOT NULL"), e.getMessage());
    }
}
