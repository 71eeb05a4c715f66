package org.wadi.connector.rabbitmq.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.wadi.connector.rabbitmq.internal.RabbitmqTesting.awaitCommitted;
import static org.wadi.connector.rabbitmq.internal.RabbitmqTesting.context;
import static org.wadi.connector.rabbitmq.internal.RabbitmqTesting.options;
import static org.wadi.connector.rabbitmq.internal.RabbitmqTesting.pollIdle;
import static org.wadi.connector.rabbitmq.internal.RabbitmqTesting.pollUntil;
import static org.wadi.connector.rabbitmq.internal.RabbitmqTesting.publishStream;
import static org.wadi.connector.rabbitmq.internal.RabbitmqTesting.table;

import com.rabbitmq.stream.Environment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.connector.ConnectorTable;
import org.wadi.spi.connector.Source;

/** The stream source against the machine's RabbitMQ Streams: reading, offsets, and restoring from checkpoints. */
class StreamSourceTest {

    private Environment env;
    private String stream;
    private final List<Source> open = new ArrayList<>();

    @BeforeEach
    void createStream() throws Exception {
        env = RabbitmqTesting.environment();
        stream = RabbitmqTesting.unique("wadi_stream");
        RabbitmqTesting.createStream(env, stream);
    }

    @AfterEach
    void deleteStream() throws Exception {
        for (Source s : open) {
            s.close();
        }
        RabbitmqTesting.deleteStream(env, stream);
        env.close();
    }

    private ConnectorTable streamTable(String... extra) throws Exception {
        List<String> kv = new ArrayList<>(List.of("type", "source", "stream", stream, "source.offset", "first"));
        kv.addAll(List.of(extra));
        return table(options(kv.toArray(String[]::new)));
    }

    private Source start(ConnectorTable table, String job, int subtask, int parallelism, List<byte[]> states)
            throws Exception {
        Source s = new RabbitmqConnector().createSource(table);
        open.add(s);
        s.open(context(job, subtask, parallelism, states));
        return s;
    }

    private void stop(Source s) throws Exception {
        open.remove(s);
        s.close();
    }

    private static List<Long> range(long from, long to) {
        return LongStream.range(from, to).boxed().toList();
    }

    @Test
    void readsTheStreamInOrderWithTheStoredTimeAsEventTime() throws Exception {
        publishStream(env, stream, 0, 500);
        long before = System.currentTimeMillis();
        Source s = start(streamTable(), "job_a", 0, 1, List.of());
        RabbitmqTesting.Ids out = new RabbitmqTesting.Ids();
        pollUntil(s, out, 500, 10_000);
        pollIdle(s, out, 3);
        assertEquals(range(0, 500), out.ids);
        Object[] row = out.rows.get(0);
        assertEquals("n0", row[1]);
        long eventMillis = (Long) row[2] / 1_000_000L;
        assertTrue(eventMillis <= before + 1000 && eventMillis > before - 60_000,
                "event time is the time the broker stored the chunk: " + eventMillis + " vs " + before);
    }

    @Test
    void restoresAtTheSameParallelismWithNothingLostOrRepeated() throws Exception {
        ConnectorTable table = streamTable();
        publishStream(env, stream, 0, 400);
        Source first = start(table, "job_b", 0, 1, List.of());
        RabbitmqTesting.Ids beforeCheckpoint = new RabbitmqTesting.Ids();
        pollUntil(first, beforeCheckpoint, 400, 10_000);
        byte[] state = first.snapshot(1);
        // rows after the checkpoint are read, then the task dies: they must come again after the restore
        publishStream(env, stream, 400, 700);
        pollUntil(first, new RabbitmqTesting.Ids(), 300, 10_000);
        stop(first);
        publishStream(env, stream, 700, 1000);

        Source restored = start(table, "job_b", 0, 1, List.of(state));
        RabbitmqTesting.Ids after = new RabbitmqTesting.Ids();
        pollUntil(restored, after, 600, 10_000);
        pollIdle(restored, after, 3);
        List<Long> all = new ArrayList<>(beforeCheckpoint.ids);
        all.addAll(after.ids);
        assertEquals(range(0, 1000), all);
    }

