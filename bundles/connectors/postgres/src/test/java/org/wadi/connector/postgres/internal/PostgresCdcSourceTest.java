package org.wadi.connector.postgres.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.wadi.formats.testing.ConnectorHarness.ListCollector;
import org.wadi.formats.testing.ConnectorHarness.SourceCtx;
import org.wadi.formats.testing.ConnectorHarness.Task;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.connector.ConnectorTable;
import org.wadi.spi.connector.Options;
import org.wadi.spi.connector.Source;
import org.wadi.spi.connector.TableRequest;
import org.wadi.spi.types.DataType;
import org.wadi.spi.types.Field;
import org.wadi.spi.types.RowKind;
import org.wadi.spi.types.Schema;

/**
 * The postgres_cdc source against an embedded PostgreSQL with wal_level = logical: the existing
 * rows first, then inserts, updates and deletes with their old values; every supported type; a
 * restore from a checkpoint taken in the middle of a large transaction gives exactly the rest.
 */
class PostgresCdcSourceTest {

    static final Schema ITEMS = Schema.of(Field.of("id", DataType.INT64), Field.of("name", DataType.UTF8),
            Field.of("qty", DataType.INT32));

    static ConnectorTable table(String name, Schema columns, String... options) throws Exception {
        Map<String, String> m = new HashMap<>(Map.of("url", TestDatabase.url(), "username", "postgres", "table", name,
                "slot.name", "slot_" + name));
        for (int i = 0; i < options.length; i += 2) {
            m.put(options[i], options[i + 1]);
        }
        return new PostgresCdcConnector().table(new TableRequest(name, columns, new Options("postgres_cdc", m), null,
                List.of("id")));
    }

    static Source open(ConnectorTable table, byte[] restored) throws Exception {
        Source source = new PostgresCdcConnector().createSource(table);
        source.open(new SourceCtx(Task.of(0, 1), null, restored));
        return source;
    }

