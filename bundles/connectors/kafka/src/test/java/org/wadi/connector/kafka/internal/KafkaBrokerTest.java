package org.wadi.connector.kafka.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.wadi.formats.testing.ConnectorHarness.ListCollector;
import org.wadi.formats.testing.ConnectorHarness.SinkCtx;
import org.wadi.formats.testing.ConnectorHarness.Task;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.connector.ConnectorTable;
import org.wadi.spi.connector.FileAccess;
import org.wadi.spi.connector.Options;
import org.wadi.spi.connector.Sink;
import org.wadi.spi.connector.Source;
import org.wadi.spi.connector.SourceContext;
import org.wadi.spi.connector.TableRequest;
import org.wadi.spi.connector.TaskInfo;
import org.wadi.spi.types.DataType;
import org.wadi.spi.types.Field;
import org.wadi.spi.types.Schema;

/** Sources and sinks of the kafka connector against a real KRaft broker in this JVM, driven through the SPI. */
class KafkaBrokerTest {

    static final Schema COLUMNS = Schema.of(Field.of("id", DataType.INT64), Field.of("name", DataType.UTF8));
    static TestBroker broker;

    final KafkaConnector kafka = new KafkaConnector();

    @BeforeAll
    static void start() throws Exception {
        broker = TestBroker.start();
    }

    @AfterAll
    static void stop() throws Exception {
        broker.close();
    }

    ConnectorTable table(String topic, Schema columns, Map<String, String> metadata, String... options)
            throws ConnectorException {
        Map<String, String> m = new LinkedHashMap<>(Map.of("bootstrap_servers", broker.bootstrap(), "topic", topic,
                "format", "json"));
        for (int i = 0; i < options.length; i += 2) {
            m.put(options[i], options[i + 1]);
        }
        return kafka.table(new TableRequest("t", columns, new Options("kafka", m), null, List.of(), metadata));
    }

    /** A source context restoring from every old subtask's state. */
    record Ctx(TaskInfo task, List<byte[]> restoredStates) implements SourceContext {
        @Override
        public FileAccess files() {
            return null;
        }

        @Override
        public byte[] restoredState() {
            return restoredStates.isEmpty() ? null : restoredStates.get(0);
        }
    }

    Source open(ConnectorTable t, int subtask, int parallelism, List<byte[]> restored) throws Exception {
        Source s = kafka.createSource(t);
        s.open(new Ctx(Task.of(subtask, parallelism), restored));
        return s;
    }

