package org.wadi.connector.stdout.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.wadi.formats.testing.ConnectorHarness;
import org.wadi.formats.testing.ConnectorHarness.SinkCtx;
import org.wadi.formats.testing.ConnectorHarness.Task;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.connector.ConnectorTable;
import org.wadi.spi.connector.Sink;
import org.wadi.spi.types.DataType;
import org.wadi.spi.types.Field;
import org.wadi.spi.types.Schema;

class StdoutConnectorTest {

    private static final Schema COLUMNS = Schema.of(Field.of("n", DataType.INT64), Field.of("t", DataType.TIMESTAMP));

    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private final StdoutConnector connector =
            new StdoutConnector(() -> new PrintStream(captured, false, StandardCharsets.UTF_8));

    private String printed() {
        return captured.toString(StandardCharsets.UTF_8);
    }

    @Test
    void printsJsonLines() throws Exception {
        ConnectorTable t = connector.table(ConnectorHarness.request("stdout", COLUMNS, Map.of("format", "json"), null));
        assertEquals("json", t.option("format"));
        List<Object[]> rows = new ArrayList<>();
        for (long i = 0; i < 3; i++) {
            rows.add(new Object[] {i, 1_696_871_620_200_000_000L, 5L});
        }
        ConnectorHarness.writeAll(connector, t, new SinkCtx(Task.of(0, 1), null), rows);
        assertEquals("{\"n\":0,\"t\":\"2023-10-09T17:13:40.200\"}\n{\"n\":1,\"t\":\"2023-10-09T17:13:40.200\"}\n"
                + "{\"n\":2,\"t\":\"2023-10-09T17:13:40.200\"}\n", printed());
    }

    @Test
    void flushesFullBatchesAndTheRestAtCheckpoints() throws Exception {
        ConnectorTable t = connector.table(ConnectorHarness.request("stdout", COLUMNS,
                Map.of("json.timestamp_format", "unix_millis", "format", "json"), null));
        Sink sink = connector.createSink(t);
        sink.open(new SinkCtx(Task.of(0, 1), null), null);
        for (long i = 0; i < StdoutSink.MAX_ROWS; i++) {
            sink.write(new Object[] {i, 1_000_000L, 0L});
        }
        assertEquals(StdoutSink.MAX_ROWS, printed().lines().count());
        assertTrue(printed().startsWith("{\"n\":0,\"t\":1}\n"));
        sink.write(new Object[] {99L, null, 0L});
        sink.preCommit(1);
        assertTrue(printed().endsWith("{\"n\":99,\"t\":null}\n"));
        sink.close();
    }

    @Test
    void optionValidation() {
        ConnectorException avro = assertThrows(ConnectorException.class,
                () -> connector.table(ConnectorHarness.request("stdout", Map.of("format", "avro"))));
        assertEquals("Unsupported format 'avro' for connector 'stdout'. Supported formats: json", avro.getMessage());
        ConnectorException unknown = assertThrows(ConnectorException.class,
                () -> connector.table(ConnectorHarness.request("stdout", Map.of("topic", "x"))));
        assertEquals("Unsupported options found for connector 'stdout'. Unsupported: topic. Supported: format,"
                + " json.decimal_encoding, json.timestamp_format", unknown.getMessage());
    }
}
