package org.wadi.connector.websocket.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.wadi.formats.testing.ConnectorHarness;
import org.wadi.spi.connector.ConnectorTable;
import org.wadi.spi.connector.Options;
import org.wadi.spi.connector.Source;
import org.wadi.spi.connector.TableRequest;
import org.wadi.spi.types.DataType;
import org.wadi.spi.types.Field;
import org.wadi.spi.types.Schema;

/** Shared helpers of the websocket tests. */
final class WebsocketTesting {

    static final Schema SCHEMA = Schema.of(Field.of("id", DataType.INT64), Field.of("name", DataType.UTF8));

    private WebsocketTesting() {
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
        return new WebsocketConnector().table(new TableRequest("feed", SCHEMA, new Options("websocket", options), null,
                List.of()));
    }

    static Source open(ConnectorTable table, int subtask) throws Exception {
        Source s = new WebsocketConnector().createSource(table);
        s.open(new ConnectorHarness.SourceCtx(ConnectorHarness.Task.of(subtask, 1 + subtask), null, null));
        return s;
    }

    static String row(long n) {
        return "{\"id\": " + n + ", \"name\": \"n" + n + "\"}";
    }

    /** Polls until {@code n} rows came, failing after {@code millis}. */
    static List<Object[]> pollUntil(Source source, int n, long millis) throws Exception {
        ConnectorHarness.ListCollector out = new ConnectorHarness.ListCollector();
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (out.rows.size() < n) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("got " + out.rows.size() + " of " + n + " rows within " + millis + " ms");
            }
            source.poll(out);
        }
        return new ArrayList<>(out.rows);
    }
}
