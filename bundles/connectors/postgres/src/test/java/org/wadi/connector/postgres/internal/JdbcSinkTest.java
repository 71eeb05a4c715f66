package org.wadi.connector.postgres.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.wadi.formats.testing.ConnectorHarness.SinkCtx;
import org.wadi.formats.testing.ConnectorHarness.Task;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.connector.ConnectorTable;
import org.wadi.spi.connector.Options;
import org.wadi.spi.connector.Sink;
import org.wadi.spi.connector.TableRequest;
import org.wadi.spi.types.DataType;
import org.wadi.spi.types.Field;
import org.wadi.spi.types.RowKind;
import org.wadi.spi.types.Schema;

/**
 * The jdbc sink against an embedded PostgreSQL: appends, upserts and deletes of a changelog,
 * batching, and the two-phase commit — invisible after the first phase, visible after the second,
 * committed again after a restore and rolled back when its checkpoint was never recorded.
 */
class JdbcSinkTest {

    static final Schema COUNTS = Schema.of(Field.of("word", DataType.UTF8), Field.of("n", DataType.INT64));

    static ConnectorTable table(String name, Schema columns, List<String> key, String... options) throws Exception {
        Map<String, String> m = new HashMap<>(Map.of("url", TestDatabase.url(), "username", "postgres", "table", name));
        for (int i = 0; i < options.length; i += 2) {
            m.put(options[i], options[i + 1]);
        }
        return new JdbcConnector().table(new TableRequest(name, columns, new Options("jdbc", m), null, key));
    }

    static Sink open(ConnectorTable table, boolean updating, int subtask, byte[] restored) throws Exception {
        Sink sink = new JdbcConnector().createSink(table);
        sink.open(new SinkCtx(Task.of(subtask, 1), null, updating), restored);
        return sink;
    }

    static Object[] change(int kind, String word, long n) {
        return new Object[] {word, n, RowKind.of(kind), 0L};
    }

    @Test
    void appendOnlyRowsAreInsertedWithTheirTypes() throws Exception {
        TestDatabase.execute("DROP TABLE IF EXISTS appended", "CREATE TABLE appended (id BIGINT, price NUMERIC(8,2),"
                + " ok BOOLEAN, at TIMESTAMPTZ, local TIMESTAMP, raw BYTEA, doc JSONB, tags TEXT[], name TEXT)");
        Schema columns = Schema.of(Field.of("id", DataType.INT64), Field.of("price", DataType.decimal(8, 2)),
                Field.of("ok", DataType.BOOLEAN), Field.of("at", DataType.TIMESTAMP),
                Field.of("local", DataType.TIMESTAMP), Field.of("raw", DataType.BINARY), Field.of("doc", DataType.JSON),
                Field.of("tags", DataType.list(DataType.UTF8)), Field.of("name", DataType.UTF8));
        Sink sink = open(table("appended", columns, List.of(), "sink.batch_size", "7"), false, 0, null);
        long t = PostgresCdcSourceTest.nanos("2024-05-06T07:08:09.123456Z");
        for (int i = 0; i < 20; i++) {
            sink.write(new Object[] {(long) i, new BigDecimal("1.25"), i % 2 == 0, t, t, new byte[] {1, (byte) i},
                    "{\"i\": " + i + "}", List.of("a", "b c"), i == 3 ? null : "n" + i, 0L});
        }
        assertEquals(14, TestDatabase.count("SELECT count(*) FROM appended"), "at least once: full batches committed");
        assertNull(sink.preCommit(1), "at-least-once keeps nothing for the commit");
        sink.close();
        assertEquals(20, TestDatabase.count("SELECT count(*) FROM appended"));
        assertEquals(List.of(List.of("3", "1.25", "f", "2024-05-06 07:08:09.123456", "2024-05-06 07:08:09.123456",
                "\\x0103", "{\"i\": 3}", "{a,\"b c\"}")), TestDatabase.query("SELECT id, price,"
                        + " ok, at AT TIME ZONE 'UTC', local, raw, doc, tags FROM appended WHERE name IS NULL"));
    }

