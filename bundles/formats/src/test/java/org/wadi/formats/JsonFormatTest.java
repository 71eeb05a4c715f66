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
        assertEquals(f.withDebezium(false), JsonFormat.fromTableOptions(Map.of("json.decimal_encoding", "string")));
        o.checkAllKnown();
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
