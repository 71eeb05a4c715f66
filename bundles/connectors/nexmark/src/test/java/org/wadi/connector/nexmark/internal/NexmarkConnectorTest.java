package org.wadi.connector.nexmark.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
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
import org.wadi.spi.connector.Source;
import org.wadi.spi.connector.SourceStatus;
import org.wadi.spi.connector.TableRole;
import org.wadi.spi.types.DataType;
import org.wadi.spi.types.Field;
import org.wadi.spi.types.Schema;
import org.wadi.spi.types.TypeId;

class NexmarkConnectorTest {

    private static final long BASE_NS = 1_700_000_000_000L * 1_000_000L;

    private final NexmarkConnector connector = new NexmarkConnector();

    /** A clock that only moves when the source sleeps or the test advances it. */
    static final class FakeClock implements NexmarkSource.Clock {
        long now = 1_000_000_000L;
        long epochMs = 1_600_000_000_000L;
        int sleeps;

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public long epochMillis() {
            return epochMs + now / 1_000_000L;
        }

        @Override
        public void sleepNanos(long nanos) {
            sleeps++;
            now += nanos;
        }
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    private ConnectorTable table(Map<String, String> options) throws ConnectorException {
        return connector.table(ConnectorHarness.request("nexmark", options));
    }

    private static String fails(ThrowingRunnable r) {
        return assertThrows(ConnectorException.class, r::run).getMessage();
    }

    private static NexmarkSource source(ConnectorTable t, FakeClock clock) {
        return new NexmarkSource(NexmarkSettings.fromOptions(t.options()), clock);
    }

    /** Every subtask of a table read to the end, the rows of all subtasks together. */
    private List<Object[]> readAll(ConnectorTable t, int parallelism) throws Exception {
        List<Object[]> all = new ArrayList<>();
        for (int i = 0; i < parallelism; i++) {
            all.addAll(ConnectorHarness.readAll(connector, t, Task.of(i, parallelism), null, null, 10_000));
        }
        return all;
    }

    /**
     * The rows as a sorted list of their text: a multiset, since two events can be equal (with the
     * baseline's seeding, consecutive events share most of their random draws).
     */
    private static List<String> sorted(List<Object[]> rows) {
        return rows.stream().map(Arrays::deepToString).sorted().toList();
    }

    private static List<String> names(DataType struct) {
        return struct.fields().stream().map(Field::name).toList();
    }

    @Test
    void metadataAndSchema() throws Exception {
        assertEquals("nexmark", connector.metadata().id());
        assertTrue(connector.metadata().source());
        assertFalse(connector.metadata().sink());
        for (String key : List.of("event_rate", "runtime", "events", "pace", "event_time_rate", "base_time")) {
            assertTrue(connector.metadata().tableConfig().contains("\"" + key + "\""), key);
        }
        ConnectorTable t = table(Map.of("event_rate", "100"));
        Schema s = t.schema();
        assertEquals(List.of("person", "auction", "bid"), s.fields().stream().map(Field::name).toList());
        assertTrue(s.fields().stream().allMatch(f -> f.nullable() && f.type().id() == TypeId.STRUCT));
        assertEquals(List.of("id", "name", "email_address", "credit_card", "city", "state", "datetime", "extra"),
                names(s.field(0).type()));
        assertEquals(List.of("id", "description", "item_name", "initial_bid", "reserve", "datetime", "expires",
                "seller", "category", "extra"), names(s.field(1).type()));
        assertEquals(List.of("auction", "bidder", "price", "channel", "url", "datetime", "extra"),
                names(s.field(2).type()));
        assertEquals("STRUCT<auction BIGINT NOT NULL, bidder BIGINT NOT NULL, price BIGINT NOT NULL, channel TEXT NOT"
                + " NULL, url TEXT NOT NULL, datetime TIMESTAMP NOT NULL, extra TEXT NOT NULL>",
                s.field(2).type().toString());
        assertEquals(DataType.TIMESTAMP, s.field(1).type().fields().get(6).type());
        assertEquals(Set.of(TableRole.SOURCE), t.roles());
        assertFalse(t.bounded());
        assertEquals(Map.of("event_rate", "100.0", "pace", "true", "event_time_rate", "100.0"), t.options());
    }

