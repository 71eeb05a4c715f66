package org.wadi.connector.pollinghttp.internal;

import static org.wadi.connector.pollinghttp.internal.PollingTesting.open;
import static org.wadi.connector.pollinghttp.internal.PollingTesting.options;
import static org.wadi.connector.pollinghttp.internal.PollingTesting.table;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.wadi.formats.testing.ConnectorHarness;
import org.wadi.spi.connector.Source;

/**
 * Prints events per second of the source polling an in-JVM HTTP server as often as it may
 * ({@code poll_interval_ms = 1}), each answer a row (a BIGINT and a short string as JSON), one
 * subtask: a polling source makes one request at a time, so this is its request rate. Figures, not
 * assertions on time: run on its own with
 * {@code mvn -o -q -f bundles/connectors/polling-http/pom.xml test -Dtest=PollingHttpThroughputTest -Dwadi.throughput=true}.
 */
@EnabledIfSystemProperty(named = "wadi.throughput", matches = "true")
class PollingHttpThroughputTest {

    private static final int POLLS = 5_000;

    @Test
    void sourcePollingAsFastAsAllowed() throws Exception {
        try (PollTestServer server = new PollTestServer()) {
            Source source = open(table(options(server.url(), "poll_interval_ms", "1")), 0, null);
            ConnectorHarness.ListCollector out = new ConnectorHarness.ListCollector();
            long t0 = System.nanoTime();
            long deadline = t0 + 120_000_000_000L;
            while (out.rows.size() < POLLS && System.nanoTime() < deadline) {
                source.poll(out);
            }
            long nanos = System.nanoTime() - t0;
            source.close();
            System.out.printf("THROUGHPUT polling_http source: %d answers in %.2f s = %,.0f events/s%n",
                    out.rows.size(), nanos / 1e9, out.rows.size() / (nanos / 1e9));
        }
    }
}
