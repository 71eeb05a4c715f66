package org.wadi.connector.kafka.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wadi.spi.connector.ConnectorTable;
import org.wadi.spi.connector.Options;
import org.wadi.spi.connector.TableRequest;
import org.wadi.spi.plan.DataflowPlan;
import org.wadi.spi.plan.EdgeKind;
import org.wadi.spi.plan.PlanEdge;
import org.wadi.spi.plan.PlanNode;
import org.wadi.spi.plan.SinkOperator;
import org.wadi.spi.plan.SourceOperator;
import org.wadi.storage.internal.FileObjectStore;
import org.wadi.worker.internal.ConnectorRegistry;
import org.wadi.worker.internal.expr.ExprCompiler;
import org.wadi.worker.internal.runtime.CheckpointListener;
import org.wadi.worker.internal.runtime.Checkpoints;
import org.wadi.worker.internal.runtime.Execution;
import org.wadi.worker.internal.runtime.ExecutionListener;
import org.wadi.worker.internal.runtime.RuntimeOptions;

/**
 * Kafka to Kafka, exactly once, through the worker's {@link Execution} with checkpoints in a
 * folder: a job fails after a checkpoint was recorded but before it was committed, and a second
 * job restores from that checkpoint at another parallelism; a read_committed reader of the output
 * sees every input row exactly once. Then JSON in with bad records dropped, Avro out, through the
 * engine.
 */
class KafkaExecutionTest {

    static TestBroker broker;

    @TempDir
    static Path dir;
    static final ExecutorService uploader = Executors.newFixedThreadPool(2);

    @BeforeAll
    static void start() throws Exception {
        broker = TestBroker.start();
    }

    @AfterAll
    static void stop() throws Exception {
        uploader.shutdownNow();
        broker.close();
    }

    /** Counts stored subtask states per checkpoint and keeps failures. */
    static final class Reports implements CheckpointListener, ExecutionListener {
        final Map<Long, Integer> stored = new ConcurrentHashMap<>();
        final List<String> failures = new CopyOnWriteArrayList<>();

        @Override
        public void completed(long epoch, String operatorId, int subtask, long bytes, long startMicros,
                long finishMicros) {
            stored.merge(epoch, 1, Integer::sum);
        }

        @Override
        public void failed(long epoch, String operatorId, int subtask, String error) {
            failures.add("checkpoint " + epoch + " " + operatorId + "[" + subtask + "]: " + error);
        }

        @Override
        public void running(String operatorId, int subtask) {
        }

        @Override
        public void finished(String operatorId, int subtask) {
        }

        @Override
        public void failed(String operatorId, int subtask, String error, String domain) {
            failures.add(operatorId + "[" + subtask + "]: " + error);
        }

        @Override
        public void output(String operatorId, int subtask, List<String> jsonRows) {
        }
    }

    static void await(BooleanSupplier condition, String what, Reports reports) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (!reports.failures.isEmpty()) {
                throw new AssertionError(what + ": " + reports.failures);
            }
            if (System.nanoTime() > end) {
                throw new AssertionError("not within 60 s: " + what);
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }

    ConnectorTable table(String topic, String... options) throws Exception {
        Map<String, String> m = new LinkedHashMap<>(Map.of("bootstrap_servers", broker.bootstrap(), "topic", topic,
                "format", "json"));
        for (int i = 0; i < options.length; i += 2) {
            m.put(options[i], options[i + 1]);
        }
        return new KafkaConnector().table(new TableRequest(topic, KafkaBrokerTest.COLUMNS, new Options("kafka", m),
                null));
    }

    Execution job(String jobId, String input, String output, int parallelism, Checkpoints checkpoints,
            Reports reports) throws Exception {
        return job(jobId, table(input, "type", "source", "source.offset", "earliest"), table(output, "type", "sink",
                "sink.commit_mode", "exactly_once"), parallelism, checkpoints, reports);
    }

    Execution job(String jobId, ConnectorTable input, ConnectorTable output, int parallelism, Checkpoints checkpoints,
            Reports reports) throws Exception {
        ConnectorRegistry registry = new ConnectorRegistry();
        registry.add(new KafkaConnector());
        DataflowPlan plan = new DataflowPlan(List.of(
                new PlanNode("source_1", "in", parallelism, new SourceOperator(input)),
                new PlanNode("sink_2", "out", parallelism, new SinkOperator(output))),
                List.of(new PlanEdge("source_1", "sink_2", EdgeKind.FORWARD, List.of(),
                        KafkaBrokerTest.COLUMNS.withTimestamp())));
        Execution e = Execution.build(jobId, plan, "w1", Execution.Placement.all("w1"), registry, p -> Path.of(p),
                new ExprCompiler(), RuntimeOptions.DEFAULTS, reports, checkpoints.forPlan(plan));
        e.start();
        return e;
    }

