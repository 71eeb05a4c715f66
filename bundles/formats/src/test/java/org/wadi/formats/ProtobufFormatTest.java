package org.wadi.formats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumDescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumValueDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Label;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Type;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.Timestamp;
import com.google.protobuf.TimestampProto;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.wadi.formats.testing.ConnectorHarness.ListCollector;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.connector.Options;
import org.wadi.spi.types.DataType;
import org.wadi.spi.types.Field;
import org.wadi.spi.types.Schema;

/**
 * Messages built with protobuf-java's own builders from a schema compiled as protoc would
 * ({@code FileDescriptorSet} with its imports), decoded by field name.
 */
class ProtobufFormatTest {

    /** {@code package shop; message Order { int64 id; string name; uint32 qty; Status status; bytes blob;
     *  repeated string tags; Address address; google.protobuf.Timestamp at; optional double score; } } */
    static final FileDescriptorProto ORDERS = FileDescriptorProto.newBuilder()
            .setName("orders.proto").setPackage("shop").setSyntax("proto3")
            .addDependency("google/protobuf/timestamp.proto")
            .addEnumType(EnumDescriptorProto.newBuilder().setName("Status")
                    .addValue(EnumValueDescriptorProto.newBuilder().setName("NEW").setNumber(0))
                    .addValue(EnumValueDescriptorProto.newBuilder().setName("PAID").setNumber(1)))
            .addMessageType(DescriptorProto.newBuilder().setName("Address")
                    .addField(field("city", 1, Type.TYPE_STRING))
                    .addField(field("zip", 2, Type.TYPE_INT32)))
            .addMessageType(DescriptorProto.newBuilder().setName("Order")
                    .addField(field("id", 1, Type.TYPE_INT64))
                    .addField(field("name", 2, Type.TYPE_STRING))
                    .addField(field("qty", 3, Type.TYPE_UINT32))
                    .addField(field("status", 4, Type.TYPE_ENUM).setTypeName(".shop.Status"))
                    .addField(field("blob", 5, Type.TYPE_BYTES))
                    .addField(field("tags", 6, Type.TYPE_STRING).setLabel(Label.LABEL_REPEATED))
                    .addField(field("address", 7, Type.TYPE_MESSAGE).setTypeName(".shop.Address"))
                    .addField(field("at", 8, Type.TYPE_MESSAGE).setTypeName(".google.protobuf.Timestamp"))
                    .addField(field("score", 9, Type.TYPE_DOUBLE).setProto3Optional(true).setOneofIndex(0))
                    .addOneofDecl(com.google.protobuf.DescriptorProtos.OneofDescriptorProto.newBuilder().setName("_score")))
            .build();

    static final Schema COLUMNS = Schema.of(
            new Field("id", DataType.INT64, false),
            Field.of("name", DataType.UTF8),
            Field.of("qty", DataType.INT64),
            Field.of("status", DataType.UTF8),
            Field.of("blob", DataType.BINARY),
            Field.of("tags", DataType.list(DataType.UTF8)),
            Field.of("address", DataType.struct(List.of(Field.of("city", DataType.UTF8), Field.of("zip", DataType.INT32)))),
            Field.of("at", DataType.TIMESTAMP),
            Field.of("score", DataType.FLOAT64),
            Field.of("missing", DataType.UTF8));

    private static FieldDescriptorProto.Builder field(String name, int number, Type type) {
        return FieldDescriptorProto.newBuilder().setName(name).setNumber(number).setType(type)
                .setLabel(Label.LABEL_OPTIONAL).setJsonName(name);
    }

    static byte[] compiledSchema() {
        return FileDescriptorSet.newBuilder().addFile(TimestampProto.getDescriptor().toProto()).addFile(ORDERS).build()
                .toByteArray();
    }

    static Descriptor order() throws Exception {
        return FileDescriptor.buildFrom(ORDERS, new FileDescriptor[] {TimestampProto.getDescriptor()})
                .findMessageTypeByName("Order");
    }

