package org.wadi.connector.preview.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
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

class PreviewConnectorTest {

    private static final Schema COLUMNS = Schema.of(Field.of("k", DataType.UTF8), Field.of("c", DataType.INT64));

    private final PreviewConnector connector = new PreviewConnector();

    @Test
    void hiddenSinkNeedingColumnsAndNoOptions() throws Exception {
        assertTrue(connector.metadata().hidden());
        assertTrue(connector.metadata().sink());
        assertEquals(COLUMNS, connector.table(ConnectorHarness.request("preview", COLUMNS, Map.of(), null)).schema());
        assertThrows(ConnectorException.class, () -> connector.table(ConnectorHarness.request("preview", Map.of())));
        ConnectorException e = assertThrows(ConnectorException.class,
                () -> connector.table(ConnectorHarness.request("preview", COLUMNS, Map.of("x", "1"), null)));
        assertTrue(e.getMessage().startsWith("Unsupported options found for connector 'preview'. Unsupported: x"));
    }

    @Test
    void sendsFullBatchesAndTheRestAtTheEnd() throws Exception {
        ConnectorTable t = connector.table(ConnectorHarness.request("preview", COLUMNS, Map.of(), null));
        SinkCtx ctx = new SinkCtx(Task.of(0, 1), null);
        Sink sink = connector.createSink(t);
        sink.open(ctx, null);
        for (long i = 0; i < 2 * PreviewSink.MAX_ROWS + 2; i++) {
            sink.write(new Object[] {"a", i, 0L});
        }
        sink.finish();
        sink.close();
        List<String> rows = ctx.sentRows();
        assertEquals(2 * PreviewSink.MAX_ROWS + 2, rows.size());
        assertEquals("{\"k\":\"a\",\"c\":0}", rows.get(0));
        assertEquals(PreviewSink.MAX_ROWS, ctx.sent().get(0).size());
        assertTrue(ctx.sent().stream().allMatch(b -> b.size() <= PreviewSink.MAX_ROWS));
    }

    @Test
    void aLoneRowIsSentWithoutWaitingForACheckpoint() throws Exception {
        ConnectorTable t = connector.table(ConnectorHarness.request("preview", COLUMNS, Map.of(), null));
        SinkCtx ctx = new SinkCtx(Task.of(0, 1), null);
        Sink sink = connector.createSink(t);
        sink.open(ctx, null);
        try {
            sink.write(new Object[] {null, 7L, 0L});
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (ctx.sent().isEmpty() && System.nanoTime() < deadline) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
            }
            assertEquals(List.of(List.of("{\"k\":null,\"c\":7}")), ctx.sent());
        } finally {
            sink.close();
        }
    }

    @Test
    void updatingResultsAreSentAsDebeziumEvents() throws Exception {
        ConnectorTable t = connector.table(ConnectorHarness.request("preview", COLUMNS, Map.of(), null));
        SinkCtx ctx = new SinkCtx(Task.of(0, 1), null, true);
        ConnectorHarness.writeAll(connector, t, ctx, List.of(
                new Object[] {"a", 1L, RowKind.of(RowKind.INSERT), 0L},
                new Object[] {"a", 1L, RowKind.of(RowKind.UPDATE_BEFORE), 0L},
                new Object[] {"a", 2L, RowKind.of(RowKind.UPDATE_AFTER), 0L},
                new Object[] {"a", 2L, RowKind.of(RowKind.DELETE), 0L},
                new Object[] {"b", 9L, RowKind.of(RowKind.UPDATE_BEFORE), 0L}));
        assertEquals(List.of(
                "{\"before\":null,\"after\":{\"k\":\"a\",\"c\":1},\"op\":\"c\"}",
                "{\"before\":{\"k\":\"a\",\"c\":1},\"after\":{\"k\":\"a\",\"c\":2},\"op\":\"u\"}",
                "{\"before\":{\"k\":\"a\",\"c\":2},\"after\":null,\"op\":\"d\"}",
                "{\"before\":{\"k\":\"b\",\"c\":9},\"after\":null,\"op\":\"d\"}"), ctx.sentRows());
    }
}
