package org.wadi.formats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.wadi.spi.connector.Options;
import org.wadi.spi.types.DataType;
import org.wadi.spi.types.Field;
import org.wadi.spi.types.Schema;

/**
 * Encode and decode rates (rows/s, one thread) per format for the 8-column row of {@link Rows8}
 * (Protobuf: decode only, a 10-field message). Figures, not assertions; run by hand:
 * {@code mvn -o -q surefire:test -pl bundles/formats -Dtest=FormatsThroughputTest -Dwadi.formats.throughput=true}.
 */
@EnabledIfSystemProperty(named = "wadi.formats.throughput", matches = "true")
class FormatsThroughputTest {

    private static final int ROWS = Integer.getInteger("wadi.formats.rows", 200_000);

    private static void measure(String name, Schema schema, RowFormat format, List<Object[]> rows) throws Exception {
        RowEncoder encoder = RowEncoder.create(schema, format, 1);
        List<byte[]> payloads = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size() / 5; i++) { // warm-up
            encoder.encode(rows.get(i));
        }
        long t0 = System.nanoTime();
        for (Object[] row : rows) {
            payloads.add(encoder.encode(row));
        }
        long t1 = System.nanoTime();
        decodeRate(name, schema, format, payloads, (t1 - t0));
    }

    private static void decodeRate(String name, Schema schema, RowFormat format, List<byte[]> payloads, long encodeNanos)
            throws Exception {
        RowDecoder decoder = RowDecoder.create(schema, format, id -> AvroSchemas.of(schema));
        long[] count = {0};
        RowDecoder.Rows out = (k, v) -> count[0]++;
        for (int i = 0; i < payloads.size() / 5; i++) {
            decoder.decode(payloads.get(i), out);
        }
        count[0] = 0;
        long t0 = System.nanoTime();
        for (byte[] p : payloads) {
            decoder.decode(p, out);
        }
        long t1 = System.nanoTime();
        assertEquals(payloads.size(), count[0]);
        long bytes = payloads.stream().mapToLong(p -> p.length).sum();
        System.out.printf("%-28s encode %10s rows/s   decode %,10.0f rows/s   %5.1f bytes/row%n", name,
                encodeNanos < 0 ? "-" : String.format("%,.0f", payloads.size() * 1e9 / encodeNanos),
                payloads.size() * 1e9 / (t1 - t0), (double) bytes / payloads.size());
    }

    @Test
    void ratesPerFormat() throws Exception {
        List<Object[]> rows = new ArrayList<>(ROWS);
        for (int i = 0; i < ROWS; i++) {
            rows.add(Rows8.row(i));
        }
        System.out.println("rows: " + ROWS + " of 8 columns (BIGINT, TEXT, DECIMAL, TIMESTAMP, BOOLEAN, DOUBLE, TEXT[], STRUCT)");
        measure("json", Rows8.SCHEMA, RowFormat.of(JsonFormat.DEFAULT), rows);
        measure("json confluent", Rows8.SCHEMA, RowFormat.fromOptions(new Options("t", Map.of("format", "json",
                "json.confluent_schema_registry", "true")), true).orElseThrow(), rows);
        measure("avro raw_datums", Rows8.SCHEMA, RowFormat.of(new AvroFormat(null, true, false)), rows);
        measure("avro confluent", Rows8.SCHEMA, RowFormat.of(new AvroFormat(null, false, true)), rows);
        measure("avro container (per row)", Rows8.SCHEMA, RowFormat.of(new AvroFormat(null, false, false)), rows);
        Schema text = Schema.of(Field.of("value", DataType.UTF8));
        List<Object[]> texts = rows.stream().map(r -> new Object[] {"name-" + r[0] + "," + r[2] + "," + r[3]}).toList();
        measure("raw_string", text, RowFormat.rawString(), texts);
        List<byte[]> messages = new ArrayList<>(ROWS);
        for (int i = 0; i < ROWS; i++) {
            messages.add(ProtobufFormatTest.message(i).toByteArray());
        }
        decodeRate("protobuf (decode only)", ProtobufFormatTest.COLUMNS, RowFormat.of(new ProtobufFormat(
                ProtobufFormatTest.compiledSchema(), "shop.Order", false, false)), messages, -1);
        System.out.println("(protobuf.compiled_schema is " + Base64.getEncoder()
                .encodeToString(ProtobufFormatTest.compiledSchema()).length() + " base64 characters)");
    }
}
