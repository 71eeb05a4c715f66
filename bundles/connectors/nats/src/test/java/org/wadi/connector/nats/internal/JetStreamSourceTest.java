package org.wadi.connector.nats.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.wadi.connector.nats.internal.NatsTesting.context;
import static org.wadi.connector.nats.internal.NatsTesting.options;
import static org.wadi.connector.nats.internal.NatsTesting.pollIdle;
import static org.wadi.connector.nats.internal.NatsTesting.pollUntil;
import static org.wadi.connector.nats.internal.NatsTesting.publishRows;
import static org.wadi.connector.nats.internal.NatsTesting.table;

import io.nats.client.Connection;
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

/** The JetStream source against the machine's NATS server: reading, and restoring from checkpoints. */
class JetStreamSourceTest {

    private Connection nats;
    private String stream;
    private String subject;
    private final List<Source> open = new ArrayList<>();

    @BeforeEach
    void createStream() throws Exception {
        nats = NatsTesting.connect();
        stream = NatsTesting.unique("wadi_js");
        subject = stream + ".events";
        NatsTesting.createStream(nats, stream, stream + ".>");
    }

    @AfterEach
    void deleteStream() throws Exception {
        for (Source s : open) {
            s.close();
        }
        NatsTesting.deleteStream(nats, stream);
        nats.close();
    }

    private ConnectorTable jetStreamTable(String... extra) throws Exception {
        List<String> kv = new ArrayList<>(List.of("type", "source", "stream", stream));
        kv.addAll(List.of(extra));
        return table(options(kv.toArray(String[]::new)));
    }

    private Source start(ConnectorTable table, String job, int subtask, int parallelism, List<byte[]> states)
            throws Exception {
        Source s = new NatsConnector().createSource(table);
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
        publishRows(nats, subject, 0, 500);
        long before = System.currentTimeMillis();
        Source s = start(jetStreamTable(), "job_a", 0, 1, List.of());
        NatsTesting.Ids out = new NatsTesting.Ids();
        pollUntil(s, out, 500, 10_000);
        pollIdle(s, out, 3);
        assertEquals(range(0, 500), out.ids);
        Object[] row = out.rows.get(0);
        assertEquals("n0", row[1]);
        long eventMillis = (Long) row[2] / 1_000_000L;
        assertTrue(eventMillis <= before + 1000 && eventMillis > before - 60_000,
                "event time is the time the server stored the message: " + eventMillis + " vs " + before);
    }

    @Test
    void restoresAtTheSameParallelismWithNothingLostOrRepeated() throws Exception {
        ConnectorTable table = jetStreamTable();
        publishRows(nats, subject, 0, 400);
        Source first = start(table, "job_b", 0, 1, List.of());
        NatsTesting.Ids beforeCheckpoint = new NatsTesting.Ids();
        pollUntil(first, beforeCheckpoint, 400, 10_000);
        byte[] state = first.snapshot(1);
        // rows after the checkpoint are read, then the task dies: they must come again after the restore
        publishRows(nats, subject, 400, 700);
        pollUntil(first, new NatsTesting.Ids(), 300, 10_000);
        stop(first);
        publishRows(nats, subject, 700, 1000);

        Source restored = start(table, "job_b", 0, 1, List.of(state));
        NatsTesting.Ids after = new NatsTesting.Ids();
        pollUntil(restored, after, 600, 10_000);
        pollIdle(restored, after, 3);
        List<Long> all = new ArrayList<>(beforeCheckpoint.ids);
        all.addAll(after.ids);
        assertEquals(range(0, 1000), all);
    }

    @Test
    void restoresAtOtherParallelismsFromUnevenPositions() throws Exception {
        ConnectorTable table = jetStreamTable();
        String job = "job_c";
        // run 1: two subtasks
        publishRows(nats, subject, 0, 300);
        Source a = start(table, job, 0, 2, List.of());
        Source b = start(table, job, 1, 2, List.of());
        NatsTesting.Ids outA = new NatsTesting.Ids();
        NatsTesting.Ids outB = new NatsTesting.Ids();
        pollUntil(a, outA, 150, 10_000);
        pollUntil(b, outB, 150, 10_000);
        publishRows(nats, subject, 300, 600);
        pollUntil(a, outA, 300, 10_000); // subtask 0 runs ahead: its barrier comes later in the stream
        List<byte[]> run1 = List.of(a.snapshot(1), b.snapshot(1));
        List<Long> emitted = new ArrayList<>(outA.ids);
        emitted.addAll(outB.ids);
        pollUntil(b, outB, 300, 10_000); // read after the checkpoint, then lost with the task
        stop(a);
        stop(b);
        // stream sequences start at 1: subtask 0's lane (even sequences) holds the odd ids
        assertEquals(300, outA.ids.stream().filter(i -> i % 2 == 1).count());

        // run 2: three subtasks restored from run 1
        publishRows(nats, subject, 600, 900);
        List<Source> run2 = new ArrayList<>();
        List<NatsTesting.Ids> outs2 = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            run2.add(start(table, job, i, 3, run1));
            outs2.add(new NatsTesting.Ids());
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
        publishRows(nats, subject, 900, 1000);
        Source c = start(table, job, 0, 1, run2States);
        NatsTesting.Ids outC = new NatsTesting.Ids();
        pollUntil(c, outC, 100, 10_000);
        pollIdle(c, outC, 3);
        emitted.addAll(outC.ids);

        assertEquals(1000, emitted.size(), "no row repeated");
        assertEquals(new TreeSet<>(range(0, 1000)), new TreeSet<>(emitted), "no row lost");
    }

