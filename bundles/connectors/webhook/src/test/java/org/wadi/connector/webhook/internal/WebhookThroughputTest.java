package org.wadi.connector.webhook.internal;

import static org.wadi.connector.webhook.internal.WebhookTesting.options;
import static org.wadi.connector.webhook.internal.WebhookTesting.table;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.wadi.formats.testing.ConnectorHarness;
import org.wadi.spi.connector.Sink;

/**
 * Prints events per second of the sink POSTing rows (a BIGINT and a short string as JSON) to an
 * in-JVM HTTP server, one request per row, one subtask, a checkpoint every 10,000 rows. Figures,
 * not assertions on time: run on its own with
 * {@code mvn -o -q -f bundles/connectors/webhook/pom.xml test -Dtest=WebhookThroughputTest -Dwadi.throughput=true}.
 */
@EnabledIfSystemProperty(named = "wadi.throughput", matches = "true")
class WebhookThroughputTest {

    private static final int ROWS = 50_000;

    @Test
    void sinkIntoAnHttpServer() throws Exception {
        try (TestHttpServer server = new TestHttpServer()) {
            Sink sink = new WebhookConnector().createSink(table(options(server.url())));
            long t0 = System.nanoTime();
            try {
                sink.open(new ConnectorHarness.SinkCtx(ConnectorHarness.Task.of(0, 1), null), null);
                for (long i = 0; i < ROWS; i++) {
                    sink.write(new Object[] {i, "name-" + i, 0L});
                    if (i % 10_000 == 9_999) {
                        sink.preCommit(i);
                    }
                }
                sink.finish();
            } finally {
                sink.close();
            }
            long nanos = System.nanoTime() - t0;
            System.out.printf("THROUGHPUT webhook sink: %d rows (%d requests received) in %.2f s = %,.0f events/s%n",
                    ROWS, server.requests.size(), nanos / 1e9, ROWS / (nanos / 1e9));
        }
    }
}
