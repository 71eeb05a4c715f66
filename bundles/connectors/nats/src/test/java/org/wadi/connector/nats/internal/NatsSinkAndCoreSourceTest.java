package org.wadi.connector.nats.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.wadi.connector.nats.internal.NatsTesting.options;
import static org.wadi.connector.nats.internal.NatsTesting.pollIdle;
import static org.wadi.connector.nats.internal.NatsTesting.pollUntil;
import static org.wadi.connector.nats.internal.NatsTesting.table;

import io.nats.client.Connection;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PullSubscribeOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.wadi.formats.testing.ConnectorHarness;
import org.wadi.spi.connector.ConnectorTable;
import org.wadi.spi.connector.Sink;
import org.wadi.spi.connector.Source;
import org.wadi.spi.types.RowKind;

/** The sink and the core NATS source against the machine's NATS server. */
class NatsSinkAndCoreSourceTest {

    private Connection nats;
    private String prefix;
    private final List<Source> open = new ArrayList<>();

    @BeforeEach
    void connect() throws Exception {
        nats = NatsTesting.connect();
        prefix = NatsTesting.unique("wadi_core");
    }

    @AfterEach
    void close() throws Exception {
        for (Source s : open) {
            s.close();
        }
        nats.close();
    }

    private Source start(ConnectorTable table, int subtask, int parallelism) throws Exception {
        Source s = new NatsConnector().createSource(table);
        open.add(s);
        s.open(NatsTesting.context("job_core", subtask, parallelism, List.of()));
        return s;
    }

    private static Object[] row(long id) {
        return new Object[] {id, "n" + id, 1_700_000_000_000_000_000L};
    }

    private void write(ConnectorTable table, boolean updating, List<Object[]> rows, boolean checkpointHalfway)
            throws Exception {
        Sink sink = new NatsConnector().createSink(table);
        try {
            sink.open(new ConnectorHarness.SinkCtx(ConnectorHarness.Task.of(0, 1), null, updating), null);
            for (int i = 0; i < rows.size(); i++) {
                sink.write(rows.get(i));
                if (checkpointHalfway && i == rows.size() / 2) {
                    sink.preCommit(1);
                }
            }
            sink.finish();
        } finally {
            sink.close();
        }
    }

    @Test
    void theSinkPublishesOneJsonMessagePerRowThatAStreamStores() throws Exception {
        String stream = prefix + "_sink";
        NatsTesting.createStream(nats, stream, prefix + ".out");
        try {
            List<Object[]> rows = new ArrayList<>();
            for (long i = 0; i < 1000; i++) {
                rows.add(row(i));
            }
            write(table(options("type", "sink", "subject", prefix + ".out")), false, rows, true);
            // finish() flushed: the server has every message now
            assertEquals(1000, nats.jetStreamManagement().getStreamInfo(stream).getStreamState().getMsgCount());
            JetStreamSubscription sub = nats.jetStream().subscribe(prefix + ".out",
                    PullSubscribeOptions.builder().stream(stream).build());
            List<Message> got = sub.fetch(2, Duration.ofSeconds(5));
            assertEquals("{\"id\":0,\"name\":\"n0\"}", new String(got.get(0).getData(), StandardCharsets.UTF_8));
            assertEquals("{\"id\":1,\"name\":\"n1\"}", new String(got.get(1).getData(), StandardCharsets.UTF_8));
        } finally {
            NatsTesting.deleteStream(nats, stream);
        }
    }

    @Test
    void updatingResultsAreWrittenAsDebeziumEventsAndReadBackAsAChangelog() throws Exception {
        ConnectorTable source = table(options("type", "source", "subject", prefix + ".cdc", "format", "debezium_json"));
        Source s = start(source, 0, 1);
        ConnectorTable sink = table(options("type", "sink", "subject", prefix + ".cdc", "format", "debezium_json"));
        long ts = 1_700_000_000_000_000_000L;
        write(sink, true, List.of(new Object[] {1L, "a", RowKind.of(RowKind.INSERT), ts},
                new Object[] {1L, "a", RowKind.of(RowKind.UPDATE_BEFORE), ts},
                new Object[] {1L, "b", RowKind.of(RowKind.UPDATE_AFTER), ts},
                new Object[] {1L, "b", RowKind.of(RowKind.DELETE), ts}), false);
        NatsTesting.Ids out = new NatsTesting.Ids();
        pollUntil(s, out, 4, 10_000);
        List<String> changes = out.rows.stream().map(r -> RowKind.describe((Integer) r[2]) + " " + r[1]).toList();
        assertEquals(List.of(RowKind.describe(RowKind.INSERT) + " a", RowKind.describe(RowKind.UPDATE_BEFORE) + " a",
                RowKind.describe(RowKind.UPDATE_AFTER) + " b", RowKind.describe(RowKind.DELETE) + " b"), changes);
    }

    @Test
    void aPlainJsonSinkRefusesUpdatingResults() throws Exception {
        Sink sink = new NatsConnector().createSink(table(options("type", "sink", "subject", prefix + ".x")));
        try {
            Exception e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> sink.open(
                    new ConnectorHarness.SinkCtx(ConnectorHarness.Task.of(0, 1), null, true), null));
            assertTrue(e.getMessage().contains("debezium_json"), e.getMessage());
        } finally {
            sink.close();
        }
    }

    @Test
    void coreSubtasksShareTheMessagesOfAWildcardSubjectThroughAQueueGroup() throws Exception {
        ConnectorTable table = table(options("type", "source", "subject", prefix + ".in.*"));
        Source a = start(table, 0, 2);
        Source b = start(table, 1, 2);
        // an unrelated subject is not read
        nats.publish(prefix + ".other", NatsTesting.json(-1));
        for (int i = 0; i < 400; i++) {
            nats.publish(prefix + ".in." + (i % 4), NatsTesting.json(i));
        }
        nats.flush(Duration.ofSeconds(5));
        NatsTesting.Ids outA = new NatsTesting.Ids();
        NatsTesting.Ids outB = new NatsTesting.Ids();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (outA.ids.size() + outB.ids.size() < 400 && System.nanoTime() < deadline) {
            a.poll(outA);
            b.poll(outB);
        }
        pollIdle(a, outA, 2);
        pollIdle(b, outB, 2);
        List<Long> all = new ArrayList<>(outA.ids);
        all.addAll(outB.ids);
        assertEquals(400, all.size(), "each message goes to one subtask");
        assertEquals(new TreeSet<>(LongStream.range(0, 400).boxed().toList()), new TreeSet<>(all));
        assertTrue(!outA.ids.isEmpty() && !outB.ids.isEmpty(), "both subtasks got messages");
    }

    @Test
    void coreNatsIsAtMostOnceMessagesPublishedBeforeTheSubscriptionAreNotSeen() throws Exception {
        ConnectorTable table = table(options("type", "source", "subject", prefix + ".late"));
        nats.publish(prefix + ".late", NatsTesting.json(0));
        nats.flush(Duration.ofSeconds(5));
        Source s = start(table, 0, 1);
        nats.publish(prefix + ".late", NatsTesting.json(1));
        NatsTesting.Ids out = new NatsTesting.Ids();
        pollUntil(s, out, 1, 10_000);
        pollIdle(s, out, 2);
        assertEquals(List.of(1L), out.ids);
        assertEquals(null, s.snapshot(1), "a core NATS source keeps no position");
    }
}
