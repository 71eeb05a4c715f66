package org.wadi.connector.rabbitmq.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.stream.ConfirmationHandler;
import com.rabbitmq.stream.Consumer;
import com.rabbitmq.stream.Environment;
import com.rabbitmq.stream.OffsetSpecification;
import com.rabbitmq.stream.Producer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.wadi.formats.testing.ConnectorHarness;
import org.wadi.spi.connector.Collector;
import org.wadi.spi.connector.ConnectorTable;
import org.wadi.spi.connector.FileAccess;
import org.wadi.spi.connector.Options;
import org.wadi.spi.connector.Source;
import org.wadi.spi.connector.SourceContext;
import org.wadi.spi.connector.SourceStatus;
import org.wadi.spi.connector.TableRequest;
import org.wadi.spi.connector.TaskInfo;
import org.wadi.spi.types.DataType;
import org.wadi.spi.types.Field;
import org.wadi.spi.types.Schema;

/**
 * Shared helpers of the tests against the machine's RabbitMQ (guest/guest; AMQP on 127.0.0.1:5672,
 * Streams on 127.0.0.1:5552 with the rabbitmq_stream plugin).
 */
final class RabbitmqTesting {

    static final String HOST = "127.0.0.1";
    static final Schema SCHEMA = Schema.of(Field.of("id", DataType.INT64), Field.of("name", DataType.UTF8));

    private RabbitmqTesting() {
    }

    /** A name no other test run uses. */
    static String unique(String prefix) {
        return prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    static Environment environment() {
        return Environment.builder().host(HOST).port(5552).addressResolver(a -> new com.rabbitmq.stream.Address(HOST,
                5552)).build();
    }

    static Connection amqp() throws Exception {
        ConnectionFactory f = new ConnectionFactory();
        f.setHost(HOST);
        f.setPort(5672);
        return f.newConnection("wadi-test");
    }

    static void createStream(Environment env, String stream) {
        env.streamCreator().stream(stream).create();
    }

    static void deleteStream(Environment env, String stream) {
        try {
            env.deleteStream(stream);
        } catch (Exception e) {
            // already gone
        }
    }

    /** Appends rows {@code from..to-1} as JSON to a stream, confirmed by the broker. */
    static void publishStream(Environment env, String stream, int from, int to) throws Exception {
        try (Producer producer = env.producerBuilder().stream(stream).build()) {
            CountDownLatch confirmed = new CountDownLatch(to - from);
            AtomicInteger failed = new AtomicInteger();
            ConfirmationHandler handler = status -> {
                if (!status.isConfirmed()) {
                    failed.incrementAndGet();
                }
                confirmed.countDown();
            };
            for (int i = from; i < to; i++) {
                producer.send(producer.messageBuilder().addData(json(i)).build(), handler);
            }
            assertTrue(confirmed.await(60, TimeUnit.SECONDS), "the broker confirmed the messages within 60 s");
            assertTrue(failed.get() == 0, failed.get() + " messages were not confirmed");
        }
    }

    /**
     * Waits until a consumer reading the stream from its start has received {@code count} messages:
     * the broker confirms a message before it commits its chunk, and consumers (and the offsets
     * {@code next} and {@code last}) see committed chunks only.
     */
    static void awaitCommitted(Environment env, String stream, int count) throws Exception {
        CountDownLatch seen = new CountDownLatch(count);
        try (Consumer consumer = env.consumerBuilder().stream(stream).offset(OffsetSpecification.first())
                .messageHandler((context, message) -> seen.countDown()).build()) {
            assertTrue(seen.await(60, TimeUnit.SECONDS), "the first " + count + " messages were committed within 60 s");
        }
    }

    /** Declares a durable classic queue; the caller deletes it. */
    static void createQueue(Channel channel, String queue) throws Exception {
        channel.queueDeclare(queue, true, false, false, null);
    }

    /** Publishes rows {@code from..to-1} as JSON to a queue through the default exchange, confirmed. */
    static void publishQueue(Channel channel, String queue, int from, int to) throws Exception {
        channel.confirmSelect();
        for (int i = from; i < to; i++) {
            channel.basicPublish("", queue, new AMQP.BasicProperties.Builder().deliveryMode(2).build(), json(i));
        }
        channel.waitForConfirmsOrDie(60_000);
    }

    /** Takes every message a queue holds now (acknowledged), as text. */
    static List<String> drain(Channel channel, String queue) throws Exception {
        List<String> out = new ArrayList<>();
        com.rabbitmq.client.GetResponse r;
        while ((r = channel.basicGet(queue, true)) != null) {
            out.add(new String(r.getBody(), StandardCharsets.UTF_8));
        }
        return out;
    }

    static byte[] json(int i) {
        return ("{\"id\":" + i + ",\"name\":\"n" + i + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    /** A table resolved by the connector from options. */
    static ConnectorTable table(Map<String, String> options) throws Exception {
        return new RabbitmqConnector().table(new TableRequest("t", SCHEMA, new Options("rabbitmq", options), null));
    }

    static Map<String, String> options(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("host", HOST);
        m.put("load_balancer_mode", "true");
        m.put("format", "json");
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    /** A source context with every old subtask's state, as the runtime gives it at a restore. */
    record Context(TaskInfo task, List<byte[]> states) implements SourceContext {
        @Override
        public FileAccess files() {
            return null;
        }

        @Override
        public byte[] restoredState() {
            return states.isEmpty() ? null : states.get(task.subtaskIndex() % states.size());
        }

        @Override
        public List<byte[]> restoredStates() {
            return states;
        }
    }

    static Context context(String job, int subtask, int parallelism, List<byte[]> states) {
        return new Context(new ConnectorHarness.Task(job, "source_1", subtask, parallelism), states);
    }

    /** Collects the ids of the rows emitted. */
    static final class Ids implements Collector {
        final List<Long> ids = new ArrayList<>();
        final List<Object[]> rows = new ArrayList<>();

        @Override
        public void collect(Object[] row) {
            rows.add(row);
            ids.add((Long) row[0]);
        }
    }

    /** Polls until {@code out} holds at least {@code count} rows, failing after {@code millis}. */
    static void pollUntil(Source source, Ids out, int count, long millis) throws Exception {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        while (out.ids.size() < count) {
            if (System.nanoTime() > deadline) {
                fail("source emitted " + out.ids.size() + " rows, expected " + count + " within " + millis + " ms");
            }
            source.poll(out);
        }
    }

    /** Polls a few times (each returns within ~50 ms when idle) and checks that nothing more comes. */
    static void pollIdle(Source source, Ids out, int polls) throws Exception {
        for (int i = 0; i < polls; i++) {
            SourceStatus s = source.poll(out);
            if (s == SourceStatus.FINISHED) {
                fail("an unbounded source finished");
            }
        }
    }
}