    static DynamicMessage message(long i) throws Exception {
        Descriptor d = order();
        Descriptor address = d.getFile().findMessageTypeByName("Address");
        return DynamicMessage.newBuilder(d)
                .setField(d.findFieldByName("id"), i)
                .setField(d.findFieldByName("name"), "order-" + i)
                .setField(d.findFieldByName("qty"), -1) // uint32 4294967295
                .setField(d.findFieldByName("status"), d.getFile().findEnumTypeByName("Status").findValueByNumber(1))
                .setField(d.findFieldByName("blob"), ByteString.copyFrom(new byte[] {1, 2, (byte) i}))
                .addRepeatedField(d.findFieldByName("tags"), "a")
                .addRepeatedField(d.findFieldByName("tags"), "b" + i)
                .setField(d.findFieldByName("address"), DynamicMessage.newBuilder(address)
                        .setField(address.findFieldByName("city"), "Lyon").build())
                .setField(d.findFieldByName("at"), Timestamp.newBuilder().setSeconds(1_700_000_000L).setNanos(5).build())
                .build();
    }

    private static Object[] decodeOne(ProtobufFormat format, byte[] bytes) throws Exception {
        List<Object[]> out = new ArrayList<>();
        RowDecoder.create(COLUMNS, RowFormat.of(format), SchemaResolver.NONE).decode(bytes, (k, v) -> out.add(v));
        assertEquals(1, out.size());
        return out.get(0);
    }

    @Test
    void decodesFieldsByName() throws Exception {
        Object[] row = decodeOne(new ProtobufFormat(compiledSchema(), "shop.Order", false, false),
                message(7).toByteArray());
        assertEquals(7L, row[0]);
        assertEquals("order-7", row[1]);
        assertEquals(4_294_967_295L, row[2], "uint32 read unsigned");
        assertEquals("PAID", row[3], "an enum in a TEXT column: its name");
        assertArrayEquals(new byte[] {1, 2, 7}, (byte[]) row[4]);
        assertEquals(List.of("a", "b7"), row[5]);
        assertArrayEquals(new Object[] {"Lyon", 0}, (Object[]) row[6], "unset proto3 scalar: its default");
        assertEquals(1_700_000_000_000_000_005L, row[7]);
        assertNull(row[8], "unset optional field: NULL");
        assertNull(row[9], "no such field: NULL");
    }

    @Test
    void lengthDelimitedAndConfluentFramedMessages() throws Exception {
        DynamicMessage m = message(3);
        ByteArrayOutputStream delimited = new ByteArrayOutputStream();
        m.writeDelimitedTo(delimited);
        assertEquals(3L, decodeOne(new ProtobufFormat(compiledSchema(), "shop.Order", true, false),
                delimited.toByteArray())[0]);
        // Confluent: magic byte, id, message indexes [0] written as the single byte 0, then the message
        ByteArrayOutputStream framed = new ByteArrayOutputStream();
        framed.write(ConfluentFraming.header(31));
        framed.write(0);
        m.writeTo(framed);
        assertEquals(3L, decodeOne(new ProtobufFormat(compiledSchema(), "shop.Order", false, true),
                framed.toByteArray())[0]);
        assertArrayEquals(new int[] {6}, ConfluentFraming.skipMessageIndexes(framed.toByteArray()));
    }