    /** Polls until {@code count} rows came, failing after a deadline; then checks a few polls bring no more. */
    static List<Object[]> read(Source source, int count) throws Exception {
        ListCollector out = new ListCollector();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (out.rows.size() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("read " + out.rows.size() + " rows of " + count);
            }
            source.poll(out);
        }
        for (int i = 0; i < 5; i++) {
            source.poll(out);
        }
        assertEquals(count, out.rows.size(), "no more rows than written");
        return out.rows;
    }

    static List<String> json(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> "{\"id\":" + i + ",\"name\":\"n" + i + "\"}").toList();
    }

    static TreeSet<Long> ids(List<Object[]> rows) {
        return rows.stream().map(r -> (Long) r[0]).collect(Collectors.toCollection(TreeSet::new));
    }

    static TreeSet<Long> range(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> (long) i).collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void sourceStartsAtEarliestLatestOrTheGroupsOffsets() throws Exception {
        String topic = broker.topic("offsets", 1);
        broker.produce(topic, 0, json(0, 10));

        Source earliest = open(table(topic, COLUMNS, Map.of(), "type", "source", "source.offset", "earliest"), 0, 1,
                List.of());
        List<Object[]> rows = read(earliest, 10);
        assertEquals(List.of(0L, "n0"), List.of(rows.get(0)[0], rows.get(0)[1]));
        assertTrue((Long) rows.get(0)[2] > 1_600_000_000_000_000_000L, "event time: the record's timestamp in ns");
        earliest.close();

        Source latest = open(table(topic, COLUMNS, Map.of(), "type", "source"), 0, 1, List.of());
        broker.produce(topic, 0, json(10, 13));
        assertEquals(range(10, 13), ids(read(latest, 3)));
        latest.close();

        // a group's offsets are committed at checkpoints; a new source with that group starts there
        ConnectorTable grouped = table(topic, COLUMNS, Map.of(), "type", "source", "source.offset", "group",
                "source.group_id", "g-" + topic, "client_configs", "auto.offset.reset=earliest");
        Source first = open(grouped, 0, 1, List.of());
        assertEquals(range(0, 13), ids(read(first, 13)));
        first.snapshot(1);
        first.close();
        broker.produce(topic, 0, json(13, 15));
        Source second = open(grouped, 0, 1, List.of());
        assertEquals(range(13, 15), ids(read(second, 2)));
        second.close();
    }

    @Test
    void offsetsRestoreAtTheSameAndAnotherParallelism() throws Exception {
        String topic = broker.topic("restore", 4);
        for (int p = 0; p < 4; p++) {
            broker.produce(topic, p, json(p * 100, p * 100 + 10));
        }
        ConnectorTable t = table(topic, COLUMNS, Map.of(), "type", "source", "source.offset", "earliest");
        // parallelism 2: subtask 0 reads partitions 0 and 2, subtask 1 partitions 1 and 3
        Source s0 = open(t, 0, 2, List.of());
        Source s1 = open(t, 1, 2, List.of());
        TreeSet<Long> first = ids(read(s0, 20));
        assertEquals(new TreeSet<>(List.of(0L, 200L)), new TreeSet<>(first.stream().map(i -> i / 100 * 100).toList()));
        first.addAll(ids(read(s1, 20)));
        List<byte[]> states = List.of(s0.snapshot(1), s1.snapshot(1));
        s0.close();
        s1.close();
        for (int p = 0; p < 4; p++) {
            broker.produce(topic, p, json(p * 100 + 10, p * 100 + 15));
        }
        // the same parallelism resumes each partition after the checkpoint
        Source r0 = open(t, 0, 2, states);
        Source r1 = open(t, 1, 2, states);
        TreeSet<Long> after = ids(read(r0, 10));
        after.addAll(ids(read(r1, 10)));
        TreeSet<Long> expected = new TreeSet<>();
        for (int p = 0; p < 4; p++) {
            expected.addAll(range(p * 100 + 10, p * 100 + 15));
        }
        assertEquals(expected, after);
        r0.close();
        r1.close();
        // parallelism 3 from the same checkpoint: every partition resumes at its offset, once
        List<Object[]> all = new ArrayList<>();
        for (int s = 0; s < 3; s++) {
            Source r = open(t, s, 3, states);
            all.addAll(read(r, s == 0 ? 10 : 5));
            r.close();
        }
        assertEquals(20, all.size());
        assertEquals(expected, ids(all));
    }

    @Test
    void metadataColumnsAreFilledFromTheRecord() throws Exception {
        String topic = broker.topic("meta", 2);
        try (KafkaProducer<byte[], byte[]> p = broker.producer()) {
            p.send(new ProducerRecord<>(topic, 1, 1_700_000_000_123L, "k1".getBytes(), "{\"id\":7}".getBytes()))
                    .get(30, TimeUnit.SECONDS);
        }
        Schema columns = Schema.of(Field.of("id", DataType.INT64), Field.of("off", DataType.INT64),
                Field.of("part", DataType.INT32), Field.of("top", DataType.UTF8), Field.of("ts", DataType.INT64),
                Field.of("k", DataType.UTF8));
        ConnectorTable t = table(topic, columns, Map.of("off", "offset_id", "part", "partition", "top", "topic",
                "ts", "timestamp", "k", "key"), "type", "source", "source.offset", "earliest");
        Source s = open(t, 0, 1, List.of());
        Object[] row = read(s, 1).get(0);
        s.close();
        assertEquals(List.of(7L, 0L, 1, topic, 1_700_000_000_123L, "k1", 1_700_000_000_123_000_000L), List.of(row));
    }

    @Test
    void badRecordsFailOrAreDropped() throws Exception {
        String topic = broker.topic("bad", 1);
        broker.produce(topic, 0, List.of("{\"id\":1}", "not json", "{\"id\":2}"));
        Source failing = open(table(topic, COLUMNS, Map.of(), "type", "source", "source.offset", "earliest"), 0, 1,
                List.of());
        ConnectorException e = assertThrows(ConnectorException.class, () -> read(failing, 2));
        assertTrue(e.getMessage().contains("partition 0 offset 1") && e.getMessage().contains("bad_data = 'drop'"),
                e.getMessage());
        failing.close();
        Source dropping = open(table(topic, COLUMNS, Map.of(), "type", "source", "source.offset", "earliest",
                "bad_data", "drop"), 0, 1, List.of());
        assertEquals(range(1, 3), ids(read(dropping, 2)));
        dropping.close();
    }

    Sink sink(ConnectorTable t, int subtask, int parallelism, byte[] restored) throws Exception {
        Sink s = kafka.createSink(t);
        s.open(new SinkCtx(Task.of(subtask, parallelism), null), restored);
        return s;
    }

    static Object[] row(long id) {
        return new Object[] {id, "n" + id, 0L};
    }

    @Test
    void atLeastOnceSinkWritesKeysAndTimestamps() throws Exception {
        String topic = broker.topic("alo", 3);
        Schema columns = Schema.of(Field.of("id", DataType.INT64), Field.of("ts", DataType.TIMESTAMP));
        Sink s = sink(table(topic, columns, Map.of(), "type", "sink", "sink.key_field", "id", "sink.timestamp_field",
                "ts"), 0, 1, null);
        for (long i = 0; i < 100; i++) {
            s.write(new Object[] {i, 1_700_000_000_000_000_000L + i * 1_000_000L, 0L});
        }
        s.preCommit(1);
        s.close();
        List<ConsumerRecord<byte[], byte[]>> records = broker.readAll(topic, false);
        assertEquals(100, records.size());
        for (ConsumerRecord<byte[], byte[]> r : records) {
            long id = Long.parseLong(new String(r.key()));
            assertEquals(1_700_000_000_000L + id, r.timestamp());
            assertTrue(new String(r.value()).startsWith("{\"id\":" + id + ","), new String(r.value()));
        }
    }

    @Test
    void exactlyOnceRowsAreVisibleWhenTheirCheckpointCommits() throws Exception {
        String topic = broker.topic("eo", 2);
        ConnectorTable t = table(topic, COLUMNS, Map.of(), "type", "sink", "sink.commit_mode", "exactly_once");
        Sink s = sink(t, 0, 1, null);
        for (long i = 0; i < 10; i++) {
            s.write(row(i));
        }
        byte[] one = s.preCommit(1);
        for (long i = 10; i < 15; i++) {
            s.write(row(i));
        }
        assertEquals(List.of(), broker.values(topic, true), "nothing committed yet");
        assertEquals(15, broker.values(topic, false).size(), "read_uncommitted sees the open transactions");
        s.commit(1, one);
        assertEquals(json(0, 10), sorted(broker.values(topic, true)));
        byte[] two = s.preCommit(2);
        s.commit(2, two);
        assertEquals(json(0, 15), sorted(broker.values(topic, true)));
        // a checkpoint without rows has nothing to commit
        s.commit(3, s.preCommit(3));
        s.close();
        assertEquals(json(0, 15), sorted(broker.values(topic, true)));
    }

    @Test
    void aRestoredExactlyOnceSinkCommitsThePreCommittedTransactionAndNothingTwice() throws Exception {
        String topic = broker.topic("eo-restore", 1);
        ConnectorTable t = table(topic, COLUMNS, Map.of(), "type", "sink", "sink.commit_mode", "exactly_once");
        Sink first = sink(t, 0, 1, null);
        for (long i = 0; i < 5; i++) {
            first.write(row(i));
        }
        first.commit(1, first.preCommit(1));
        for (long i = 5; i < 10; i++) {
            first.write(row(i));
        }
        byte[] two = first.preCommit(2);
        for (long i = 10; i < 12; i++) {
            first.write(row(i));
        }
        byte[] three = first.preCommit(3);
        first.write(row(12));
        // the crash: checkpoint 2 is recorded but its commit never ran; checkpoint 3 was never recorded. The
        // failed run's producers are not closed: the restore must fence them.
        Sink second = sink(t, 0, 1, two);
        assertEquals(json(0, 10), sorted(broker.values(topic, true)),
                "checkpoint 2's transaction is committed on restore; checkpoint 3's and the open one are aborted");
        // the sources replay rows 10…12
        for (long i = 10; i < 13; i++) {
            second.write(row(i));
        }
        byte[] four = second.preCommit(4);
        second.commit(4, four);
        // a repeated commit of checkpoint 2 (a second restore from it) is harmless
        second.commit(2, two);
        second.close();
        assertEquals(json(0, 13), sorted(broker.values(topic, true)));
        ConnectorException e = assertThrows(ConnectorException.class, () -> first.commit(3, three),
                "the failed run's producer was fenced");
        assertTrue(e.getMessage().contains("cannot commit transaction"), e.getMessage());
        first.close();
        assertEquals(json(0, 13), sorted(broker.values(topic, true)));
    }

    @Test
    void finishingAnExactlyOnceSinkPublishesEverything() throws Exception {
        String topic = broker.topic("eo-finish", 1);
        Sink s = sink(table(topic, KafkaBrokerTest.COLUMNS, Map.of(), "type", "sink", "sink.commit_mode",
                "exactly_once"), 0, 1, null);
        for (long i = 0; i < 3; i++) {
            s.write(row(i));
        }
        byte[] one = s.preCommit(1);
        for (long i = 3; i < 5; i++) {
            s.write(row(i));
        }
        // the input ended before checkpoint 1's commit came
        s.finish();
        assertEquals(json(0, 5), sorted(broker.values(topic, true)));
        s.commit(1, one);
        s.close();
        assertEquals(json(0, 5), sorted(broker.values(topic, true)));
    }

    @Test
    void aBrokerThatIsDownGivesAClearErrorQuickly() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Map<String, String> m = new HashMap<>(Map.of("bootstrap_servers", "127.0.0.1:" + port, "topic", "nowhere",
                "format", "json", "type", "source", "client_configs", "default.api.timeout.ms=2000"));
        ConnectorTable t = kafka.table(new TableRequest("t", COLUMNS, new Options("kafka", m), null));
        long start = System.nanoTime();
        ConnectorException e = assertThrows(ConnectorException.class, () -> open(t, 0, 1, List.of()));
        assertTrue(e.getMessage().contains("no answer from 127.0.0.1:" + port + " within 2000 ms"), e.getMessage());
        m.put("type", "sink");
        m.put("sink.commit_mode", "exactly_once");
        ConnectorTable sinkTable = kafka.table(new TableRequest("t", COLUMNS, new Options("kafka", m), null));
        e = assertThrows(ConnectorException.class, () -> sink(sinkTable, 0, 1, null));
        assertTrue(e.getMessage().contains("no answer from 127.0.0.1:" + port), e.getMessage());
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(20), "no hang");
        assertTrue(!kafka.test(Map.of(), m).ok());
        assertTrue(kafka.test(Map.of("bootstrap_servers", broker.bootstrap()), Map.of()).ok());
    }

    static List<String> sorted(List<String> values) {
        return values.stream().sorted((a, b) -> Long.compare(id(a), id(b))).toList();
    }

    static long id(String json) {
        return Long.parseLong(json.substring(6, json.indexOf(',')));
    }
}
