package org.wadi.connector.blackhole.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.wadi.formats.testing.ConnectorHarness;
import org.wadi.formats.testing.ConnectorHarness.SinkCtx;
import org.wadi.formats.testing.ConnectorHarness.Task;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.connector.ConnectorTable;
import org.wadi.spi.connector.TableRole;
import org.wadi.spi.types.DataType;
import org.wadi.spi.types.Field;
import org.wadi.spi.types.RowKind;
import org.wadi.spi.types.Schema;

class BlackholeConnectorTest {

    private final BlackholeConnector connector = new BlackholeConnector();

    @Test
    void tableIsASinkWithTheDeclaredColumns() throws Exception {
        Schema columns = Schema.of(Field.of("x", DataType.INT64));
        ConnectorTable t = connector.table(ConnectorHarness.request("blackhole", columns, Map.of("format", "json"), null));
        assertEquals(columns, t.schema());
        assertEquals(Set.of(TableRole.SINK), t.roles());
        assertTrue(connector.metadata().sink());
        assertFalse(connector.metadata().source());
        assertThrows(ConnectorException.class, () -> connector.createSource(t));
    }

    @Test
    void unknownOptionsAreRejected() {
        ConnectorException e = assertThrows(ConnectorException.class,
                () -> connector.table(ConnectorHarness.request("blackhole", Map.of("path", "/tmp/x"))));
        assertEquals("Unsupported options found for connector 'blackhole'. Unsupported: path. Supported: format",
                e.getMessage());
    }

    @Test
    void discardsAndCountsRows() throws Exception {
        ConnectorTable t = connector.table(ConnectorHarness.request("blackhole", Map.of()));
        BlackholeConnector.BlackholeSink sink = (BlackholeConnector.BlackholeSink) connector.createSink(t);
        sink.open(new SinkCtx(Task.of(0, 1), null), null);
        for (int i = 0; i < 1000; i++) {
            sink.write(new Object[] {(long) i, 0L});
        }
        sink.finish();
        sink.close();
        assertEquals(1000, sink.rows());
    }

    @Test
    void swallowsUpdatingResultsCountingThemByKind() throws Exception {
        // a format is ignored, a plain one too: nothing is written
        ConnectorTable t = connector.table(ConnectorHarness.request("blackhole", Map.of("format", "json")));
        BlackholeConnector.BlackholeSink sink = (BlackholeConnector.BlackholeSink) connector.createSink(t);
        sink.open(new SinkCtx(Task.of(0, 1), null, true), null);
        int[] kinds = {RowKind.INSERT, RowKind.UPDATE_BEFORE, RowKind.UPDATE_AFTER, RowKind.INSERT, RowKind.DELETE};
        for (int kind : kinds) {
            sink.write(new Object[] {1L, RowKind.of(kind), 0L});
        }
        sink.finish();
        sink.close();
        assertEquals(5, sink.rows());
        assertEquals(2, sink.changes(RowKind.INSERT));
        assertEquals(1, sink.changes(RowKind.UPDATE_BEFORE));
        assertEquals(1, sink.changes(RowKind.UPDATE_AFTER));
        assertEquals(1, sink.changes(RowKind.DELETE));
    }
}
