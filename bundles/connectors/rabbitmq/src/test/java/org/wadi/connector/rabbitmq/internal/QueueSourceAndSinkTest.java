package org.wadi.connector.rabbitmq.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.wadi.connector.rabbitmq.internal.RabbitmqTesting.context;
import static org.wadi.connector.rabbitmq.internal.RabbitmqTesting.options;
import static org.wadi.connector.rabbitmq.internal.RabbitmqTesting.pollIdle;
import static org.wadi.connector.rabbitmq.internal.RabbitmqTesting.pollUntil;
import static org.wadi.connector.rabbitmq.internal.RabbitmqTesting.table;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import java.util.ArrayList;
import java.util.List;
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
import org.wadi.spi.types.RowKind;

/** The AMQP 0-9-1 queue source and the exchange sink against the machine's RabbitMQ. */
class QueueSourceAndSinkTest {

    private Connection amqp;
    private Channel channel;
    private String queue;
    private final List<AutoCloseable> open = new ArrayList<>();

    @BeforeEach
    void connect() throws Exception {
        amqp = RabbitmqTesting.amqp();
        channel = amqp.createChannel();
        queue = RabbitmqTesting.unique("wadi_q");
        RabbitmqTesting.createQueue(channel, queue);
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
        channel.queueDelete(queue);
        amqp.close();
    }

    private Source start(ConnectorTable table, String job, int subtask, int parallelism) throws Exception {
        Source s = new RabbitmqConnector().createSource(table);
        open.add(s::close);
        s.open(context(job, subtask, parallelism, List.of()));
        return s;
    }

    private Sink sink(ConnectorTable table, boolean updating) throws Exception {
        Sink sink = new RabbitmqConnector().createSink(table);
        open.add(sink::close);
        sink.open(new ConnectorHarness.SinkCtx(ConnectorHarness.Task.of(0, 1), null, updating), null);
        return sink;
    }

    private static List<Long> range(long from, long to) {
        return LongStream.range(from, to).boxed().toList();
    }

    /** How many messages the broker holds for the queue, ready or unacknowledged. */
    private long held() throws Exception {
        return channel.queueDeclarePassive(queue).getMessageCount();
    }

    @Test
    void theSinkPublishesOneJsonMessagePerRowThatTheQueueSourceReads() throws Exception {
        Sink sink = sink(table(options("type", "sink", "routing_key", queue)), false);
        for (long i = 0; i < 300; i++) {
            sink.write(new Object[] {i, "n" + i, 0L});
            if (i == 150) {
                assertEquals(null, sink.preCommit(1));
            }
        }
        sink.finish();
        assertEquals(300, held(), "every row confirmed by the broker once the input ended");

        Source source = start(table(options("type", "source", "queue", queue)), "job_a", 0, 1);
        RabbitmqTesting.Ids out = new RabbitmqTesting.Ids();
        pollUntil(source, out, 300, 10_000);
        pollIdle(source, out, 3);
        assertEquals(range(0, 300), out.ids);
        assertEquals("n7", out.rows.get(7)[1]);
    }

    @Test
    void deliveriesAreAcknowledgedWhenTheirCheckpointIsRecordedAndRedeliveredAfterAFailure() throws Exception {
        RabbitmqTesting.publishQueue(channel, queue, 0, 100);
        ConnectorTable table = table(options("type", "source", "queue", queue, "source.prefetch", "500"));
        Source first = start(table, "job_b", 0, 1);
        RabbitmqTesting.Ids out = new RabbitmqTesting.Ids();
        pollUntil(first, out, 60, 10_000);
        first.snapshot(1); // covers what was polled: acknowledged once checkpoint 1 is recorded
        int covered = out.ids.size();
        pollUntil(first, out, 100, 10_000);
        first.snapshot(2); // never recorded
        first.commit(1); // acknowledges checkpoint 1's deliveries
        RabbitmqTesting.publishQueue(channel, queue, 100, 120);
        pollUntil(first, out, 120, 10_000);
        first.close(); // the task dies: nothing after checkpoint 1 was acknowledged
        open.clear();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (held() != 120 - covered) {
            assertTrue(System.nanoTime() < deadline, "the broker holds " + held() + " messages, expected "
                    + (120 - covered) + " requeued");
            Thread.sleep(20);
        }
        Source second = start(table, "job_b", 0, 1);
        RabbitmqTesting.Ids again = new RabbitmqTesting.Ids();
        pollUntil(second, again, 120 - covered, 10_000);
        pollIdle(second, again, 3);
        List<Long> all = new ArrayList<>(out.ids.subList(0, covered));
        all.addAll(again.ids);
        assertEquals(new TreeSet<>(range(0, 120)), new TreeSet<>(all), "nothing lost");
        assertEquals(120, all.size(), "what checkpoint 1 covered is not delivered again");
    }

