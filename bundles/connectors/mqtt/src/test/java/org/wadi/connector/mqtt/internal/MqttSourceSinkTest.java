package org.wadi.connector.mqtt.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.wadi.connector.mqtt.internal.MqttTesting.open;
import static org.wadi.connector.mqtt.internal.MqttTesting.options;
import static org.wadi.connector.mqtt.internal.MqttTesting.pollIdle;
import static org.wadi.connector.mqtt.internal.MqttTesting.pollUntil;
import static org.wadi.connector.mqtt.internal.MqttTesting.table;
import static org.wadi.connector.mqtt.internal.MqttTesting.writeRows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.wadi.formats.testing.ConnectorHarness;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.connector.ConnectorTable;
import org.wadi.spi.connector.Sink;
import org.wadi.spi.connector.Source;
import org.wadi.spi.connector.SourceStatus;
import org.wadi.spi.types.DataType;
import org.wadi.spi.types.Field;
import org.wadi.spi.types.Schema;

/** The source and the sink against the machine's Mosquitto. */
class MqttSourceSinkTest {

    private String root;
    private final List<Source> sources = new ArrayList<>();

    @BeforeEach
    void topic() {
        root = MqttTesting.uniqueTopic();
    }

    @AfterEach
    void close() throws Exception {
        for (Source s : sources) {
            s.close();
        }
    }

    private Source start(ConnectorTable table, int subtask, int parallelism) throws Exception {
        Source s = open(table, subtask, parallelism);
        sources.add(s);
        return s;
    }

    private static List<Long> range(long from, long to) {
        return LongStream.range(from, to).boxed().toList();
    }

    @Test
    void qos0RowsGoThroughInOrder() throws Exception {
        Source s = start(table(options("type", "source", "topic", root + "/q0")), 0, 1);
        writeRows(table(options("type", "sink", "topic", root + "/q0")), 0, 500, 100);
        MqttTesting.Rows out = new MqttTesting.Rows();
        pollUntil(s, out, 500, 10_000);
        pollIdle(s, out, 2);
        assertEquals(range(0, 500), out.ids);
        assertEquals("n7", out.rows.get(7)[1]);
        assertTrue((Long) out.rows.get(0)[2] > 0, "the event time is when the row was received");
    }

    @Test
    void qos1AndQos2SinksAreAcknowledgedAndTheQos1SourceGetsEveryRow() throws Exception {
        // 1000 messages: fewer than Mosquitto queues for a subscriber (max_queued_messages 1000 plus those in
        // flight), so none is dropped even if the subscriber's thread gets no time while they are sent
        Source s = start(table(options("type", "source", "topic", root + "/q1", "qos", "AtLeastOnce")), 0, 1);
        writeRows(table(options("type", "sink", "topic", root + "/q1", "qos", "1")), 0, 900, 300);
        writeRows(table(options("type", "sink", "topic", root + "/q1", "qos", "ExactlyOnce")), 900, 1000, 0);
        MqttTesting.Rows out = new MqttTesting.Rows();
        pollUntil(s, out, 1000, 20_000);
        pollIdle(s, out, 2);
        // at least once: every row arrived; without a reconnection, none twice
        assertEquals(new TreeSet<>(range(0, 1000)), new TreeSet<>(out.ids));
        assertEquals(1000, out.ids.size());
    }

