package org.wadi.connector.redis.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.wadi.formats.testing.ConnectorHarness.SinkCtx;
import org.wadi.formats.testing.ConnectorHarness.Task;
import org.wadi.spi.connector.ConnectorTable;
import org.wadi.spi.connector.LookupSource;
import org.wadi.spi.connector.Sink;

/**
 * Rows per second of the redis sink (string target) and of lookups (batches of 500 keys, no cache)
 * against the Redis server on 127.0.0.1:6379, one subtask. Opt-in, a figure rather than a check:
 * {@code mvn -o -q test -pl bundles/connectors/redis -Dtest=RedisThroughputTest -Dwadi.throughput=true
 * [-Dwadi.rows=200000]}; it prints one line per measurement.
 */
@EnabledIfSystemProperty(named = "wadi.throughput", matches = "true")
class RedisThroughputTest extends RedisConnectorTest {

    static final int ROWS = Integer.getInteger("wadi.rows", 200_000);
    static final int BATCH = 500;

    @Test
    void sinkAndLookupRowsPerSecond() throws Exception {
        ConnectorTable sinkTable = table(Map.of("type", "sink", "target", "string", "target.key_column", "id"));
        Sink sink = connector.createSink(sinkTable);
        sink.open(new SinkCtx(Task.of(0, 1), null), null);
        long t0 = System.nanoTime();
        try {
            for (int i = 0; i < ROWS; i++) {
                sink.write(row(i, "name-" + i, "tag-" + (i % 100)));
            }
            sink.preCommit(1);
        } finally {
            sink.close();
        }
        report("redis sink (string target)", ROWS, System.nanoTime() - t0);
        assertEquals("{\"id\":7,\"name\":\"name-7\",\"tag\":\"tag-7\"}", redis.get(prefix + "7"));

        LookupSource lookups = lookupSource(table(Map.of("type", "lookup")));
        try {
            Object[][] keys = new Object[BATCH][];
            long t1 = System.nanoTime();
            for (int done = 0; done < ROWS; done += BATCH) {
                for (int k = 0; k < BATCH; k++) {
                    keys[k] = new Object[] {(long) done + k};
                }
                Object[][] rows = lookups.lookup(keys, BATCH);
                assertNotNull(rows[BATCH - 1], "key " + (done + BATCH - 1));
            }
            report("redis lookup (batches of " + BATCH + " keys, no cache)", ROWS, System.nanoTime() - t1);
        } finally {
            lookups.close();
        }
    }

    private static void report(String what, long rows, long nanos) {
        System.out.printf(Locale.ROOT, "%s: %d rows in %.2f s = %.0f rows/s%n", what, rows, nanos / 1e9,
                rows / (nanos / 1e9));
    }
}
