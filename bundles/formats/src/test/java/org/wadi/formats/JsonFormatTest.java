package org.wadi.formats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.connector.Options;

class JsonFormatTest {

    @Test
    void readsArroyoOptionsAndNormalises() throws Exception {
        Options o = new Options("x", Map.of("format", "json", "json.timestamp_format", "unix_millis"));
        JsonFormat f = JsonFormat.fromOptions(o, true).orElseThrow();
        assertEquals(JsonFormat.TimestampFormat.UNIX_MILLIS, f.timestampFormat());
        assertEquals(JsonFormat.DecimalEncoding.NUMBER, f.decimalEncoding());
        Map<String, String> normalised = new HashMap<>();
        f.putInto(normalised);
        assertEquals(Map.of("format", "json", "json.timestamp_format", "unix_millis", "json.decimal_encoding", "number"),
                normalised);
        assertEquals(f, JsonFormat.fromTableOptions(normalised));
        o.checkAllKnown();
    }

    @Test
    void rejectsOtherFormatsListingSupported() {
        ConnectorException e = assertThrows(ConnectorException.class,
                () -> JsonFormat.fromOptions(new Options("stdout", Map.of("format", "avro")), false));
        assertEquals("Unsupported format 'avro' for connector 'stdout'. Supported formats: json, debezium_json",
                e.getMessage());
    }

    @Test
    void debeziumJsonHasTheJsonOptionsAndSurvivesNormalisation() throws Exception {
        Options o = new Options("x", Map.of("format", "debezium_json", "json.decimal_encoding", "string"));
        JsonFormat f = JsonFormat.fromOptions(o, true).orElseThrow();
        assertTrue(f.debezium());
        assertEquals("debezium_json", f.name());
        assertEquals(JsonFormat.DecimalEncoding.STRING, f.decimalEncoding());
        Map<String, String> normalised = new HashMap<>();
        f.putInto(normalised);
        assertEquals("debezium_json", normalised.get("format"));
        assertEquals(f, JsonFormat.fromTableOptions(normalised));
        assertEquals(new JsonFormat(JsonFormat.TimestampFormat.RFC3339, JsonFormat.DecimalEncoding.STRING, false),
                JsonFormat.fromTableOptions(Map.of("json.decimal_encoding", "string")));
        o.checkAllKnown();
    }

    /** Arroyo's defaults for debezium_json are Debezium's encodings: epoch milliseconds, base64 unscaled decimals. */
    @Test
    void debeziumJsonDefaultsToDebeziumsEncodingsAsArroyo() throws Exception {
        JsonFormat debezium = JsonFormat.fromOptions(new Options("x", Map.of("format", "debezium_json")), true)
                .orElseThrow();
        assertEquals(JsonFormat.TimestampFormat.UNIX_MILLIS, debezium.timestampFormat());
        assertEquals(JsonFormat.DecimalEncoding.BYTES, debezium.decimalEncoding());
        assertEquals(debezium, JsonFormat.fromTableOptions(Map.of("format", "debezium_json")));
        JsonFormat json = JsonFormat.fromOptions(new Options("x", Map.of("format", "json")), true).orElseThrow();
        assertEquals(JsonFormat.TimestampFormat.RFC3339, json.timestampFormat());
        assertEquals(JsonFormat.DecimalEncoding.NUMBER, json.decimalEncoding());

        // written as Arroyo writes them, and read back the same
        org.wadi.spi.types.Schema columns = org.wadi.spi.types.Schema.of(
                org.wadi.spi.types.Field.of("at", org.wadi.spi.types.DataType.TIMESTAMP),
                org.wadi.spi.types.Field.of("price", org.wadi.spi.types.DataType.decimal(10, 2)));
        long at = java.time.Instant.parse("2023-10-09T17:13:40.200Z").toEpochMilli() * 1_000_000L;
        Object[] row = {at, new java.math.BigDecimal("-12.50")};
        StringBuilder events = new StringBuilder();
        new DebeziumJsonEncoder(columns, debezium, false).encode(row, (text, r) -> events.append(text));
        // -1250 unscaled: 16 bytes of two's complement (a 128-bit decimal, as Arrow holds it)
        assertEquals("{\"before\":null,\"after\":{\"at\":1696871620200,\"price\":\"///////////////////7Hg==\"},\"op\":\"c\"}",
                events.toString());
        java.util.List<Object[]> back = new java.util.ArrayList<>();
        new DebeziumJsonDecoder(columns, debezium).decode(events.toString(), 1, (kind, values) -> back.add(values));
        assertEquals(at, back.get(0)[0]);
        assertEquals(new java.math.BigDecimal("-12.50"), back.get(0)[1]);
    }

    @Test
    void onlyDebeziumJsonMayHoldUpdatingResults() throws Exception {
        JsonFormat.DEFAULT.checkWritable("filesystem", "out", false);
        JsonFormat.DEFAULT.withDebezium(true).checkWritable("filesystem", "out", true);
        JsonFormat.DEFAULT.withDebezium(true).checkWritable("filesystem", "out", false);
        ConnectorException e = assertThrows(ConnectorException.class,
                () -> JsonFormat.DEFAULT.checkWritable("filesystem", "out", true));
        assertEquals("filesystem table 'out' receives updating results; write them with format = 'debezium_json'",
                e.getMessage());
    }

    @Test
    void missingRequiredFormat() {
        ConnectorException e = assertThrows(ConnectorException.class,
                () -> JsonFormat.fromOptions(new Options("single_file", Map.of()), true));
        assertEquals("Missing required option 'format' for connector 'single_file'", e.getMessage());
    }

    @Test
    void optionalFormatMayBeAbsent() throws Exception {
        assertTrue(JsonFormat.fromOptions(new Options("stdout", Map.of()), false).isEmpty());
    }

    @Test
    void jsonOptionsNeedAFormat() {
        ConnectorException e = assertThrows(ConnectorException.class, () -> JsonFormat.fromOptions(
                new Options("stdout", Map.of("json.timestamp_format", "unix_millis")), false));
        assertEquals("Option 'json.timestamp_format' of connector 'stdout' needs format = 'json' or 'debezium_json'",
                e.getMessage());
    }

    @Test
    void badValues() {
        ConnectorException e = assertThrows(ConnectorException.class, () -> JsonFormat.fromOptions(
                new Options("x", Map.of("format", "json", "json.decimal_encoding", "hex")), true));
        assertTrue(e.getMessage().contains("'hex'") && e.getMessage().contains("number, string, bytes"), e.getMessage());
        ConnectorException b = assertThrows(ConnectorException.class,
                () -> BadData.fromOptions(new Options("x", Map.of("bad_data", "ignore"))));
        assertTrue(b.getMessage().contains("drop, fail"), b.getMessage());
    }
}
