package org.wadi.connector.nats.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.wadi.connector.nats.internal.NatsTesting.options;
import static org.wadi.connector.nats.internal.NatsTesting.table;

import io.nats.client.Connection;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.wadi.formats.testing.ConnectorHarness;
import org.wadi.spi.connector.ConnectorTable;
import org.wadi.spi.connector.Sink;
import org.wadi.spi.connector.Source;

/**
 * Prints events per second of the sink, the JetStream source and the core NATS source against
 * the machine's server, one subtask each, rows of a BIGINT and a short string as JSON. Figures,
 * not assertions on time: run on its own with
 * {@code mvn -o -q -f bundles/connectors/nats/pom.xml test -Dtest=NatsThroughputTest -Dwadi.throughput=true}.
 */
@EnabledIfSystemProperty(named = "wadi.throughput", matches = "true")
class NatsThroughputTest {

    private static final int ROWS = 300_000;

    @Test
    void sinkThenJetStreamSourceThenCoreSource() throws Exception {
        String prefix = NatsTesting.unique("wadi_perf");
        String stream = prefix + "_s";
        try (Connection nats = NatsTesting.connect()) {
            NatsTesting.createStream(nats, stream, prefix + ".js");
            try {
                // sink into a subject a stream stores (the server acknowledges nothing per message)
                ConnectorTable sinkTable = table(options("type", "sink", "subject", prefix + ".js"));
                Sink sink = new NatsConnector().createSink(sinkTable);
                long t0 = System.nanoTime();
                sink.open(new ConnectorHarness.SinkCtx(ConnectorHarness.Task.of(0, 1), null), null);
                for (long i = 0; i < ROWS; i++) {
                    sink.write(new Object[] {i, "name-" + i, 0L});
                    if (i % 100_000 == 99_999) {
                        sink.preCommit(i);
                    }
                }
                sink.finish();
                sink.close();
                report("nats sink (core publish into a JetStream subject)", ROWS, System.nanoTime() - t0);
                long stored = 0;
                for (int i = 0; i < 100 && stored < ROWS; i++) {
                    stored = nats.jetStreamManagement().getStreamInfo(stream).getStreamState().getMsgCount();
                    if (stored < ROWS) {
                        Thread.sleep(50); // the stream stores what the server received a moment later
                    }
                }
                assertEquals(ROWS, stored);

                // JetStream source over the stored messages, acknowledging each message or none
                for (String ack : List.of("Explicit", "None")) {
                    Source js = new NatsConnector().createSource(table(options("type", "source", "stream", stream,
                            "consumer.ack_policy", ack)));
                    js.open(NatsTesting.context("job_perf_" + ack, 0, 1, List.of()));
                    NatsTesting.Ids out = new NatsTesting.Ids();
                    t0 = System.nanoTime();
                    NatsTesting.pollUntil(js, out, ROWS, 120_000);
                    report("nats JetStream source (consumer.ack_policy " + ack + ")", ROWS, System.nanoTime() - t0);
                    js.close();
                }
            } finally {
                NatsTesting.deleteStream(nats, stream);
            }

            // core source while another connection publishes
            Source core = new NatsConnector().createSource(table(options("type", "source", "subject", prefix + ".core")));
            core.open(NatsTesting.context("job_perf", 0, 1, List.of()));
            Thread publisher = new Thread(() -> {
                try (Connection pub = NatsTesting.connect()) {
                    for (int i = 0; i < ROWS; i++) {
                        pub.publish(prefix + ".core", NatsTesting.json(i));
                    }
                    pub.flush(Duration.ofSeconds(30));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            NatsTesting.Ids out = new NatsTesting.Ids();
            long t0 = System.nanoTime();
            publisher.start();
            long deadline = System.nanoTime() + 60_000_000_000L;
            int idle = 0;
            while (out.ids.size() < ROWS && System.nanoTime() < deadline && idle < 40) {
                idle = core.poll(out) == org.wadi.spi.connector.SourceStatus.IDLE ? idle + 1 : 0;
            }
            publisher.join();
            report("nats core source (publisher in the same JVM; received " + out.ids.size() + " of " + ROWS + ")",
                    out.ids.size(), System.nanoTime() - t0);
            core.close();
        }
    }

    private static void report(String what, long rows, long nanos) {
        System.out.printf("THROUGHPUT %s: %d rows in %.2f s = %,.0f events/s%n", what, rows, nanos / 1e9,
                rows / (nanos / 1e9));
    }
}