    @Test
    void optionsAndTheirDefaults() throws Exception {
        ConnectorTable t = table(Map.of("event_rate", "100", "runtime", "2.5"));
        assertTrue(t.bounded());
        assertEquals("250", t.option("events"));
        assertEquals("2.5", t.option("runtime"));

        t = table(Map.of("pace", "false", "events", "1000"));
        assertEquals(Map.of("pace", "false", "event_time_rate", "1.0E7", "events", "1000",
                "base_time", "1700000000000"), t.options());
        // unpaced, runtime is seconds of event time
        assertEquals("10000", table(Map.of("pace", "false", "runtime", "0.001")).option("events"));
        assertEquals("1000.0", table(Map.of("pace", "false", "event_rate", "1000")).option("event_time_rate"));
        assertEquals("5.0", table(Map.of("event_rate", "10", "event_time_rate", "5")).option("event_time_rate"));
        assertEquals("1700000000000", table(Map.of("event_rate", "1", "base_time", "2023-11-14T22:13:20Z"))
                .option("base_time"));
        assertEquals("42", table(Map.of("event_rate", "1", "base_time", "42")).option("base_time"));
        assertEquals("0", table(Map.of("event_rate", "1", "events", "0")).option("events"));
    }

    @Test
    void optionValidation() {
        assertEquals("Missing required option 'event_rate' for connector 'nexmark': set the events per second, or"
                + " pace = 'false' to generate events as fast as possible", fails(() -> table(Map.of())));
        assertEquals("Invalid value 'fast' for option 'event_rate' of connector 'nexmark': expected a number of events"
                + " per second greater than 0", fails(() -> table(Map.of("event_rate", "fast"))));
        for (String bad : List.of("0", "-5", "NaN", "Infinity")) {
            assertTrue(fails(() -> table(Map.of("event_rate", bad))).contains("'" + bad + "' for option 'event_rate'"));
        }
        assertTrue(fails(() -> table(Map.of("event_rate", "1", "runtime", "0"))).contains("option 'runtime'"));
        assertTrue(fails(() -> table(Map.of("event_rate", "1", "runtime", "1m"))).contains("option 'runtime'"));
        assertTrue(fails(() -> table(Map.of("event_rate", "1", "events", "-1"))).contains("option 'events'"));
        assertTrue(fails(() -> table(Map.of("event_rate", "1", "events", "1.5"))).contains("option 'events'"));
        assertEquals("Invalid value 'maybe' for option 'pace' of connector 'nexmark': expected true or false",
                fails(() -> table(Map.of("event_rate", "1", "pace", "maybe"))));
        assertTrue(fails(() -> table(Map.of("pace", "false", "event_time_rate", "0")))
                .contains("option 'event_time_rate'"));
        assertTrue(fails(() -> table(Map.of("event_rate", "1", "base_time", "yesterday")))
                .startsWith("Invalid value 'yesterday' for option 'base_time' of connector 'nexmark': expected an"
                        + " instant"));
        assertTrue(fails(() -> table(Map.of("event_rate", "1", "base_time", "-1"))).contains("'base_time'"));
        assertEquals("Options 'runtime' and 'events' of connector 'nexmark' both end the stream: set one of them, not"
                + " both", fails(() -> table(Map.of("event_rate", "1", "runtime", "1", "events", "10"))));
        assertEquals("Unsupported options found for connector 'nexmark'. Unsupported: rate. Supported: base_time,"
                + " event_rate, event_time_rate, events, pace, runtime",
                fails(() -> table(Map.of("event_rate", "1", "rate", "2"))));
    }