    @Test
    void restoresAtOtherParallelismsFromUnevenPositions() throws Exception {
        ConnectorTable table = streamTable();
        String job = "job_c";
        // run 1: two subtasks
        publishStream(env, stream, 0, 300);
        Source a = start(table, job, 0, 2, List.of());
        Source b = start(table, job, 1, 2, List.of());
        RabbitmqTesting.Ids outA = new RabbitmqTesting.Ids();
        RabbitmqTesting.Ids outB = new RabbitmqTesting.Ids();
        pollUntil(a, outA, 150, 10_000);
        pollUntil(b, outB, 150, 10_000);
        publishStream(env, stream, 300, 600);
        pollUntil(a, outA, 300, 10_000); // subtask 0 runs ahead: its barrier comes later in the stream
        List<byte[]> run1 = List.of(a.snapshot(1), b.snapshot(1));
        List<Long> emitted = new ArrayList<>(outA.ids);
        emitted.addAll(outB.ids);
        pollUntil(b, outB, 300, 10_000); // read after the checkpoint, then lost with the task
        stop(a);
        stop(b);
        // sequences are offsets + 1: subtask 0's lane (even sequences) holds the odd ids
        assertEquals(300, outA.ids.stream().filter(i -> i % 2 == 1).count());

        // run 2: three subtasks restored from run 1
        publishStream(env, stream, 600, 900);
        List<Source> run2 = new ArrayList<>();
        List<RabbitmqTesting.Ids> outs2 = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            run2.add(start(table, job, i, 3, run1));
            outs2.add(new RabbitmqTesting.Ids());
        }
        // what is left: the even ids of 300..599 (subtask 1's lane after its checkpoint) and 600..899
        int expected2 = 150 + 300;
        pollAll(run2, outs2, expected2);
        List<byte[]> run2States = new ArrayList<>();
        for (Source s : run2) {
            run2States.add(s.snapshot(2));
        }
        outs2.forEach(o -> emitted.addAll(o.ids));
        for (Source s : run2) {
            stop(s);
        }

        // run 3: one subtask restored from run 2
        publishStream(env, stream, 900, 1000);
        Source c = start(table, job, 0, 1, run2States);
        RabbitmqTesting.Ids outC = new RabbitmqTesting.Ids();
        pollUntil(c, outC, 100, 10_000);
        pollIdle(c, outC, 3);
        emitted.addAll(outC.ids);