    private static void pollAll(List<Source> sources, List<NatsTesting.Ids> outs, int total) throws Exception {
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
    void filterSubjectsAndAckPolicyAll() throws Exception {
        ConnectorTable table = jetStreamTable("consumer.filter_subjects", stream + ".keep",
                "consumer.ack_policy", "All", "consumer.max_batch", "100");
        publishRows(nats, stream + ".keep", 0, 50);
        publishRows(nats, stream + ".skip", 50, 100);
        publishRows(nats, stream + ".keep", 100, 150);
        Source s = start(table, "job_d", 0, 1, List.of());
        NatsTesting.Ids out = new NatsTesting.Ids();
        pollUntil(s, out, 100, 10_000);
        pollIdle(s, out, 3);
        List<Long> expected = new ArrayList<>(range(0, 50));
        expected.addAll(range(100, 150));
        assertEquals(expected, out.ids);
    }

    @Test
    void badDataFailsNamingTheSequenceOrIsDropped() throws Exception {
        publishRows(nats, subject, 0, 2);
        nats.jetStream().publish(subject, "not json".getBytes(StandardCharsets.UTF_8));
        publishRows(nats, subject, 2, 4);

        Source failing = start(jetStreamTable(), "job_e", 0, 1, List.of());
        ConnectorException e = assertThrows(ConnectorException.class, () -> {
            NatsTesting.Ids out = new NatsTesting.Ids();
            for (int i = 0; i < 20; i++) {
                failing.poll(out);
            }
        });
        assertTrue(e.getMessage().contains("stream '" + stream + "' sequence 3") && e.getMessage().contains("bad_data"),
                e.getMessage());

        // dropped records reach the runtime through the source's context (it counts and reports them)
        List<String> reported = new java.util.concurrent.CopyOnWriteArrayList<>();
        NatsTesting.Context base = context("job_f", 0, 1, List.of());
        Source dropping = new NatsConnector().createSource(jetStreamTable("bad_data", "drop"));
        open.add(dropping);
        dropping.open(new org.wadi.spi.connector.SourceContext() {
            @Override
            public org.wadi.spi.connector.TaskInfo task() {
                return base.task();
            }

            @Override
            public org.wadi.spi.connector.FileAccess files() {
                return null;
            }

            @Override
            public byte[] restoredState() {
                return null;
            }

            @Override
            public void badData(String where, String reason) {
                reported.add(where + ": " + reason);
            }
        });
        NatsTesting.Ids out = new NatsTesting.Ids();
        pollUntil(dropping, out, 4, 10_000);
        assertEquals(range(0, 4), out.ids);
        assertEquals(1, reported.size(), reported.toString());
        assertTrue(reported.get(0).contains("sequence 3"), reported.toString());
    }

    @Test
    void aMissingStreamIsNamed() throws Exception {
        ConnectorTable table = table(options("type", "source", "stream", stream + "_missing"));
        Source s = new NatsConnector().createSource(table);
        try {
            ConnectorException e = assertThrows(ConnectorException.class,
                    () -> s.open(context("job_g", 0, 1, List.of())));
            assertTrue(e.getMessage().contains("stream '" + stream + "_missing'"), e.getMessage());
        } finally {
            s.close();
        }
    }

    @Test
    void aStateOfAnotherStreamIsRefused() throws Exception {
        byte[] other = JetStreamPosition.fresh("other", 1, 0).at(5).encode();
        Source s = new NatsConnector().createSource(jetStreamTable());
        try {
            ConnectorException e = assertThrows(ConnectorException.class,
                    () -> s.open(context("job_h", 0, 1, List.of(other))));
            assertTrue(e.getMessage().contains("stream 'other'"), e.getMessage());
        } finally {
            s.close();
        }
    }

    @Test
    void theConsumerIsRemovedWhenTheSourceCloses() throws Exception {
        Source s = start(jetStreamTable(), "job_i", 0, 1, List.of());
        assertEquals(1, nats.jetStreamManagement().getConsumerNames(stream).size());
        stop(s);
        assertEquals(List.of(), nats.jetStreamManagement().getConsumerNames(stream));
    }
}
