package org.wadi.connector.kinesis.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.wadi.formats.testing.ConnectorHarness;
import org.wadi.spi.connector.Sink;
import org.wadi.spi.connector.Source;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * Prints events per second of the sink and the source against kinesalite (in memory, on this
 * machine), one subtask each, a stream of 4 shards, rows of a BIGINT and a short string as JSON.
 * Figures of the local server, not of AWS, and not assertions on time: run on its own with
 * {@code mvn -o -q -f bundles/connectors/kinesis/pom.xml test -Dtest=KinesisThroughputTest -Dwadi.throughput=true}.
 */
@EnabledIfSystemProperty(named = "wadi.throughput", matches = "true")
class KinesisThroughputTest {

    private static final int ROWS = 50_000;

    @Test
    void sinkThenSource() throws Exception {
        try (KinesisTesting.Server server = KinesisTesting.start(); KinesisClient client = KinesisTesting.client(server)) {
            String stream = KinesisTesting.unique("wadi_perf");
            KinesisTesting.createStream(client, stream, 4);
            Sink sink = new KinesisConnector().createSink(KinesisTesting.table(KinesisTesting.options(server,
                    "stream_name", stream, "type", "sink")));
            long t0 = System.nanoTime();
            sink.open(new ConnectorHarness.SinkCtx(ConnectorHarness.Task.of(0, 1), null), null);
            for (long i = 0; i < ROWS; i++) {
                sink.write(new Object[] {i, "name-" + i, 0L});
            }
            sink.finish();
            sink.close();
            report("kinesis sink (PutRecords of 500)", ROWS, System.nanoTime() - t0);

            Source source = new KinesisConnector().createSource(KinesisTesting.table(KinesisTesting.options(server,
                    "stream_name", stream, "type", "source", "source.offset", "earliest")));
            source.open(KinesisTesting.context("job_perf", 0, 1, List.of()));
            KinesisTesting.Ids out = new KinesisTesting.Ids();
            t0 = System.nanoTime();
            KinesisTesting.pollUntil(source, out, ROWS, 300_000);
            report("kinesis source (GetRecords of 1000)", ROWS, System.nanoTime() - t0);
            source.close();
            assertEquals(ROWS, new TreeSet<>(out.ids).size());
        }
    }

    private static void report(String what, int rows, long nanos) {
        System.out.printf("%s: %d rows in %.2f s = %.0f events/s%n", what, rows, nanos / 1e9, rows / (nanos / 1e9));
    }
}
