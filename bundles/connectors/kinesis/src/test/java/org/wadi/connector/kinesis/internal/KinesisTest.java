package org.wadi.connector.kinesis.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.wadi.connector.kinesis.internal.KinesisTesting.context;
import static org.wadi.connector.kinesis.internal.KinesisTesting.options;
import static org.wadi.connector.kinesis.internal.KinesisTesting.pollFor;
import static org.wadi.connector.kinesis.internal.KinesisTesting.pollUntil;
import static org.wadi.connector.kinesis.internal.KinesisTesting.put;
import static org.wadi.connector.kinesis.internal.KinesisTesting.table;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.wadi.formats.testing.ConnectorHarness;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.connector.ConnectorTable;
import org.wadi.spi.connector.Sink;
import org.wadi.spi.connector.Source;
import org.wadi.spi.connector.TestResult;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/** The Kinesis source and sink against kinesalite, a Kinesis-compatible server the test starts. */
class KinesisTest {

    static KinesisTesting.Server server;
    static KinesisClient client;
    private String stream;
    private final List<AutoCloseable> open = new ArrayList<>();

    @BeforeAll
    static void startServer() throws Exception {
        server = KinesisTesting.start();
        client = KinesisTesting.client(server);
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void createStream() throws Exception {
        stream = KinesisTesting.unique("wadi");
        KinesisTesting.createStream(client, stream, 3);
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
        client.deleteStream(b -> b.streamName(stream));
    }

    private Source start(ConnectorTable table, int subtask, int parallelism, List<byte[]> states) throws Exception {
        Source s = new KinesisConnector().createSource(table);
        open.add(s::close);
        s.open(context("job_k", subtask, parallelism, states));
        return s;
    }

    private static List<Long> range(long from, long to) {
        return LongStream.range(from, to).boxed().toList();
    }

    @Test
    void theSinkBatchesRowsThatTheSourceReadsFromEveryShard() throws Exception {
        Sink sink = new KinesisConnector().createSink(table(options(server, "stream_name", stream, "type", "sink",
                "sink.records_per_batch", "7", "sink.batch_flush_interval_millis", "60000")));
        open.add(sink::close);
        sink.open(new ConnectorHarness.SinkCtx(ConnectorHarness.Task.of(0, 1), null), null);
        for (long i = 0; i < 300; i++) {
            sink.write(new Object[] {i, "n" + i, 0L});
        }
        sink.finish();
        Source source = start(table(options(server, "stream_name", stream, "type", "source", "source.offset",
                "earliest")), 0, 1, List.of());
        KinesisTesting.Ids out = new KinesisTesting.Ids();
        pollUntil(source, out, 300, 20_000);
        pollFor(source, out, 500);
        assertEquals(300, out.ids.size(), "no row twice");
        assertEquals(new TreeSet<>(range(0, 300)), new TreeSet<>(out.ids));
        assertTrue((Long) out.rows.get(0)[2] > 0, "the arrival time is the event time");
    }

    @Test
    void restoresAtAnotherParallelismWithNothingLostOrRepeated() throws Exception {
        ConnectorTable table = table(options(server, "stream_name", stream, "type", "source", "source.offset",
                "earliest"));
        put(client, stream, 0, 300);
        Source a = start(table, 0, 2, List.of());
        Source b = start(table, 1, 2, List.of());
        KinesisTesting.Ids outA = new KinesisTesting.Ids();
        KinesisTesting.Ids outB = new KinesisTesting.Ids();
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (outA.ids.size() + outB.ids.size() < 300) {
            assertTrue(System.nanoTime() < deadline, "only " + (outA.ids.size() + outB.ids.size()) + " rows");
            a.poll(outA);
            b.poll(outB);
        }
        assertTrue(!outA.ids.isEmpty() && !outB.ids.isEmpty(), "both subtasks own shards");
        List<byte[]> states = List.of(a.snapshot(1), b.snapshot(1));
        List<Long> emitted = new ArrayList<>(outA.ids);
        emitted.addAll(outB.ids);
        put(client, stream, 300, 400);
        pollFor(a, new KinesisTesting.Ids(), 500); // read after the checkpoint, then lost with the task

        Source c = start(table, 0, 1, states);
        KinesisTesting.Ids outC = new KinesisTesting.Ids();
        pollUntil(c, outC, 100, 20_000);
        pollFor(c, outC, 500);
        emitted.addAll(outC.ids);
        assertEquals(400, emitted.size(), "no row repeated");
        assertEquals(new TreeSet<>(range(0, 400)), new TreeSet<>(emitted), "no row lost");
    }

    @Test
    void latestSkipsThePastAlsoAfterARestoreBeforeAnyRecord() throws Exception {
        put(client, stream, 0, 50);
        ConnectorTable table = table(options(server, "stream_name", stream, "type", "source"));
        Source s = start(table, 0, 1, List.of());
        KinesisTesting.Ids out = new KinesisTesting.Ids();
        pollFor(s, out, 500);
        assertEquals(List.of(), out.ids, "latest: nothing stored before the start");
        byte[] state = s.snapshot(1);
        s.close();
        open.clear();
        // records arrive while the job is down; the restore reads from the time the first run started
        // (kinesalite never answers an AT_TIMESTAMP request for a shard with no record after that time)
        put(client, stream, 50, 80);
        Source restored = start(table, 0, 1, List.of(state));
        pollUntil(restored, out, 30, 20_000);
        pollFor(restored, out, 500);
        assertEquals(range(50, 80), out.ids.stream().sorted().toList());
    }

    @Test
    void aMissingStreamIsNamedAndTestReportsTheStream() throws Exception {
        Source s = new KinesisConnector().createSource(table(options(server, "stream_name", stream + "_missing",
                "type", "source")));
        ConnectorException e = assertThrows(ConnectorException.class, () -> s.open(context("job_m", 0, 1, List.of())));
        s.close();
        assertTrue(e.getMessage().contains("stream '" + stream + "_missing'") && e.getMessage().contains("does not exist"),
                e.getMessage());
        TestResult ok = new KinesisConnector().test(options(server), options(server, "stream_name", stream));
        assertTrue(ok.ok() && ok.message().contains("3 open shards"), ok.message());
    }
}
