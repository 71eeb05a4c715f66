package org.wadi.connector.postgres.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.wadi.formats.testing.ConnectorHarness.ListCollector;
import org.wadi.formats.testing.ConnectorHarness.SinkCtx;
import org.wadi.formats.testing.ConnectorHarness.SourceCtx;
import org.wadi.formats.testing.ConnectorHarness.Task;
import org.wadi.spi.connector.ConnectorTable;
import org.wadi.spi.connector.Options;
import org.wadi.spi.connector.Sink;
import org.wadi.spi.connector.Source;
import org.wadi.spi.connector.TableRequest;
import org.wadi.spi.types.RowKind;

/**
 * Throughput figures against the embedded PostgreSQL, run by hand (they assert counts, never
 * times): {@code mvn -o -q -f bundles/connectors/postgres/pom.xml test -Dtest=PostgresThroughputTest
 * -Dwadi.throughput=true}. CDC: 200,000 rows inserted in one statement, then read as changes from
 * the slot (the snapshot read of the same rows is timed too). JDBC sink: 200,000 rows appended,
 * then 200,000 changes upserted, exactly once, in batches of 1000.
 */
@EnabledIfSystemProperty(named = "wadi.throughput", matches = "true")
class PostgresThroughputTest {

    static final int ROWS = 200_000;

    @Test
    void cdcEventsPerSecond() throws Exception {
        PostgresCdcSourceTest.createItems("tp_items", ROWS);
        ConnectorTable table = PostgresCdcSourceTest.table("tp_items", PostgresCdcSourceTest.ITEMS);
        Source source = new PostgresCdcConnector().createSource(table);
        long start = System.nanoTime();
        source.open(new SourceCtx(Task.of(0, 1), null, null));
        try {
            ListCollector out = new ListCollector();
            PostgresCdcSourceTest.read(source, out, ROWS);
            report("postgres_cdc snapshot", ROWS, start);
            out.rows.clear();
            TestDatabase.execute("INSERT INTO tp_items SELECT i, 'n' || i, i, 'x' FROM generate_series(" + (ROWS + 1)
                    + ", " + (2 * ROWS) + ") i");
            start = System.nanoTime();
            PostgresCdcSourceTest.read(source, out, ROWS);
            report("postgres_cdc stream (inserts)", ROWS, start);
            out.rows.clear();
            TestDatabase.execute("UPDATE tp_items SET qty = qty + 1 WHERE id > " + ROWS);
            start = System.nanoTime();
            PostgresCdcSourceTest.read(source, out, 2 * ROWS);
            report("postgres_cdc stream (updates, 2 rows each)", 2 * ROWS, start);
        } finally {
            source.close();
        }
    }

    @Test
    void jdbcSinkRowsPerSecond() throws Exception {
        TestDatabase.execute("DROP TABLE IF EXISTS tp_out", "CREATE TABLE tp_out (word TEXT PRIMARY KEY, n BIGINT)",
                "DROP TABLE IF EXISTS tp_log", "CREATE TABLE tp_log (word TEXT, n BIGINT)");
        Map<String, String> options = Map.of("url", TestDatabase.url(), "username", "postgres", "table", "tp_log",
                "sink.commit_mode", "exactly_once");
        ConnectorTable log = new JdbcConnector().table(new TableRequest("log", JdbcSinkTest.COUNTS,
                new Options("jdbc", options), null, List.of()));
        Sink sink = new JdbcConnector().createSink(log);
        sink.open(new SinkCtx(Task.of(0, 1), null, false), null);
        long start = System.nanoTime();
        for (int i = 0; i < ROWS; i++) {
            sink.write(new Object[] {"w" + i, (long) i, 0L});
            if (i % 50_000 == 49_999) {
                sink.commit(i, sink.preCommit(i));
            }
        }
        sink.close();
        report("jdbc sink append, exactly once", ROWS, start);
        assertEquals(ROWS, TestDatabase.count("SELECT count(*) FROM tp_log"));

        ConnectorTable out = new JdbcConnector().table(new TableRequest("out", JdbcSinkTest.COUNTS,
                new Options("jdbc", Map.of("url", TestDatabase.url(), "username", "postgres", "table", "tp_out",
                        "sink.commit_mode", "exactly_once")), null, List.of("word")));
        sink = new JdbcConnector().createSink(out);
        sink.open(new SinkCtx(Task.of(0, 1), null, true), null);
        start = System.nanoTime();
        for (int i = 0; i < ROWS; i++) {
            sink.write(new Object[] {"w" + (i % 50_000), (long) i, RowKind.of(RowKind.INSERT), 0L});
            if (i % 50_000 == 49_999) {
                sink.commit(i, sink.preCommit(i));
            }
        }
        sink.close();
        report("jdbc sink upsert (50,000 keys), exactly once", ROWS, start);
        assertEquals(50_000, TestDatabase.count("SELECT count(*) FROM tp_out"));
    }

    static void report(String what, long rows, long startNanos) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        System.out.printf("%s: %,d rows in %.2f s = %,.0f rows/s%n", what, rows, seconds, rows / seconds);
    }
}