    @Test
    void aChangelogIsUpsertedByPrimaryKey() throws Exception {
        TestDatabase.execute("DROP TABLE IF EXISTS counts", "CREATE TABLE counts (word TEXT PRIMARY KEY, n BIGINT)",
                "INSERT INTO counts VALUES ('old', 1)");
        // the key comes from the database when the SQL declares none
        Sink sink = open(table("counts", COUNTS, List.of(), "sink.batch_size", "2"), true, 0, null);
        sink.write(change(RowKind.INSERT, "a", 1));
        sink.write(change(RowKind.INSERT, "b", 1));
        sink.write(change(RowKind.UPDATE_BEFORE, "a", 1));
        sink.write(change(RowKind.UPDATE_AFTER, "a", 2));
        sink.write(change(RowKind.DELETE, "old", 1));
        sink.write(change(RowKind.INSERT, "c", 5));
        sink.write(change(RowKind.DELETE, "c", 5));
        sink.write(change(RowKind.UPDATE_BEFORE, "b", 1));
        sink.write(change(RowKind.UPDATE_AFTER, "b2", 1)); // the key changed
        sink.preCommit(1);
        sink.close();
        assertEquals(List.of(List.of("a", "2"), List.of("b2", "1")),
                TestDatabase.query("SELECT word, n FROM counts ORDER BY word"));
    }

    @Test
    void exactlyOnceCommitsWithTheCheckpointAndRecoversAfterAFailure() throws Exception {
        TestDatabase.execute("DROP TABLE IF EXISTS eo", "CREATE TABLE eo (word TEXT PRIMARY KEY, n BIGINT)");
        ConnectorTable table = table("eo", COUNTS, List.of("word"), "sink.commit_mode", "exactly_once");
        Sink sink = open(table, true, 0, null);
        sink.write(change(RowKind.INSERT, "a", 1));
        byte[] one = sink.preCommit(1);
        assertEquals(0, TestDatabase.count("SELECT count(*) FROM eo"), "prepared, not visible");
        assertEquals(1, TestDatabase.count("SELECT count(*) FROM pg_prepared_xacts WHERE gid LIKE 'wadi_%'"));
        sink.commit(1, one);
        assertEquals(1, TestDatabase.count("SELECT count(*) FROM eo"), "visible once committed");

        // checkpoint 2 is recorded but the job dies before its commit; 3 is prepared and never recorded
        sink.write(change(RowKind.UPDATE_BEFORE, "a", 1));
        sink.write(change(RowKind.UPDATE_AFTER, "a", 2));
        byte[] two = sink.preCommit(2);
        sink.write(change(RowKind.INSERT, "lost", 9));
        sink.preCommit(3);
        sink.close();
        assertEquals(List.of(List.of("a", "1")), TestDatabase.query("SELECT word, n FROM eo"));

        Sink restored = open(table, true, 0, two);
        assertEquals(List.of(List.of("a", "2")), TestDatabase.query("SELECT word, n FROM eo"),
                "checkpoint 2 committed at restore; 3 rolled back");
        assertEquals(0, TestDatabase.count("SELECT count(*) FROM pg_prepared_xacts"));
        restored.commit(2, two); // committing again is harmless
        restored.write(change(RowKind.INSERT, "b", 1));
        restored.finish();
        restored.close();
        assertEquals(List.of(List.of("a", "2"), List.of("b", "1")),
                TestDatabase.query("SELECT word, n FROM eo ORDER BY word"));
    }

    @Test
    void updatingResultsNeedAPrimaryKey() throws Exception {
        TestDatabase.execute("DROP TABLE IF EXISTS nokey", "CREATE TABLE nokey (word TEXT, n BIGINT)");
        ConnectorException e = assertThrows(ConnectorException.class,
                () -> open(table("nokey", COUNTS, List.of()), true, 0, null));
        assertTrue(e.getMessage().contains("has none; declare one"), e.getMessage());
    }

    @Test
    void exactlyOnceNeedsPreparedTransactions() throws Exception {
        // the machine's PostgreSQL, as installed: max_prepared_transactions = 0
        String url = "jdbc:postgresql://127.0.0.1:5432/postgres";
        String setting;
        try (var c = PgConnections.open(url, "postgres", null); var s = c.createStatement();
                var rs = s.executeQuery("SHOW max_prepared_transactions")) {
            rs.next();
            setting = rs.getString(1);
        }
        assumeTrue(setting.equals("0"), "the machine's PostgreSQL allows prepared transactions");
        ConnectorTable table = new JdbcConnector().table(new TableRequest("t", COUNTS, new Options("jdbc", Map.of(
                "url", url, "username", "postgres", "table", "wadi_eo_check", "sink.commit_mode", "exactly_once")),
                null, List.of("word")));
        Sink sink = new JdbcConnector().createSink(table);
        ConnectorException e = assertThrows(ConnectorException.class,
                () -> sink.open(new SinkCtx(Task.of(0, 1), null, true), null));
        sink.close();
        assertTrue(e.getMessage().contains("max_prepared_transactions = 0"), e.getMessage());
    }
}
