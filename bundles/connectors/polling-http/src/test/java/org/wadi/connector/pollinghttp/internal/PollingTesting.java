package org.wadi.connector.pollinghttp.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.wadi.formats.testing.ConnectorHarness;
import org.wadi.spi.connector.ConnectorTable;
import org.wadi.spi.connector.Options;
import org.wadi.spi.connector.Source;
import org.wadi.spi.connector.TableRequest;
import org.wadi.spi.types.DataType;
import org.wadi.spi.types.Field;
import org.wadi.spi.types.Schema;

/** Shared helpers of the polling_http tests. */
final class PollingTesting {

    static final Schema SCHEMA = Schema.of(Field.of("id", DataType.INT64), Field.of("name", DataType.UTF8));

    private PollingTesting() {
    }

    static Map<String, String> options(String endpoint, String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("endpoint", endpoint);
        m.put("format", "json");
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    static ConnectorTable table(Map<String, String> options) throws Exception {
        return new PollingHttpConnector().table(new TableRequest("status", SCHEMA, new Options("polling_http", options),
                null, List.of()));
    }

    static Source open(ConnectorTable table, int subtask, byte[] restored) throws Exception {
        Source s = new PollingHttpConnector().createSource(table);
        s.open(new ConnectorHarness.SourceCtx(ConnectorHarness.Task.of(subtask, 1 + subtask), null, restored));
        return s;
    }

    /** Polls, collecting rows, until {@code done} holds; fails after {@code millis}. */
    static List<Object[]> pollUntil(Source source, BooleanSupplier done, ConnectorHarness.ListCollector out,
            long millis) throws Exception {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not done within " + millis + " ms; " + out.rows.size() + " rows");
            }
            source.poll(out);
        }
        return new ArrayList<>(out.rows);
    }
}
