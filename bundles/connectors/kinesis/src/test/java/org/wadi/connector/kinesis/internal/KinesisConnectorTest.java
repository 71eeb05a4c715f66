package org.wadi.connector.kinesis.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.connector.ConnectorTable;
import org.wadi.spi.connector.Options;
import org.wadi.spi.connector.TableRequest;

/** Options, defaults and error messages of the kinesis connector (no server needed). */
class KinesisConnectorTest {

    private static ConnectorTable table(String... kv) throws ConnectorException {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return new KinesisConnector().table(new TableRequest("t", KinesisTesting.SCHEMA, new Options("kinesis", m),
                null));
    }

    private static String error(String... kv) {
        return assertThrows(ConnectorException.class, () -> table(kv)).getMessage();
    }

    @Test
    void arroyosOptionsResolveWithTheirDefaults() throws Exception {
        KinesisConfig source = KinesisConfig.of(table("stream_name", "s", "aws_region", "eu-west-1", "type", "source",
                "format", "json").options());
        assertEquals("latest", source.offset());
        assertEquals("eu-west-1", source.region());
        KinesisConfig sink = KinesisConfig.of(table("stream_name", "s", "type", "sink", "format", "json",
                "sink.records_per_batch", "100", "sink.batch_max_buffer_size", "1000000",
                "sink.batch_flush_interval_millis", "250").options());
        assertEquals(100, sink.recordsPerBatch());
        assertEquals(1_000_000, sink.maxBufferBytes());
        assertEquals(250, sink.flushIntervalMillis());
        KinesisConfig defaults = KinesisConfig.of(table("stream_name", "s", "type", "sink", "format", "json")
                .options());
        assertEquals(500, defaults.recordsPerBatch());
        assertEquals(4_000_000, defaults.maxBufferBytes());
    }

    @Test
    void badOptionsAreNamed() {
        assertTrue(error("type", "source", "format", "json").contains("Missing required option 'stream_name'"));
        assertTrue(error("stream_name", "s", "format", "json").contains("Missing required option 'type'"));
        assertTrue(error("stream_name", "s", "type", "source", "source.offset", "first", "format", "json")
                .contains("Invalid value 'first' for option 'source.offset' of connector 'kinesis': expected one of"
                        + " latest, earliest"));
        assertTrue(error("stream_name", "s", "type", "sink", "sink.records_per_batch", "501", "format", "json")
                .contains("expected 1 to 500 records"));
        assertTrue(error("stream_name", "s", "type", "sink", "sink.batch_max_buffer_size", "5000000", "format", "json")
                .contains("'sink.batch_max_buffer_size'"));
        assertTrue(error("stream_name", "s", "type", "source", "sink.records_per_batch", "5", "format", "json")
                .contains("is for sinks"));
        assertTrue(error("stream_name", "s", "type", "sink", "source.offset", "latest", "format", "json")
                .contains("is for sources"));
        assertTrue(error("stream_name", "s", "type", "source", "aws_endpoint", "localhost:4567", "format", "json")
                .contains("expected an http:// or https:// address"));
        String unknown = error("stream_name", "s", "type", "source", "format", "json", "offset", "latest");
        assertTrue(unknown.contains("Unsupported: offset.") && unknown.contains("source.offset"), unknown);
    }

    @Test
    void theMetadataDescribesEveryOption() throws Exception {
        JsonNode schema = new ObjectMapper().readTree(new KinesisConnector().metadata().tableConfig());
        for (String key : new String[] {"stream_name", "aws_region", "aws_endpoint", "type", "source.offset",
                "sink.records_per_batch", "sink.batch_max_buffer_size", "sink.batch_flush_interval_millis", "format",
                "bad_data"}) {
            assertTrue(schema.path("properties").has(key), key);
        }
    }
}
