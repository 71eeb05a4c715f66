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
        assertEquals("Unsupported format 'avro' for connector 'stdout'. Supported formats: json", e.getMessage());
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
    void badValues() {
        ConnectorException e = assertThrows(ConnectorException.class, () -> JsonFormat.fromOptions(
                new Options("x", Map.of("format", "json", "json.decimal_encoding", "hex")), true));
        assertTrue(e.getMessage().contains("'hex'") && e.getMessage().contains("number, string, bytes"), e.getMessage());
        ConnectorException b = assertThrows(ConnectorException.class,
                () -> BadData.fromOptions(new Options("x", Map.of("bad_data", "ignore"))));
        assertTrue(b.getMessage().contains("drop, fail"), b.getMessage());
    }
}
