package org.wadi.connector.impulse.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.wadi.formats.testing.ConnectorHarness;
import org.wadi.formats.testing.ConnectorHarness.ListCollector;
import org.wadi.formats.testing.ConnectorHarness.SourceCtx;
import org.wadi.formats.testing.ConnectorHarness.Task;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.connector.ConnectorTable;
import org.wadi.spi.connector.SourceStatus;
import org.wadi.spi.connector.TableRole;
import org.wadi.spi.types.DataType;
import org.wadi.spi.types.Field;
import org.wadi.spi.types.Schema;

class ImpulseConnectorTest {

    private final ImpulseConnector connector = new ImpulseConnector();

    /** A clock that only moves when the source sleeps or the test advances it. */
    static final class FakeClock implements ImpulseSource.Clock {
        long now = 1_000_000_000L;
        long epoch = 1_700_000_000_000_000_000L;
        int sleeps;

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public long epochNanos() {
            return epoch + now;
        }

        @Override
        public void sleepNanos(long nanos) {
            sleeps++;
            now += nanos;
        }
    }

    private ConnectorTable table(Map<String, String> options) throws ConnectorException {
        return connector.table(ConnectorHarness.request("impulse", options));
    }

    private static ConnectorException fails(ThrowingRunnable r) {
        return assertThrows(ConnectorException.class, r::run);
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Test
    void metadataAndSchema() throws Exception {
        assertEquals("impulse", connector.metadata().id());
        assertTrue(connector.metadata().source());
        assertFalse(connector.metadata().sink());
        assertTrue(connector.metadata().tableConfig().contains("\"event_rate\""));
        ConnectorTable t = table(Map.of("event_rate", "10"));
        assertEquals(Schema.of(new Field("counter", DataType.UINT64, false),
                new Field("subtask_index", DataType.UINT64, false)), t.schema());
        assertEquals(Set.of(TableRole.SOURCE), t.roles());
        assertFalse(t.bounded());
        assertEquals(Map.of("event_rate", "10.0"), t.options());
        assertTrue(table(Map.of("event_rate", "10", "message_count", "5")).bounded());
    }

    @Test
    void optionValidation() {
        assertEquals("Missing required option 'event_rate' for connector 'impulse'",
                fails(() -> table(Map.of())).getMessage());
        assertEquals("Invalid value 'fast' for option 'event_rate' of connector 'impulse': expected a number of events"
                + " per second greater than 0", fails(() -> table(Map.of("event_rate", "fast"))).getMessage());
        assertTrue(fails(() -> table(Map.of("event_rate", "0"))).getMessage().contains("'0'"));
        assertTrue(fails(() -> table(Map.of("event_rate", "1", "message_count", "-3"))).getMessage()
                .contains("'message_count'"));
        assertTrue(fails(() -> table(Map.of("event_rate", "1", "event_time_interval", "1s"))).getMessage()
                .contains("'event_time_interval'"));
        assertEquals("Unsupported options found for connector 'impulse'. Unsupported: rate. Supported: event_rate,"
                + " event_time_interval, message_count",
                fails(() -> table(Map.of("event_rate", "1", "rate", "2"))).getMessage());
    }

    @Test
    void declaredColumnsMustBeTheImpulseOnes() throws Exception {
        Schema good = Schema.of(Field.of("counter", DataType.UINT64), Field.of("subtask_index", DataType.UINT64));
        connector.table(ConnectorHarness.request("impulse", good, Map.of("event_rate", "1"), null));
        ConnectorException e = fails(() -> connector.table(ConnectorHarness.request("impulse",
                Schema.of(Field.of("x", DataType.INT64)), Map.of("event_rate", "1"), null)));
        assertTrue(e.getMessage().startsWith("Invalid schema for impulse table 't'"), e.getMessage());
    }

    @Test
    void eachSubtaskCountsFromZeroToMessageCount() throws Exception {
        ConnectorTable t = table(Map.of("event_rate", "1000000000", "message_count", "5"));
        List<Object[]> all = new ArrayList<>();
        for (int subtask = 0; subtask < 2; subtask++) {
            List<Object[]> rows = ConnectorHarness.readAll(connector, t, Task.of(subtask, 2), null, null, 1000);
            assertEquals(5, rows.size());
            for (int i = 0; i < 5; i++) {
                assertEquals((long) i, rows.get(i)[0]);
                assertEquals((long) subtask, rows.get(i)[1]);
                assertTrue(rows.get(i)[2] instanceof Long);
            }
            all.addAll(rows);
        }
        assertEquals(10, all.size());
    }

    @Test
    void eventTimeIntervalSpacesTimestamps() throws Exception {
        ConnectorTable t = table(Map.of("event_rate", "1000000000", "message_count", "4", "event_time_interval", "1000"));
        List<Object[]> rows = ConnectorHarness.readAll(connector, t, Task.of(0, 1), null, null, 1000);
        for (int i = 1; i < rows.size(); i++) {
            assertEquals(1000L, (long) rows.get(i)[2] - (long) rows.get(i - 1)[2]);
        }
    }

    @Test
    void pacesToTheRateWithoutSleepingPerRow() throws Exception {
        FakeClock clock = new FakeClock();
        // 10 events/s over 2 subtasks: one row every 200 ms per subtask
        ImpulseSource source = new ImpulseSource(10, Long.MAX_VALUE, -1, clock);
        source.open(new SourceCtx(Task.of(1, 2), null, null));
        ListCollector out = new ListCollector();
        assertEquals(SourceStatus.ACTIVE, source.poll(out));
        assertEquals(1, out.rows.size());
        // the next row is 200 ms away: a poll waits at most 50 ms and returns
        long before = clock.now;
        source.poll(out);
        assertEquals(1, out.rows.size());
        assertEquals(ImpulseSource.MAX_WAIT_NANOS, clock.now - before);
        clock.now += 1_000_000_000L;
        source.poll(out);
        assertEquals(6, out.rows.size());
        assertEquals(1L, out.rows.get(5)[1]);
    }

    @Test
    void highRatesEmitInBatches() throws Exception {
        FakeClock clock = new FakeClock();
        ImpulseSource source = new ImpulseSource(10_000_000, 100_000, -1, clock);
        source.open(new SourceCtx(Task.of(0, 1), null, null));
        clock.now += 100_000_000L; // 100 ms: a million rows are due
        ListCollector out = new ListCollector();
        int polls = 0;
        while (source.poll(out) != SourceStatus.FINISHED) {
            polls++;
            assertTrue(polls < 100);
        }
        assertEquals(100_000, out.rows.size());
        assertEquals(0, clock.sleeps);
        assertEquals(99_999L, out.rows.get(99_999)[0]);
    }

    @Test
    void snapshotAndRestoreContinueCountingAndEventTimes() throws Exception {
        FakeClock clock = new FakeClock();
        ImpulseSource first = new ImpulseSource(10, 6, 10, clock);
        first.open(new SourceCtx(Task.of(0, 1), null, null));
        ListCollector out = new ListCollector();
        first.poll(out);
        clock.now += 200_000_000L;
        first.poll(out);
        assertEquals(3, out.rows.size());
        byte[] state = first.snapshot(1);
        long origin = (long) out.rows.get(0)[2];
        first.close();

        FakeClock later = new FakeClock();
        later.now += 3_600_000_000_000L;
        ImpulseSource second = new ImpulseSource(10, 6, 10, later);
        second.open(new SourceCtx(Task.of(0, 1), null, state));
        List<Object[]> rest = ConnectorHarness.drain(second, 1000);
        assertEquals(3, rest.size());
        assertEquals(3L, rest.get(0)[0]);
        assertEquals(5L, rest.get(2)[0]);
        assertEquals(origin + 30, rest.get(0)[2]);
        assertEquals(6L, second.counter());
    }
}
