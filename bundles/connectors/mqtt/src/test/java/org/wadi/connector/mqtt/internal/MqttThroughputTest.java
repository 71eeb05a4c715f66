package org.wadi.connector.mqtt.internal;

import static org.wadi.connector.mqtt.internal.MqttTesting.options;
import static org.wadi.connector.mqtt.internal.MqttTesting.table;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.wadi.formats.testing.ConnectorHarness;
import org.wadi.spi.connector.Sink;
import org.wadi.spi.connector.Source;
import org.wadi.spi.connector.SourceStatus;

/**
 * Prints events per second of the sink alone and of the sink feeding the source through the
 * machine's Mosquitto, at QoS 0 and 1, one subtask each, rows of a BIGINT and a short string as
 * JSON. Figures, not assertions on time: run on its own with
 * {@code mvn -o -q -f bundles/connectors/mqtt/pom.xml test -Dtest=MqttThroughputTest -Dwadi.throughput=true}.
 */
@EnabledIfSystemProperty(named = "wadi.throughput", matches = "true")
class MqttThroughputTest {

    private static final int ROWS = 100_000;

    @Test
    void sinkAloneAndSinkIntoSource() throws Exception {
        for (int qos : new int[] {0, 1}) {
            String topic = MqttTesting.uniqueTopic() + "/perf";
            long t0 = System.nanoTime();
            write(topic, qos);
            report("mqtt sink alone, qos " + qos, ROWS, System.nanoTime() - t0);

            Source source = MqttTesting.open(table(options("type", "source", "topic", topic, "qos",
                    Integer.toString(qos))), 0, 1);
            MqttTesting.Rows out = new MqttTesting.Rows();
            Thread writer = new Thread(() -> {
                try {
                    write(topic, qos);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            t0 = System.nanoTime();
            writer.start();
            long deadline = System.nanoTime() + 120_000_000_000L;
            int idle = 0;
            while (out.rows.size() < ROWS && System.nanoTime() < deadline && (writer.isAlive() || idle < 40)) {
                idle = source.poll(out) == SourceStatus.IDLE ? idle + 1 : 0;
            }
            long nanos = System.nanoTime() - t0;
            writer.join();
            source.close();
            report("mqtt source fed by the sink, qos " + qos + " (received " + out.rows.size() + " of " + ROWS + ")",
                    out.rows.size(), nanos);
        }
    }

    private static void write(String topic, int qos) throws Exception {
        Sink sink = new MqttConnector().createSink(table(options("type", "sink", "topic", topic, "qos",
                Integer.toString(qos))));
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
    }

    private static void report(String what, long rows, long nanos) {
        System.out.printf("THROUGHPUT %s: %d rows in %.2f s = %,.0f events/s%n", what, rows, nanos / 1e9,
                rows / (nanos / 1e9));
    }
}
