package org.wadi.connector.rabbitmq.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.stream.Environment;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.wadi.formats.testing.ConnectorHarness;
import org.wadi.spi.connector.Sink;
import org.wadi.spi.connector.Source;

/**
 * Prints events per second of the sink (into a queue and into a stream), the stream source and the
 * queue source against the machine's RabbitMQ, one subtask each, rows of a BIGINT and a short
 * string as JSON. Figures, not assertions on time: run on its own with
 * {@code mvn -o -q -f bundles/connectors/rabbitmq/pom.xml test -Dtest=RabbitmqThroughputTest -Dwadi.throughput=true}.
 */
@EnabledIfSystemProperty(named = "wadi.throughput", matches = "true")
class RabbitmqThroughputTest {

    private static final int ROWS = 100_000;

    @Test
    void sinksThenStreamSourceThenQueueSource() throws Exception {
        String queue = RabbitmqTesting.unique("wadi_perf_q");
        String stream = RabbitmqTesting.unique("wadi_perf_s");
        try (Environment env = RabbitmqTesting.environment(); Connection amqp = RabbitmqTesting.amqp()) {
            Channel channel = amqp.createChannel();
            RabbitmqTesting.createQueue(channel, queue);
            RabbitmqTesting.createStream(env, stream);
            try {
                for (String target : List.of(queue, stream)) {
                    Sink sink = new RabbitmqConnector().createSink(RabbitmqTesting.table(RabbitmqTesting.options(
                            "type", "sink", "routing_key", target)));
                    long t0 = System.nanoTime();
                    sink.open(new ConnectorHarness.SinkCtx(ConnectorHarness.Task.of(0, 1), null), null);
                    for (long i = 0; i < ROWS; i++) {
                        sink.write(new Object[] {i, "name-" + i, 0L});
                        if (i % 50_000 == 49_999) {
                            sink.preCommit(i);
                        }
                    }
                    sink.finish();
                    sink.close();
                    report("rabbitmq sink (persistent, publisher confirms) into a "
                            + (target.equals(queue) ? "classic queue" : "stream"), ROWS, System.nanoTime() - t0);
                }
                assertEquals(ROWS, channel.queueDeclarePassive(queue).getMessageCount());

                Source streamSource = new RabbitmqConnector().createSource(RabbitmqTesting.table(RabbitmqTesting.options(
                        "type", "source", "stream", stream, "source.offset", "first")));
                streamSource.open(RabbitmqTesting.context("job_perf_s", 0, 1, List.of()));
                RabbitmqTesting.Ids out = new RabbitmqTesting.Ids();
                long t0 = System.nanoTime();
                RabbitmqTesting.pollUntil(streamSource, out, ROWS, 120_000);
                report("rabbitmq stream source", ROWS, System.nanoTime() - t0);
                streamSource.close();

                Source queueSource = new RabbitmqConnector().createSource(RabbitmqTesting.table(RabbitmqTesting.options(
                        "type", "source", "queue", queue)));
                queueSource.open(RabbitmqTesting.context("job_perf_q", 0, 1, List.of()));
                RabbitmqTesting.Ids qout = new RabbitmqTesting.Ids();
                t0 = System.nanoTime();
                long deadline = t0 + 120_000_000_000L;
                int lastCheckpoint = 0;
                while (qout.ids.size() < ROWS && System.nanoTime() < deadline) {
                    queueSource.poll(qout);
                    if (qout.ids.size() - lastCheckpoint >= 2_500) {
                        // a checkpoint every 2500 rows, recorded at once: its deliveries are acknowledged
                        lastCheckpoint = qout.ids.size();
                        queueSource.snapshot(lastCheckpoint);
                        queueSource.commit(lastCheckpoint);
                    }
                }
                assertEquals(ROWS, qout.ids.size());
                report("rabbitmq queue source (prefetch 10000, a checkpoint every 2500 rows)", ROWS,
                        System.nanoTime() - t0);
                queueSource.snapshot(lastCheckpoint + 1);
                queueSource.commit(lastCheckpoint + 1);
                queueSource.close();
            } finally {
                channel.queueDelete(queue);
                RabbitmqTesting.deleteStream(env, stream);
            }
        }
    }

    private static void report(String what, int rows, long nanos) {
        System.out.printf("%s: %d rows in %.2f s = %.0f events/s%n", what, rows, nanos / 1e9, rows / (nanos / 1e9));
    }
}