    @Test
    void subtasksShareTheQueueAsCompetingConsumers() throws Exception {
        ConnectorTable table = table(options("type", "source", "queue", queue, "source.prefetch", "10"));
        Source a = start(table, "job_c", 0, 2);
        Source b = start(table, "job_c", 1, 2);
        RabbitmqTesting.publishQueue(channel, queue, 0, 400);
        RabbitmqTesting.Ids outA = new RabbitmqTesting.Ids();
        RabbitmqTesting.Ids outB = new RabbitmqTesting.Ids();
        long deadline = System.nanoTime() + 20_000_000_000L;
        long epoch = 0;
        while (outA.ids.size() + outB.ids.size() < 400) {
            assertTrue(System.nanoTime() < deadline, "only " + (outA.ids.size() + outB.ids.size()) + " of 400 rows");
            a.poll(outA);
            b.poll(outB);
            epoch++;
            a.snapshot(epoch);
            b.snapshot(epoch);
            a.commit(epoch);
            b.commit(epoch);
        }
        assertTrue(!outA.ids.isEmpty() && !outB.ids.isEmpty(), "both consumers got deliveries");
        List<Long> all = new ArrayList<>(outA.ids);
        all.addAll(outB.ids);
        assertEquals(400, all.size());
        assertEquals(new TreeSet<>(range(0, 400)), new TreeSet<>(all));
    }

    @Test
    void updatingResultsAreWrittenAsDebeziumEventsAndReadBackAsAChangelog() throws Exception {
        Sink sink = sink(table(options("type", "sink", "routing_key", queue, "format", "debezium_json")), true);
        sink.write(new Object[] {1L, "a", RowKind.of(RowKind.INSERT), 0L});
        sink.write(new Object[] {1L, "a", RowKind.of(RowKind.DELETE), 0L});
        sink.finish();
        List<String> messages = RabbitmqTesting.drain(channel, queue);
        assertEquals(2, messages.size(), messages.toString());
        assertTrue(messages.get(0).contains("\"op\":\"c\"") && messages.get(1).contains("\"op\":\"d\""),
                messages.toString());
    }

    @Test
    void aPlainJsonSinkRefusesUpdatingResults() throws Exception {
        Sink sink = new RabbitmqConnector().createSink(table(options("type", "sink", "routing_key", queue)));
        try {
            Exception e = assertThrows(Exception.class, () -> sink.open(
                    new ConnectorHarness.SinkCtx(ConnectorHarness.Task.of(0, 1), null, true), null));
            assertTrue(e.getMessage().contains("debezium_json"), e.getMessage());
        } finally {
            sink.close();
        }
    }

    @Test
    void anUnroutableMessageFailsTheSink() throws Exception {
        String exchange = RabbitmqTesting.unique("wadi_x");
        channel.exchangeDeclare(exchange, "direct", false, true, null);
        try {
            Sink sink = sink(table(options("type", "sink", "exchange", exchange, "routing_key", "nobody")), false);
            sink.write(new Object[] {1L, "a", 0L});
            ConnectorException e = assertThrows(ConnectorException.class, () -> sink.preCommit(1));
            assertTrue(e.getMessage().contains("could not route") && e.getMessage().contains(exchange),
                    e.getMessage());
        } finally {
            channel.exchangeDelete(exchange);
        }
    }

    @Test
    void aMissingQueueOrExchangeIsNamed() throws Exception {
        Source s = new RabbitmqConnector().createSource(table(options("type", "source", "queue", queue + "_missing")));
        ConnectorException e = assertThrows(ConnectorException.class, () -> s.open(context("job_d", 0, 1, List.of())));
        s.close();
        assertTrue(e.getMessage().contains("queue '" + queue + "_missing'") && e.getMessage().contains("NOT_FOUND"),
                e.getMessage());
        Sink sink = new RabbitmqConnector().createSink(table(options("type", "sink", "exchange", "wadi_missing_x",
                "routing_key", "k")));
        ConnectorException e2 = assertThrows(ConnectorException.class, () -> sink.open(
                new ConnectorHarness.SinkCtx(ConnectorHarness.Task.of(0, 1), null, false), null));
        sink.close();
        assertTrue(e2.getMessage().contains("exchange 'wadi_missing_x'"), e2.getMessage());
    }
}
