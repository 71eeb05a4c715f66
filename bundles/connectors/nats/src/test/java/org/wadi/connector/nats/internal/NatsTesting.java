package org.wadi.connector.nats.internal;

import static org.junit.jupiter.api.Assertions.fail;

import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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

/** Shared helpers of the tests against the machine's NATS server (127.0.0.1:4222, JetStream on). */
final class NatsTesting {

    static final String SERVER = "nats://127.0.0.1:4222";
    static final Schema SCHEMA = Schema.of(Field.of("id", DataType.INT64), Field.of("name", DataType.UTF8));

    private NatsTesting() {
    }

    /** A name no other test run uses. */
    static String unique(String prefix) {
        return prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    static Connection connect() throws Exception {
        return Nats.connect(SERVER);
    }

    /** Creates a memory stream over {@code subjects}; the caller deletes it. */
    static void createStream(Connection c, String stream, String... subjects) throws Exception {
        c.jetStreamManagement().addStream(StreamConfiguration.builder().name(stream).subjects(subjects)
                .storageType(StorageType.Memory).build());
    }

    static void deleteStream(Connection c, String stream) {
        try {
            JetStreamManagement jsm = c.jetStreamManagement();
            jsm.deleteStream(stream);
        } catch (Exception e) {
            // already gone
        }
    }

    /** Publishes rows {@code from..to-1} as JSON to a stream's subject, confirmed by JetStream. */
    static void publishRows(Connection c, String subject, int from, int to) throws Exception {
        var js = c.jetStream();
        List<java.util.concurrent.CompletableFuture<?>> acks = new ArrayList<>();
        for (int i = from; i < to; i++) {
            acks.add(js.publishAsync(subject, json(i)));
            if (acks.size() >= 1000) {
                for (var a : acks) {
                    a.get();
                }
                acks.clear();
            }
        }
        for (var a : acks) {
            a.get();
        }
    }

    static byte[] json(int i) {
        return ("{\"id\":" + i + ",\"name\":\"n" + i + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    /** A table resolved by the connector from options. */
    static ConnectorTable table(Map<String, String> options) throws Exception {
        return new NatsConnector().table(new TableRequest("t", SCHEMA, new Options("nats", options), null));
    }

    static Map<String, String> options(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("servers", SERVER);
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