    /** Takes checkpoints until the output's committed rows reach {@code count}. */
    static long checkpointUntil(Execution e, Reports reports, int tasks, long epoch, String output, int count)
            throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            epoch++;
            long ep = epoch;
            e.triggerCheckpoint(ep, false);
            await(() -> reports.stored.getOrDefault(ep, 0) == tasks, "checkpoint " + ep + " stored", reports);
            e.commitCheckpoint(ep);
            // the commit runs on the task threads: give it a moment to show, then look again
            long seen = 0;
            for (int i = 0; i < 25 && seen < count; i++) {
                seen = broker.values(output, true).size();
                TimeUnit.MILLISECONDS.sleep(20);
            }
            if (seen >= count || System.nanoTime() > end) {
                return epoch;
            }
        }
    }

    @Test
    void exactlyOnceAcrossAFailureAndARescale() throws Exception {
        String input = broker.topic("exec-in", 3);
        String output = broker.topic("exec-out", 2);
        for (int p = 0; p < 3; p++) {
            int base = p * 10_000;
            broker.produce(input, p, IntStream.range(base, base + 1000)
                    .mapToObj(i -> "{\"id\":" + i + ",\"name\":\"n" + i + "\"}").toList());
        }
        Path root = Files.createDirectories(dir.resolve("checkpoints"));
        FileObjectStore storage = new FileObjectStore(root.toUri().toString(), root);

        Reports first = new Reports();
        Execution one = job("job_k1", input, output, 2, new Checkpoints("job_k1", storage, uploader, first, -1), first);
        checkpointUntil(one, first, 4, 0, output, 1500);
        for (int p = 0; p < 3; p++) {
            int base = p * 10_000 + 1000;
            broker.produce(input, p, IntStream.range(base, base + 1000)
                    .mapToObj(i -> "{\"id\":" + i + ",\"name\":\"n" + i + "\"}").toList());
        }
        // checkpoint 10 is stored (recorded) but the job dies before its commit
        one.triggerCheckpoint(10, false);
        await(() -> first.stored.getOrDefault(10L, 0) == 4, "checkpoint 10 stored", first);
        one.stop(false);
        one.done().get(30, TimeUnit.SECONDS);

        Reports second = new Reports();
        Execution two = job("job_k2", input, output, 3,
                new Checkpoints("job_k2", storage, uploader, second, 10, "job_k1", storage), second);
        checkpointUntil(two, second, 6, 10, output, 6000);
        two.stop(false);
        two.done().get(30, TimeUnit.SECONDS);
        assertEquals(List.of(), second.failures);

        List<Long> ids = new ArrayList<>(broker.values(output, true).stream().map(KafkaBrokerTest::id).toList());
        ids.sort(null);
        List<Long> expected = new ArrayList<>();
        for (int p = 0; p < 3; p++) {
            for (long i = p * 10_000L; i < p * 10_000L + 2000; i++) {
                expected.add(i);
            }
        }
        assertEquals(expected, ids, "every input row once");
        storage.close();
    }

    @Test
    void jsonWithBadRecordsDroppedToAvroThroughTheEngine() throws Exception {
        String input = broker.topic("exec-json", 2);
        String output = broker.topic("exec-avro", 1);
        List<Long> expected = new ArrayList<>();
        for (int p = 0; p < 2; p++) {
            List<String> values = new ArrayList<>();
            for (int i = p * 1000; i < p * 1000 + 300; i++) {
                if (i % 50 == 7) {
                    values.add("{\"id\": broken " + i);
                } else {
                    values.add("{\"id\":" + i + ",\"name\":\"n" + i + "\"}");
                    expected.add((long) i);
                }
            }
            broker.produce(input, p, values);
        }
        Path root = Files.createDirectories(dir.resolve("checkpoints-avro"));
        FileObjectStore storage = new FileObjectStore(root.toUri().toString(), root);
        Reports reports = new Reports();
        Execution e = job("job_avro", table(input, "type", "source", "source.offset", "earliest", "bad_data", "drop"),
                table(output, "format", "avro", "avro.raw_datums", "true", "type", "sink", "sink.commit_mode",
                        "exactly_once"), 2, new Checkpoints("job_avro", storage, uploader, reports, -1), reports);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        long epoch = 0;
        List<org.apache.kafka.clients.consumer.ConsumerRecord<byte[], byte[]>> records = List.of();
        while (records.size() < expected.size() && System.nanoTime() < end) {
            epoch = checkpointUntil(e, reports, 4, epoch, output, 0);
            records = broker.readAll(output, true);
        }
        e.stop(false);
        e.done().get(30, TimeUnit.SECONDS);
        assertEquals(List.of(), reports.failures);
        org.apache.avro.Schema schema = new org.apache.avro.Schema.Parser().parse(
                org.wadi.formats.AvroSchemas.of(KafkaBrokerTest.COLUMNS));
        org.apache.avro.generic.GenericDatumReader<org.apache.avro.generic.GenericRecord> reader =
                new org.apache.avro.generic.GenericDatumReader<>(schema);
        List<Long> ids = new ArrayList<>();
        for (var r : records) {
            var datum = reader.read(null, org.apache.avro.io.DecoderFactory.get().binaryDecoder(r.value(), null));
            assertEquals("n" + datum.get("id"), datum.get("name").toString());
            ids.add((Long) datum.get("id"));
        }
        ids.sort(null);
        assertEquals(expected, ids, "every good input row once, the bad ones dropped");
        storage.close();
    }
}
