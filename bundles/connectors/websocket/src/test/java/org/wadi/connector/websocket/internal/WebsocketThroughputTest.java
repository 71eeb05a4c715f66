package org.wadi.connector.websocket.internal;

import static org.wadi.connector.websocket.internal.WebsocketTesting.open;
import static org.wadi.connector.websocket.internal.WebsocketTesting.options;
import static org.wadi.connector.websocket.internal.WebsocketTesting.row;
import static org.wadi.connector.websocket.internal.WebsocketTesting.table;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.wadi.formats.testing.ConnectorHarness;
import org.wadi.spi.connector.Source;

/**
 * Prints events per second of the source reading a WebSocket server (the tests' own) that sends
 * messages (a BIGINT and a short string as JSON) as fast as it can, one subtask. Figures, not
 * assertions on time: run on its own with
 * {@code mvn -o -q -f bundles/connectors/websocket/pom.xml test -Dtest=WebsocketThroughputTest -Dwadi.throughput=true}.
 */
@EnabledIfSystemProperty(named = "wadi.throughput", matches = "true")
class WebsocketThroughputTest {

    private static final int MESSAGES = 500_000;

    @Test
    void sourceFromASocket() throws Exception {
        try (WsTestServer server = new WsTestServer((n, c) -> {
            for (int i = 0; i < MESSAGES; i++) {
                c.text(row(i));
            }
            c.hold();
        })) {
            long t0 = System.nanoTime();
            Source source = open(table(options(server.url())), 0);
            ConnectorHarness.ListCollector out = new ConnectorHarness.ListCollector();
            long deadline = System.nanoTime() + 120_000_000_000L;
            int received = 0;
            while (received < MESSAGES && System.nanoTime() < deadline) {
                source.poll(out);
                received += out.rows.size();
                out.rows.clear();
            }
            long nanos = System.nanoTime() - t0;
            source.close();
            System.out.printf("THROUGHPUT websocket source: %d messages in %.2f s = %,.0f events/s%n", received,
                    nanos / 1e9, received / (nanos / 1e9));
        }
    }
}