    @Test
    void declaredColumnsMustBeTheNexmarkOnes() throws Exception {
        // the same names and kinds, written as a user would (everything nullable)
        List<Field> cols = new ArrayList<>();
        for (Field f : NexmarkConnector.SCHEMA.fields()) {
            cols.add(Field.of(f.name(), DataType.struct(f.type().fields().stream()
                    .map(x -> Field.of(x.name(), x.type())).toList())));
        }
        connector.table(ConnectorHarness.request("nexmark", new Schema(cols), Map.of("event_rate", "1"), null));
        String e = fails(() -> connector.table(ConnectorHarness.request("nexmark",
                Schema.of(Field.of("bid", DataType.INT64)), Map.of("event_rate", "1"), null)));
        assertTrue(e.startsWith("Invalid schema for nexmark table 't'"), e);
    }

    @Test
    void fiveThousandEventsHaveTheNexmarkMix() throws Exception {
        List<Object[]> rows = readAll(table(Map.of("pace", "false", "events", "5000")), 1);
        assertEquals(5000, rows.size());
        int[] kinds = new int[3];
        for (Object[] row : rows) {
            assertEquals(4, row.length);
            int set = 0;
            for (int k = 0; k < 3; k++) {
                if (row[k] != null) {
                    set++;
                    kinds[k]++;
                    Object[] struct = (Object[]) row[k];
                    // the struct's datetime is the row's event time
                    assertEquals(row[3], struct[k == 0 ? 6 : 5]);
                }
            }
            assertEquals(1, set, Arrays.deepToString(row));
        }
        assertArrayEquals(new int[] {100, 300, 4600}, kinds);
        assertEquals(BASE_NS, rows.get(0)[3]);
    }

    @Test
    void theSameEventsAtEveryParallelism() throws Exception {
        ConnectorTable t = table(Map.of("pace", "false", "events", "5000"));
        List<String> one = sorted(readAll(t, 1));
        List<String> three = sorted(readAll(t, 3));
        assertEquals(5000, one.size());
        assertEquals(one, three);
        assertEquals(sorted(readAll(t, 1)), sorted(readAll(t, 2)));
        // a lane's event times never go back
        List<Object[]> lane = ConnectorHarness.readAll(connector, t, Task.of(2, 3), null, null, 100);
        for (int i = 1; i < lane.size(); i++) {
            assertTrue((Long) lane.get(i)[3] >= (Long) lane.get(i - 1)[3]);
        }
    }

    @Test
    void aBoundedCountFinishesEverySubtask() throws Exception {
        ConnectorTable t = table(Map.of("pace", "false", "events", "10"));
        assertTrue(t.bounded());
        int[] sizes = new int[3];
        for (int i = 0; i < 3; i++) {
            Source s = connector.createSource(t);
            s.open(new SourceCtx(Task.of(i, 3), null, null));
            ListCollector out = new ListCollector();
            assertEquals(SourceStatus.FINISHED, s.poll(out));
            assertEquals(SourceStatus.FINISHED, s.poll(out));
            sizes[i] = out.rows.size();
        }
        assertArrayEquals(new int[] {4, 3, 3}, sizes);
        assertTrue(readAll(table(Map.of("pace", "false", "events", "0")), 2).isEmpty());
    }