    /** Polls until {@code count} rows came (failing after 60 s), then a little more to catch extras. */
    static List<Object[]> read(Source source, ListCollector out, int count) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (out.rows.size() < count) {
            if (System.nanoTime() > end) {
                throw new AssertionError("only " + out.rows.size() + " of " + count + " rows within 60 s");
            }
            source.poll(out);
        }
        return out.rows;
    }

    /** What rows say: "+I 1 a 10" …, without the event time. */
    static List<String> describe(List<Object[]> rows) {
        List<String> out = new ArrayList<>();
        for (Object[] r : rows) {
            StringBuilder s = new StringBuilder(RowKind.describe((Integer) r[r.length - 2]));
            for (int i = 0; i < r.length - 2; i++) {
                s.append(' ').append(r[i] instanceof byte[] b ? Arrays.toString(b) : r[i]);
            }
            out.add(s.toString());
        }
        return out;
    }

    static void createItems(String name, int rows) throws Exception {
        TestDatabase.execute("DROP TABLE IF EXISTS " + name, "CREATE TABLE " + name
                + " (id BIGINT PRIMARY KEY, name TEXT, qty INT, extra TEXT)", "ALTER TABLE " + name
                + " REPLICA IDENTITY FULL");
        if (rows > 0) {
            TestDatabase.execute("INSERT INTO " + name + " SELECT i, 'n' || i, i * 10, 'x' FROM generate_series(1, "
                    + rows + ") i");
        }
    }

    @Test
    void snapshotThenInsertsUpdatesAndDeletes() throws Exception {
        createItems("items_a", 3);
        Source source = open(table("items_a", ITEMS), null);
        try {
            ListCollector out = new ListCollector();
            read(source, out, 3);
            List<String> snapshot = describe(out.rows);
            snapshot.sort(null);
            assertEquals(List.of("+I 1 n1 10", "+I 2 n2 20", "+I 3 n3 30"), snapshot);
            TestDatabase.execute("INSERT INTO items_a VALUES (4, 'n4', 40, 'y')",
                    "UPDATE items_a SET qty = 11 WHERE id = 1",
                    "UPDATE items_a SET extra = 'z' WHERE id = 2",
                    "DELETE FROM items_a WHERE id = 3",
                    "BEGIN; INSERT INTO items_a VALUES (5, 'n5', 50, NULL); UPDATE items_a SET id = 6 WHERE id = 5;"
                            + " COMMIT");
            read(source, out, 3 + 9);
            assertEquals(List.of("+I 4 n4 40", "-U 1 n1 10", "+U 1 n1 11", "-U 2 n2 20", "+U 2 n2 20", "-D 3 n3 30",
                    "+I 5 n5 50", "-U 5 n5 50", "+U 6 n5 50"), describe(out.rows.subList(3, out.rows.size())));
            long before = System.currentTimeMillis() * 1_000_000L;
            assertTrue((Long) out.rows.get(11)[4] <= before, "stream rows carry their commit time");
        } finally {
            source.close();
        }
    }

    @Test
    void everySupportedType() throws Exception {
        TestDatabase.execute("DROP TABLE IF EXISTS typed", "CREATE TABLE typed (id INT PRIMARY KEY, s SMALLINT,"
                + " n NUMERIC(10,3), b BOOLEAN, t TIMESTAMP, tz TIMESTAMPTZ, d DATE, raw BYTEA, j JSONB, js JSON,"
                + " ints BIGINT[], texts TEXT[], f DOUBLE PRECISION)", "ALTER TABLE typed REPLICA IDENTITY FULL",
                "INSERT INTO typed VALUES (1, 7, 12.345, true, '2024-05-06 07:08:09.123456',"
                        + " '2024-05-06 07:08:09.5+02', '2024-05-06', '\\x00ff10', '{\"a\": [1, 2]}', '{\"b\":1}',"
                        + " '{1,NULL,3}', '{\"a b\",\"c\\\"d\",e}', 1.5)");
        Schema columns = Schema.of(Field.of("id", DataType.INT32), Field.of("s", DataType.INT16),
                Field.of("n", DataType.decimal(10, 3)), Field.of("b", DataType.BOOLEAN),
                Field.of("t", DataType.TIMESTAMP), Field.of("tz", DataType.TIMESTAMP), Field.of("d", DataType.DATE),
                Field.of("raw", DataType.BINARY), Field.of("j", DataType.JSON), Field.of("js", DataType.JSON),
                Field.of("ints", DataType.list(DataType.INT64)), Field.of("texts", DataType.list(DataType.UTF8)),
                Field.of("f", DataType.FLOAT64));
        Source source = open(table("typed", columns), null);
        try {
            ListCollector out = new ListCollector();
            read(source, out, 1);
            TestDatabase.execute("UPDATE typed SET s = 8");
            read(source, out, 3);
            for (Object[] row : List.of(out.rows.get(0), out.rows.get(2))) {
                assertEquals(1, row[0]);
                assertEquals(new BigDecimal("12.345"), row[2]);
                assertEquals(Boolean.TRUE, row[3]);
                assertEquals(nanos("2024-05-06T07:08:09.123456Z"), row[4]);
                assertEquals(nanos("2024-05-06T05:08:09.5Z"), row[5]);
                assertEquals(19849, row[6]);
                assertArrayEquals(new byte[] {0, (byte) 0xff, 0x10}, (byte[]) row[7]);
                assertEquals("{\"a\": [1, 2]}", row[8]);
                assertEquals("{\"b\":1}", row[9]);
                assertEquals(Arrays.asList(1L, null, 3L), row[10]);
                assertEquals(List.of("a b", "c\"d", "e"), row[11]);
                assertEquals(1.5, row[12]);
            }
            assertEquals((short) 7, out.rows.get(0)[1], "snapshot");
            assertEquals((short) 7, out.rows.get(1)[1], "old values");
            assertEquals((short) 8, out.rows.get(2)[1], "new values");
        } finally {
            source.close();
        }
    }

    static long nanos(String instant) {
        Instant i = Instant.parse(instant);
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }

    @Test
    void restoreFromACheckpointInsideALargeTransactionGivesExactlyTheRest() throws Exception {
        createItems("items_r", 10);
        ConnectorTable table = table("items_r", ITEMS);
        Source first = open(table, null);
        ListCollector out = new ListCollector();
        byte[] state;
        try {
            read(first, out, 10);
            // one transaction of 5000 inserts: more than one poll's worth
            TestDatabase.execute("INSERT INTO items_r SELECT i, 'big' || i, i, NULL FROM generate_series(100, 5099) i");
            read(first, out, 11);
            assertTrue(out.rows.size() < 5010, "the checkpoint falls inside the transaction");
            state = first.snapshot(1);
            int atCheckpoint = out.rows.size();
            // rows emitted after the checkpoint are lost with the failure: they must come again
            read(first, out, atCheckpoint + 1);
            out.rows.subList(atCheckpoint, out.rows.size()).clear();
        } finally {
            first.close();
        }
        TestDatabase.execute("UPDATE items_r SET qty = -1 WHERE id = 1", "DELETE FROM items_r WHERE id = 2");
        Source second = open(table, state);
        try {
            ListCollector rest = new ListCollector();
            read(second, rest, 5010 + 3 - out.rows.size());
            // nothing more arrives
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
            while (System.nanoTime() < end) {
                second.poll(rest);
            }
            List<Object[]> all = new ArrayList<>(out.rows);
            all.addAll(rest.rows);
            List<String> described = describe(all);
            List<String> expected = new ArrayList<>();
            for (int i = 100; i < 5100; i++) {
                expected.add("+I " + i + " big" + i + " " + i);
            }
            expected.addAll(List.of("-U 1 n1 10", "+U 1 n1 -1", "-D 2 n2 20"));
            assertEquals(expected, described.subList(10, described.size()), "each change once, in order");
        } finally {
            second.close();
        }
    }

    @Test
    void theSlotIsConfirmedOnlyUpToARecordedCheckpoint() throws Exception {
        createItems("items_c", 1);
        ConnectorTable table = table("items_c", ITEMS);
        Source source = open(table, null);
        try {
            ListCollector out = new ListCollector();
            read(source, out, 1);
            TestDatabase.execute("INSERT INTO items_c VALUES (2, 'n2', 20, NULL)");
            read(source, out, 2);
            String created = confirmed("slot_items_c");
            byte[] one = source.snapshot(1);
            assertEquals(created, confirmed("slot_items_c"), "checkpoint 1 is not recorded yet");
            TestDatabase.execute("INSERT INTO items_c VALUES (3, 'n3', 30, NULL)");
            read(source, out, 3);
            source.snapshot(2);
            assertEquals(created, confirmed("slot_items_c"), "a later checkpoint taken is no commit");
            source.commit(1); // the runtime: checkpoint 1 is recorded
            long expected = CdcPosition.fromBytes(one).txnLsn();
            TestDatabase.await(() -> lsn(confirmed("slot_items_c")) == expected, "slot confirmed at checkpoint 1");
        } finally {
            source.close();
        }
    }

    static String confirmed(String slot) {
        try {
            return TestDatabase.query("SELECT confirmed_flush_lsn FROM pg_replication_slots WHERE slot_name = '"
                    + slot + "'").get(0).get(0);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static long lsn(String text) {
        return org.postgresql.replication.LogSequenceNumber.valueOf(text).asLong();
    }

    @Test
    void otherSubtasksStayIdle() throws Exception {
        createItems("items_i", 2);
        Source idle = new PostgresCdcConnector().createSource(table("items_i", ITEMS));
        idle.open(new SourceCtx(Task.of(1, 2), null, null));
        ListCollector out = new ListCollector();
        for (int i = 0; i < 5; i++) {
            idle.poll(out);
        }
        assertEquals(0, out.rows.size());
        assertNull(idle.snapshot(1));
        idle.close();
    }

    @Test
    void aTableWithoutFullReplicaIdentityIsRefusedWithTheFix() throws Exception {
        TestDatabase.execute("DROP TABLE IF EXISTS items_d",
                "CREATE TABLE items_d (id BIGINT PRIMARY KEY, name TEXT, qty INT)");
        ConnectorException e = assertThrows(ConnectorException.class, () -> open(table("items_d", ITEMS), null));
        assertTrue(e.getMessage().contains("ALTER TABLE \"public\".\"items_d\" REPLICA IDENTITY FULL"), e.getMessage());
    }

    @Test
    void aMissingColumnIsNamed() throws Exception {
        createItems("items_m", 0);
        Schema columns = Schema.of(Field.of("id", DataType.INT64), Field.of("colour", DataType.UTF8));
        ConnectorException e = assertThrows(ConnectorException.class, () -> open(table("items_m", columns), null));
        assertTrue(e.getMessage().contains("column 'colour' is not in \"public\".\"items_m\"; its columns: id, name,"
                + " qty, extra"), e.getMessage());
    }

    @Test
    void aCheckpointTakenDuringTheSnapshotCannotBeRestored() throws Exception {
        createItems("items_s", 5000);
        ConnectorTable table = table("items_s", ITEMS);
        Source first = open(table, null);
        byte[] state;
        try {
            first.poll(new ListCollector());
            state = first.snapshot(1);
        } finally {
            first.close();
        }
        ConnectorException e = assertThrows(ConnectorException.class, () -> open(table, state));
        assertTrue(e.getMessage().contains("taken during the initial snapshot"), e.getMessage());
    }

    @Test
    void neverSnapshotReadsOnlyChangesAndRestoresBeforeAnyChange() throws Exception {
        createItems("items_n", 3);
        // an existing slot is reused from its position (its publication made before it, as pgoutput reads
        // the publication as of each change)
        TestDatabase.execute("CREATE PUBLICATION wadi_slot_items_n FOR TABLE items_n",
                "SELECT pg_create_logical_replication_slot('slot_items_n', 'pgoutput')");
        ConnectorTable table = table("items_n", ITEMS, "snapshot.mode", "never");
        Source first = open(table, null);
        byte[] state;
        try {
            ListCollector out = new ListCollector();
            for (int i = 0; i < 5; i++) {
                first.poll(out);
            }
            assertEquals(0, out.rows.size(), "the existing rows are not read");
            state = first.snapshot(1);
        } finally {
            first.close();
        }
        TestDatabase.execute("INSERT INTO items_n VALUES (4, 'n4', 40, NULL)");
        Source second = open(table, state);
        try {
            ListCollector out = new ListCollector();
            read(second, out, 1);
            assertEquals(List.of("+I 4 n4 40"), describe(out.rows));
        } finally {
            second.close();
        }
    }
}