    @Test
    void aQos1SourceKeepsUpWithAPublisherAtFullSpeed() throws Exception {
        // the sink publishes as fast as the broker acknowledges; the source is polled meanwhile, as a
        // pipeline does. Acknowledging 20 messages at a time (Mosquitto's window for a subscriber that
        // states no receive maximum) the source fell more than 1000 queued messages behind and the
        // broker dropped the rest (98 689 or 87 097 of 100 000 arrived)
        int rows = 60_000;
        Source s = start(table(options("type", "source", "topic", root + "/fast", "qos", "1")), 0, 1);
        Thread writer = new Thread(() -> {
            try {
                writeRows(table(options("type", "sink", "topic", root + "/fast", "qos", "1")), 0, rows, 10_000);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        writer.start();
        MqttTesting.Rows out = new MqttTesting.Rows();
        try {
            pollUntil(s, out, rows, 30_000);
        } finally {
            writer.join();
        }
        pollIdle(s, out, 2);
        assertEquals(new TreeSet<>(range(0, rows)), new TreeSet<>(out.ids));
    }

    @Test
    void retainedMessagesReachLaterSubscribers() throws Exception {
        String topic = root + "/retained";
        try {
            writeRows(table(options("type", "sink", "topic", topic, "sink.retain", "true", "qos", "1")), 0, 3, 0);
            Source s = start(table(options("type", "source", "topic", topic, "qos", "1")), 0, 1);
            MqttTesting.Rows out = new MqttTesting.Rows();
            pollUntil(s, out, 1, 10_000);
            pollIdle(s, out, 2);
            assertEquals(List.of(2L), out.ids, "the broker keeps the last retained message of a topic");
            writeRows(table(options("type", "sink", "topic", root + "/plain")), 0, 1, 0);
            Source late = start(table(options("type", "source", "topic", root + "/plain")), 0, 1);
            MqttTesting.Rows none = new MqttTesting.Rows();
            pollIdle(late, none, 4);
            assertEquals(List.of(), none.ids, "without sink.retain nothing is kept");
        } finally {
            MqttTesting.publishRaw(topic, 1, true, ""); // clears the retained message
        }
    }

    @Test
    void wildcardsAndTheTopicMetadataColumn() throws Exception {
        Schema schema = Schema.of(Field.of("id", DataType.INT64), Field.of("src", DataType.UTF8),
                Field.of("name", DataType.UTF8));
        ConnectorTable plus = table(schema, options("type", "source", "topic", root + "/+/temp", "qos", "1"),
                Map.of("src", "topic"));
        assertEquals("topic", plus.option("metadata.src"));
        ConnectorTable hash = table(schema, options("type", "source", "topic", root + "/#", "qos", "1"),
                Map.of("src", "topic"));
        Source a = start(plus, 0, 1);
        Source b = start(hash, 0, 1);
        MqttTesting.publishRaw(root + "/kitchen/temp", 1, false, "{\"id\":1,\"name\":\"k\",\"src\":\"ignored\"}");
        MqttTesting.publishRaw(root + "/hall/temp", 1, false, "{\"id\":2,\"name\":\"h\"}");
        MqttTesting.publishRaw(root + "/hall/humidity", 1, false, "{\"id\":3,\"name\":\"h\"}");
        MqttTesting.Rows outA = new MqttTesting.Rows();
        MqttTesting.Rows outB = new MqttTesting.Rows();
        pollUntil(a, outA, 2, 10_000);
        pollUntil(b, outB, 3, 10_000);
        pollIdle(a, outA, 2);
        assertEquals(List.of(root + "/kitchen/temp", root + "/hall/temp"),
                outA.rows.stream().map(r -> (String) r[1]).toList(), "the topic comes from the message, not the payload");
        assertEquals("k", outA.rows.get(0)[2]);
        assertEquals(List.of(1L, 2L, 3L), outB.ids);
        assertEquals(root + "/hall/humidity", outB.rows.get(2)[1]);
    }

    @Test
    void onlySubtaskZeroSubscribes() throws Exception {
        ConnectorTable t = table(options("type", "source", "topic", root + "/par"));
        Source zero = start(t, 0, 2);
        Source one = start(t, 1, 2);
        writeRows(table(options("type", "sink", "topic", root + "/par")), 0, 10, 0);
        MqttTesting.Rows out0 = new MqttTesting.Rows();
        pollUntil(zero, out0, 10, 10_000);
        MqttTesting.Rows out1 = new MqttTesting.Rows();
        assertEquals(SourceStatus.IDLE, one.poll(out1));
        assertEquals(List.of(), out1.ids);
        assertEquals(range(0, 10), out0.ids);
    }

    @Test
    void badPayloadsFailNamingTheTopicOrAreDropped() throws Exception {
        Source failing = start(table(options("type", "source", "topic", root + "/bad", "qos", "1")), 0, 1);
        Source dropping = start(table(options("type", "source", "topic", root + "/bad", "qos", "1", "bad_data",
                "drop")), 0, 1);
        MqttTesting.publishRaw(root + "/bad", 1, false, "{\"id\":1,\"name\":\"a\"}", "{oops", "{\"id\":2,\"name\":\"b\"}");
        MqttTesting.Rows kept = new MqttTesting.Rows();
        pollUntil(dropping, kept, 2, 10_000);
        assertEquals(List.of(1L, 2L), kept.ids);
        ConnectorException e = assertThrows(ConnectorException.class,
                () -> pollUntil(failing, new MqttTesting.Rows(), 3, 10_000));
        assertTrue(e.getMessage().contains("topic '" + root + "/bad'") && e.getMessage().contains("bad_data"),
                e.getMessage());
    }

    @Test
    void aRowLargerThanMaxPacketSizeFailsTheSinkNamingTheOption() throws Exception {
        Sink sink = new MqttConnector().createSink(table(options("type", "sink", "topic", root + "/big",
                "max_packet_size", "100")));
        try {
            sink.open(new ConnectorHarness.SinkCtx(ConnectorHarness.Task.of(0, 1), null), null);
            sink.write(new Object[] {1L, "small", 0L});
            ConnectorException e = assertThrows(ConnectorException.class,
                    () -> sink.write(new Object[] {2L, "x".repeat(200), 0L}));
            assertTrue(e.getMessage().contains("exceeds max_packet_size = 100"), e.getMessage());
        } finally {
            sink.close();
        }
    }

    @Test
    void theBrokerKeepsMessagesLargerThanMaxPacketSizeFromTheSource() throws Exception {
        Source s = start(table(options("type", "source", "topic", root + "/limit", "qos", "1",
                "max_packet_size", "200")), 0, 1);
        MqttTesting.publishRaw(root + "/limit", 1, false, "{\"id\":1,\"name\":\"" + "x".repeat(300) + "\"}",
                "{\"id\":2,\"name\":\"small\"}");
        MqttTesting.Rows out = new MqttTesting.Rows();
        pollUntil(s, out, 1, 10_000);
        pollIdle(s, out, 2);
        assertEquals(List.of(2L), out.ids);
    }
}
