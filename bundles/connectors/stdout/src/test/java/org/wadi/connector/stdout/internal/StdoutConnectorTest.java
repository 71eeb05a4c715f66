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
import org.wadi.spi.types.RowKind;
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
        assertEquals("Unsupported format 'avro' for connector 'stdout'. Supported formats: json, debezium_json",
                avro.getMessage());
        ConnectorException unknown = assertThrows(ConnectorException.class,
                () -> connector.table(ConnectorHarness.request("stdout", Map.of("topic", "x"))));
        assertEquals("Unsupported options found for connector 'stdout'. Unsupported: topic. Supported: format,"
                + " json.decimal_encoding, json.timestamp_format", unknown.getMessage());
    }

    private static Object[] change(long n, int kind) {
        return new Object[] {n, null, RowKind.of(kind), 5L};
    }

    @Test
    void withoutAFormatUpdatingResultsArePrintedAsDebeziumEvents() throws Exception {
        ConnectorTable t = connector.table(ConnectorHarness.request("stdout", COLUMNS, Map.of(), null));
        assertEquals(null, t.option("format"), "no format: the planner lets updating results in");
        Sink sink = connector.createSink(t);
        sink.open(new SinkCtx(Task.of(0, 1), null, true), null);
        sink.write(change(1, RowKind.INSERT));
        sink.write(change(1, RowKind.UPDATE_BEFORE));
        sink.write(change(2, RowKind.UPDATE_AFTER));
        sink.write(change(2, RowKind.DELETE));
        sink.write(change(3, RowKind.UPDATE_BEFORE));
        sink.finish();
        sink.close();
        assertEquals("{\"before\":null,\"after\":{\"n\":1,\"t\":null},\"op\":\"c\"}\n"
                + "{\"before\":{\"n\":1,\"t\":null},\"after\":{\"n\":2,\"t\":null},\"op\":\"u\"}\n"
                + "{\"before\":{\"n\":2,\"t\":null},\"after\":null,\"op\":\"d\"}\n"
                + "{\"before\":{\"n\":3,\"t\":null},\"after\":null,\"op\":\"d\"}\n", printed());
    }

    @Test
    void withoutAFormatAppendedRowsStayPlainJson() throws Exception {
        ConnectorTable t = connector.table(ConnectorHarness.request("stdout", COLUMNS, Map.of(), null));
        ConnectorHarness.writeAll(connector, t, new SinkCtx(Task.of(0, 1), null),
                List.<Object[]>of(new Object[] {1L, null, 5L}));
        assertEquals("{\"n\":1,\"t\":null}\n", printed());
    }

    @Test
    void plainJsonRefusesUpdatingResultsWhenItOpens() throws Exception {
        ConnectorTable t = connector.table(ConnectorHarness.request("stdout", COLUMNS, Map.of("format", "json"), null));
        Sink sink = connector.createSink(t);
        ConnectorException e = assertThrows(ConnectorException.class,
                () -> sink.open(new SinkCtx(Task.of(0, 1), null, true), null));
        assertEquals("stdout table 't' receives updating results; write them with format = 'debezium_json'",
                e.getMessage());
        sink.close();
        assertEquals("", printed());
    }

    @Test
    void debeziumJsonPrintsAppendedRowsAsCreatesWithTheJsonOptions() throws Exception {
        ConnectorTable t = connector.table(ConnectorHarness.request("stdout", COLUMNS,
                Map.of("format", "debezium_json", "json.timestamp_format", "unix_millis"), null));
        assertEquals("debezium_json", t.option("format"));
        ConnectorHarness.writeAll(connector, t, new SinkCtx(Task.of(0, 1), null),
                List.<Object[]>of(new Object[] {1L, 1_000_000L, 5L}));
        assertEquals("{\"before\":null,\"after\":{\"n\":1,\"t\":1},\"op\":\"c\"}\n", printed());
    }
}
