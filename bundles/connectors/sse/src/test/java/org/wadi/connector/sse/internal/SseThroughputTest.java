package org.wadi.connector.sse.internal;

import static org.wadi.connector.sse.internal.SseTesting.open;
import static org.wadi.connector.sse.internal.SseTesting.options;
import static org.wadi.connector.sse.internal.SseTesting.table;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.wadi.formats.testing.ConnectorHarness;
import org.wadi.spi.connector.Source;

/**
 * Prints events per second of the source reading an in-JVM event-stream server that writes
 * events (a BIGINT and a short string as JSON) as fast as it can, one subtask. Figures, not
 * assertions on time: run on its own with
 * {@code mvn -o -q -f bundles/connectors/sse/pom.xml test -Dtest=SseThroughputTest -Dwadi.throughput=true}.
 */
@EnabledIfSystemProperty(named = "wadi.throughput", matches = "true")
class SseThroughputTest {

    private static final int EVENTS = 500_000;

    @Test
    void sourceFromAnEventStream() throws Exception {
        try (SseTestServer server = new SseTestServer((n, s) -> {
            StringBuilder batch = new StringBuilder();
            for (int i = 0; i < EVENTS; i++) {
                batch.append("id: ").append(i).append("\ndata: {\"id\": ").append(i).append(", \"name\": \"name-")
                        .append(i).append("\"}\n\n");
                if (batch.length() > 64 * 1024) {
                    s.send(batch.toString());
                    batch.setLength(0);
                }
            }
            s.send(batch.toString());
            s.hold();
        })) {
            long t0 = System.nanoTime();
            Source source = open(table(options(server.url())), 0, null);
            ConnectorHarness.ListCollector out = new ConnectorHarness.ListCollector();
            long deadline = System.nanoTime() + 120_000_000_000L;
            int received = 0;
            while (received < EVENTS && System.nanoTime() < deadline) {
                source.poll(out);
                received += out.rows.size();
                out.rows.clear();
            }
            long nanos = System.nanoTime() - t0;
            source.close();
            System.out.printf("THROUGHPUT sse source: %d events in %.2f s = %,.0f events/s%n", received, nanos / 1e9,
                    received / (nanos / 1e9));
        }
    }
}
