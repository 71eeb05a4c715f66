package org.wadi.connector.mqtt.internal;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.wadi.formats.testing.ConnectorHarness;
import org.wadi.spi.connector.Collector;
import org.wadi.spi.connector.ConnectorTable;
import org.wadi.spi.connector.Options;
import org.wadi.spi.connector.Sink;
import org.wadi.spi.connector.Source;
import org.wadi.spi.connector.SourceStatus;
import org.wadi.spi.connector.TableRequest;
import org.wadi.spi.types.DataType;
import org.wadi.spi.types.Field;
import org.wadi.spi.types.Schema;

/** Shared helpers of the tests against the machine's Mosquitto (127.0.0.1:1883). */
final class MqttTesting {

    static final String URL = "tcp://127.0.0.1:1883";
    static final Schema SCHEMA = Schema.of(Field.of("id", DataType.INT64), Field.of("name", DataType.UTF8));

    private MqttTesting() {
    }

    /** A topic root no other test run uses. */
    static String uniqueTopic() {
        return "wadi-test/" + UUID.randomUUID().toString().substring(0, 12);
    }

    static Map<String, String> options(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("url", URL);
        m.put("format", "json");
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    static ConnectorTable table(Map<String, String> options) throws Exception {
        return table(SCHEMA, options, Map.of());
    }

    static ConnectorTable table(Schema schema, Map<String, String> options, Map<String, String> metadata)
            throws Exception {
        return new MqttConnector().table(new TableRequest("t", schema, new Options("mqtt", options), null, List.of(),
                metadata));
    }

    /** Opens a source as subtask {@code subtask} of {@code parallelism}. */
    static Source open(ConnectorTable table, int subtask, int parallelism) throws Exception {
        Source s = new MqttConnector().createSource(table);
        s.open(new ConnectorHarness.SourceCtx(ConnectorHarness.Task.of(subtask, parallelism), null, null));
        return s;
    }

    /** Writes rows {@code from..to-1} through a sink, checkpointing every {@code every} rows. */
    static void writeRows(ConnectorTable table, long from, long to, int every) throws Exception {
        Sink sink = new MqttConnector().createSink(table);
        try {
            sink.open(new ConnectorHarness.SinkCtx(ConnectorHarness.Task.of(0, 1), null), null);
            for (long i = from; i < to; i++) {
                sink.write(new Object[] {i, "n" + i, 0L});
                if (every > 0 && (i - from) % every == every - 1) {
                    sink.preCommit(i);
                }
            }
            sink.finish();
        } finally {
            sink.close();
        }
    }

    /** Publishes raw payloads with a plain client. */
    static void publishRaw(String topic, int qos, boolean retain, String... payloads) throws Exception {
        MqttClient c = new MqttClient(URL, "wadi-test-" + UUID.randomUUID().toString().substring(0, 8),
                new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        c.connect(o);
        try {
            for (String p : payloads) {
                c.publish(topic, p.getBytes(StandardCharsets.UTF_8), qos, retain);
            }
        } finally {
            c.disconnect();
            c.close();
        }
    }

    /** Collects rows and their ids. */
    static final class Rows implements Collector {
        final List<Object[]> rows = new ArrayList<>();
        final List<Long> ids = new ArrayList<>();

        @Override
        public void collect(Object[] row) {
            rows.add(row);
            ids.add((Long) row[0]);
        }
    }

    /** Polls until {@code out} holds at least {@code count} rows, failing after {@code millis}. */
    static void pollUntil(Source source, Rows out, int count, long millis) throws Exception {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        while (out.rows.size() < count) {
            if (System.nanoTime() > deadline) {
                fail("source emitted " + out.rows.size() + " rows, expected " + count + " within " + millis + " ms");
            }
            source.poll(out);
        }
    }

    /** Polls a few times (each returns within ~50 ms when idle), for what should not come. */
    static void pollIdle(Source source, Rows out, int polls) throws Exception {
        for (int i = 0; i < polls; i++) {
            if (source.poll(out) == SourceStatus.FINISHED) {
                fail("an unbounded source finished");
            }
        }
    }
}