    @Test
    void readsTheOptionsAsBase64CompiledSchema() throws Exception {
        Options options = new Options("kafka", Map.of("format", "protobuf", "protobuf.message_name", "shop.Order",
                "protobuf.compiled_schema", java.util.Base64.getEncoder().encodeToString(compiledSchema()),
                "protobuf.length_delimited", "true"));
        RowFormat f = RowFormat.fromOptions(options, true).orElseThrow();
        assertTrue(f.protobuf().lengthDelimited());
        ConnectorException e = assertThrows(ConnectorException.class, () -> RowDecoder.create(COLUMNS,
                RowFormat.of(new ProtobufFormat(compiledSchema(), "shop.Nope", false, false)), SchemaResolver.NONE));
        assertTrue(e.getMessage().contains("shop.Nope") && e.getMessage().contains("shop.Order"), e.getMessage());
        e = assertThrows(ConnectorException.class, () -> RowFormat.fromOptions(new Options("kafka", Map.of(
                "format", "protobuf", "protobuf.message_name", "a.B", "protobuf.compiled_schema", "%%%")), true));
        assertTrue(e.getMessage().contains("protobuf.compiled_schema"), e.getMessage());
        e = assertThrows(ConnectorException.class, () -> RowDecoder.create(COLUMNS, RowFormat.of(
                new ProtobufFormat(FileDescriptorSet.newBuilder().addFile(ORDERS).build().toByteArray(), "shop.Order",
                        false, false)), SchemaResolver.NONE));
        assertTrue(e.getMessage().contains("google/protobuf/timestamp.proto"), e.getMessage());
    }

    @Test
    void malformedMessagesFailNamingThePositionOrAreDroppedAndCounted() throws Exception {
        RowFormat format = RowFormat.of(new ProtobufFormat(compiledSchema(), "shop.Order", false, false));
        byte[] garbage = {(byte) 0x0a, (byte) 0xff, (byte) 0xff, 0x01};
        PayloadDecoder failing = new PayloadDecoder("nats table 'orders'", COLUMNS, format, null, BadData.FAIL,
                BadDataCounter.NONE, SchemaResolver.NONE, Map.of());
        ConnectorException e = assertThrows(ConnectorException.class, () -> failing.decode(garbage, 0L,
                PayloadDecoder.Metadata.NONE, "stream sequence 12", new ListCollector()));
        assertTrue(e.getMessage().startsWith("nats table 'orders', stream sequence 12: Invalid Protobuf record"),
                e.getMessage());
        List<String> counted = new ArrayList<>();
        PayloadDecoder dropping = new PayloadDecoder("nats table 'orders'", COLUMNS, format, null, BadData.DROP,
                (where, reason) -> counted.add(where + ": " + reason), SchemaResolver.NONE, Map.of());
        ListCollector rows = new ListCollector();
        dropping.decode(garbage, 0L, PayloadDecoder.Metadata.NONE, "stream sequence 12", rows);
        dropping.decode(message(1).toByteArray(), 99L, PayloadDecoder.Metadata.NONE, "stream sequence 13", rows);
        assertEquals(1, rows.rows.size());
        assertEquals(99L, rows.rows.get(0)[COLUMNS.size()], "the event time last");
        assertEquals(1, counted.size());
        assertTrue(counted.get(0).startsWith("nats table 'orders', stream sequence 12: Invalid Protobuf"), counted.get(0));
    }

    @Test
    void intoUnstructuredJsonGivesEachMessageAsJson() throws Exception {
        List<Object[]> out = new ArrayList<>();
        RowDecoder.create(Schema.of(Field.of("value", DataType.JSON)), RowFormat.of(new ProtobufFormat(compiledSchema(),
                "shop.Order", false, false, true)), SchemaResolver.NONE).decode(message(5).toByteArray(),
                (k, v) -> out.add(v));
        com.fasterxml.jackson.databind.JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree((String) out.get(0)[0]);
        assertEquals(5, json.get("id").asInt());
        assertEquals("PAID", json.get("status").asText());
        assertEquals("b5", json.at("/tags/1").asText());
        assertEquals(4294967295L, json.get("qty").asLong());
    }

    @Test
    void protobufIsNotWritable() {
        ConnectorException e = assertThrows(ConnectorException.class, () -> RowEncoder.create(COLUMNS,
                RowFormat.of(new ProtobufFormat(compiledSchema(), "shop.Order", false, false)), -1));
        assertTrue(e.getMessage().contains("can only be read"), e.getMessage());
    }
}