        assertEquals(1000, emitted.size(), "no row repeated");
        assertEquals(new TreeSet<>(range(0, 1000)), new TreeSet<>(emitted), "no row lost");
    }

    private static void pollAll(List<Source> sources, List<RabbitmqTesting.Ids> outs, int total) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (outs.stream().mapToInt(o -> o.ids.size()).sum() < total) {
            assertTrue(System.nanoTime() < deadline, "the sources emitted "
                    + outs.stream().mapToInt(o -> o.ids.size()).sum() + " rows, expected " + total);
            for (int i = 0; i < sources.size(); i++) {
                sources.get(i).poll(outs.get(i));
            }
        }
        for (int i = 0; i < sources.size(); i++) {
            pollIdle(sources.get(i), outs.get(i), 2);
        }
        assertEquals(total, outs.stream().mapToInt(o -> o.ids.size()).sum());
    }

    @Test
    void offsetsNextAndLastStartAtTheEndOfTheStream() throws Exception {
        publishStream(env, stream, 0, 100);
        // 'next' starts after the committed end: wait for the last row's chunk to be committed
        awaitCommitted(env, stream, 100);
        Source next = start(streamTable("source.offset", "next"), "job_n", 0, 1, List.of());
        Source last = start(streamTable("source.offset", "last"), "job_l", 0, 1, List.of());
        RabbitmqTesting.Ids outNext = new RabbitmqTesting.Ids();
        RabbitmqTesting.Ids outLast = new RabbitmqTesting.Ids();
        pollIdle(next, outNext, 3);
        pollIdle(last, outLast, 3);
        assertEquals(List.of(), outNext.ids, "next: nothing stored before the start");
        // 'last' starts at the last chunk: what it holds of the rows before the start, then the new rows
        publishStream(env, stream, 100, 150);
        pollUntil(next, outNext, 50, 10_000);
        pollIdle(next, outNext, 3);
        assertEquals(range(100, 150), outNext.ids);
        pollUntil(last, outLast, 50, 10_000);
        pollIdle(last, outLast, 3);
        List<Long> newRows = outLast.ids.subList(outLast.ids.size() - 50, outLast.ids.size());
        assertEquals(range(100, 150), newRows);
        assertTrue(outLast.ids.size() < 150, "last skips the chunks before the last one: " + outLast.ids.size());

        // a restore goes on after the checkpointed offset, whatever source.offset says
        byte[] state = next.snapshot(1);
        stop(next);
        publishStream(env, stream, 150, 160);
        Source restored = start(streamTable("source.offset", "next"), "job_n", 0, 1, List.of(state));
        RabbitmqTesting.Ids after = new RabbitmqTesting.Ids();
        pollUntil(restored, after, 10, 10_000);
        pollIdle(restored, after, 3);
        assertEquals(range(150, 160), after.ids);
    }

    @Test
    void anIdleSubtaskStartedAtNextDoesNotReadThePastAfterARestore() throws Exception {
        publishStream(env, stream, 0, 100);
        ConnectorTable table = streamTable("source.offset", "next");
        Source a = start(table, "job_p", 0, 2, List.of());
        Source b = start(table, "job_p", 1, 2, List.of());
        List<byte[]> states = List.of(a.snapshot(1), b.snapshot(1));
        stop(a);
        stop(b);
        Source c = start(table, "job_p", 0, 1, states);
        RabbitmqTesting.Ids out = new RabbitmqTesting.Ids();
        pollIdle(c, out, 5);
        assertEquals(List.of(), out.ids);
        publishStream(env, stream, 100, 110);
        pollUntil(c, out, 10, 10_000);
        pollIdle(c, out, 3);
        assertEquals(range(100, 110), out.ids);
    }

    @Test
    void badDataFailsNamingTheOffsetOrIsDropped() throws Exception {
        publishStream(env, stream, 0, 2);
        try (var producer = env.producerBuilder().stream(stream).build()) {
            java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
            producer.send(producer.messageBuilder().addData("not json".getBytes(StandardCharsets.UTF_8)).build(),
                    s -> done.countDown());
            assertTrue(done.await(30, java.util.concurrent.TimeUnit.SECONDS));
        }
        publishStream(env, stream, 2, 4);

        Source failing = start(streamTable(), "job_e", 0, 1, List.of());
        ConnectorException e = assertThrows(ConnectorException.class, () -> {
            RabbitmqTesting.Ids out = new RabbitmqTesting.Ids();
            for (int i = 0; i < 40; i++) {
                failing.poll(out);
            }
        });
        assertTrue(e.getMessage().contains("stream '" + stream + "' offset 2") && e.getMessage().contains("bad_data"),
                e.getMessage());

        Source dropping = start(streamTable("bad_data", "drop"), "job_f", 0, 1, List.of());
        RabbitmqTesting.Ids out = new RabbitmqTesting.Ids();
        pollUntil(dropping, out, 4, 10_000);
        assertEquals(range(0, 4), out.ids);
    }

    @Test
    void aMissingStreamIsNamed() throws Exception {
        ConnectorTable table = table(options("type", "source", "stream", stream + "_missing"));
        Source s = new RabbitmqConnector().createSource(table);
        try {
            ConnectorException e = assertThrows(ConnectorException.class,
                    () -> s.open(context("job_g", 0, 1, List.of())));
            assertTrue(e.getMessage().contains("stream '" + stream + "_missing' does not exist"), e.getMessage());
        } finally {
            s.close();
        }
    }

    @Test
    void aStateOfAnotherStreamIsRefused() throws Exception {
        byte[] other = StreamPosition.fresh("other", 1, 0).at(5).encode();
        Source s = new RabbitmqConnector().createSource(streamTable());
        try {
            ConnectorException e = assertThrows(ConnectorException.class,
                    () -> s.open(context("job_h", 0, 1, List.of(other))));
            assertTrue(e.getMessage().contains("stream 'other'"), e.getMessage());
        } finally {
            s.close();
        }
    }

    @Test
    void aDeletedStreamFailsTheSource() throws Exception {
        publishStream(env, stream, 0, 10);
        Source s = start(streamTable(), "job_x", 0, 1, List.of());
        RabbitmqTesting.Ids out = new RabbitmqTesting.Ids();
        pollUntil(s, out, 10, 10_000);
        env.deleteStream(stream);
        long deadline = System.nanoTime() + 30_000_000_000L;
        ConnectorException e = null;
        while (e == null) {
            assertTrue(System.nanoTime() < deadline, "the source did not notice the deleted stream within 30 s");
            try {
                s.poll(out);
            } catch (ConnectorException x) {
                e = x;
            }
        }
        assertTrue(e.getMessage().contains("stream '" + stream + "'"), e.getMessage());
    }
}