    @Test
    void snapshotAndRestoreContinueExactly() throws Exception {
        ConnectorTable t = table(Map.of("pace", "false", "events", "20000"));
        List<Object[]> whole = ConnectorHarness.readAll(connector, t, Task.of(1, 2), null, null, 100);
        assertEquals(10_000, whole.size());

        Source first = connector.createSource(t);
        first.open(new SourceCtx(Task.of(1, 2), null, null));
        ListCollector out = new ListCollector();
        assertEquals(SourceStatus.ACTIVE, first.poll(out));
        byte[] state = first.snapshot(1);
        first.poll(out); // lost with the failure: not covered by the checkpoint
        first.close();
        int before = NexmarkSource.MAX_BATCH;
        List<Object[]> rest = ConnectorHarness.readAll(connector, t, Task.of(1, 2), null, state, 100);
        assertEquals(whole.size() - before, rest.size());
        for (int i = 0; i < rest.size(); i++) {
            assertEquals(Arrays.deepToString(whole.get(before + i)), Arrays.deepToString(rest.get(i)));
        }

        // at another parallelism one old subtask's state is not enough: subtask 0 of 3 owns even splits too
        String e = assertThrows(IllegalStateException.class,
                () -> ConnectorHarness.readAll(connector, t, Task.of(0, 3), null, state, 100)).getMessage();
        assertTrue(e.contains("subtask 0 of 3 cannot restore: the checkpoint's 1 source state(s) hold no position for"
                + " its split 0"), e);
    }

    @Test
    void pacedRestoreKeepsTheBaseTime() throws Exception {
        ConnectorTable t = table(Map.of("event_rate", "10", "events", "6"));
        FakeClock clock = new FakeClock();
        NexmarkSource first = source(t, clock);
        first.open(new SourceCtx(Task.of(0, 1), null, null));
        ListCollector out = new ListCollector();
        first.poll(out);
        clock.now += 200_000_000L;
        first.poll(out);
        assertEquals(3, out.rows.size());
        // base time is the wall clock at the first start, event times 100 ms apart (event_rate 10)
        long base = (clock.epochMs + 1_000L) * 1_000_000L;
        assertEquals(base, out.rows.get(0)[3]);
        assertEquals(base + 200_000_000L, out.rows.get(2)[3]);
        byte[] state = first.snapshot(1);

        FakeClock later = new FakeClock();
        later.now += 3_600_000_000_000L;
        NexmarkSource second = source(t, later);
        second.open(new SourceCtx(Task.of(0, 1), null, state));
        List<Object[]> rest = ConnectorHarness.drain(second, 1000);
        assertEquals(3, rest.size());
        assertEquals(base + 300_000_000L, rest.get(0)[3]);
        assertEquals(6L, second.next());
    }

    @Test
    void pacesToTheRateWithoutSleepingPerEvent() throws Exception {
        // 10 events/s over 2 subtasks: subtask 1 has events 1, 3, 5, ... due every 200 ms
        FakeClock clock = new FakeClock();
        NexmarkSource source = source(table(Map.of("event_rate", "10")), clock);
        source.open(new SourceCtx(Task.of(1, 2), null, null));
        ListCollector out = new ListCollector();
        assertEquals(SourceStatus.ACTIVE, source.poll(out));
        assertEquals(1, out.rows.size());
        long before = clock.now;
        source.poll(out);
        assertEquals(1, out.rows.size());
        assertEquals(NexmarkSource.MAX_WAIT_NANOS, clock.now - before);
        clock.now += 1_000_000_000L;
        source.poll(out);
        assertEquals(6, out.rows.size());
        assertEquals(13L, source.next()); // it emitted 1, 3, 5, 7, 9 and 11
    }

    @Test
    void highRatesGoOutInBatches() throws Exception {
        FakeClock clock = new FakeClock();
        NexmarkSource source = source(table(Map.of("event_rate", "10000000", "events", "20000")), clock);
        source.open(new SourceCtx(Task.of(0, 1), null, null));
        clock.now += 100_000_000L; // a million events are due
        ListCollector out = new ListCollector();
        assertEquals(SourceStatus.ACTIVE, source.poll(out));
        assertEquals(NexmarkSource.MAX_BATCH, out.rows.size());
        int polls = 1;
        while (source.poll(out) != SourceStatus.FINISHED) {
            assertTrue(++polls < 100);
        }
        assertEquals(20_000, out.rows.size());
        assertEquals(0, clock.sleeps);
    }
}
