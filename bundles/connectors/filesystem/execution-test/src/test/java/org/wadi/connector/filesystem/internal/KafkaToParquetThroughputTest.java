package org.wadi.connector.filesystem.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.parquet.PlainReadOptions;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.LocalInputFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.wadi.connector.kafka.internal.KafkaConnector;
import org.wadi.connector.parquet.ParquetCodecs;
import org.wadi.spi.connector.Connector;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.connector.ConnectorMetadata;
import org.wadi.spi.connector.ConnectorTable;
import org.wadi.spi.connector.Options;
import org.wadi.spi.connector.Sink;
import org.wadi.spi.connector.SinkContext;
import org.wadi.spi.connector.TableRequest;
import org.wadi.spi.plan.DataflowPlan;
import org.wadi.spi.plan.EdgeKind;
import org.wadi.spi.plan.PlanEdge;
import org.wadi.spi.plan.PlanNode;
import org.wadi.spi.plan.SinkOperator;
import org.wadi.spi.plan.SourceOperator;
import org.wadi.spi.types.DataType;
import org.wadi.spi.types.Field;
import org.wadi.spi.types.Schema;
import org.wadi.storage.internal.FileObjectStore;
import org.wadi.storage.testing.S3TestServer;
import org.wadi.worker.internal.ConnectorRegistry;
import org.wadi.worker.internal.expr.ExprCompiler;
import org.wadi.worker.internal.runtime.Checkpoints;
import org.wadi.worker.internal.runtime.Execution;
import org.wadi.worker.internal.runtime.RuntimeOptions;

/**
 * Kafka to Parquet on S3-compatible storage, end to end through the worker's {@link Execution}:
 * N JSON records are produced into a KRaft broker inside the JVM, then a job (kafka source,
 * filesystem sink with {@code format = 'parquet'} to {@code s3://} on an in-JVM s3proxy) reads
 * them, checkpointing every second; the clock stops when the checkpoint holding the last row is
 * committed (its files complete in S3). Prints events/s; asserts only that the committed Parquet
 * files hold every record. Opt-in:
 * {@code mvn -o -q test -f bundles/connectors/filesystem/execution-test/pom.xml
 * -Dtest=KafkaToParquetThroughputTest -Dwadi.throughput=true} (optionally {@code -Dwadi.rows=2000000
 * -Dwadi.partitions=4 -Dwadi.parallelism=2 -Dwadi.codec=snappy}).
 */
@EnabledIfSystemProperty(named = "wadi.throughput", matches = "true")
class KafkaToParquetThroughputTest {

    static final Schema COLUMNS = Schema.of(Field.of("id", DataType.INT64), Field.of("name", DataType.UTF8),
            Field.of("kind", DataType.UTF8), Field.of("price", DataType.FLOAT64), Field.of("ok", DataType.BOOLEAN));
    static final long ROWS = Long.getLong("wadi.rows", 1_000_000L);
    static final int PARTITIONS = Integer.getInteger("wadi.partitions", 4);
    static final int PARALLELISM = Integer.getInteger("wadi.parallelism", 1);
    static final String CODEC = System.getProperty("wadi.codec", "zstd");
    static final long CHECKPOINT_NANOS = TimeUnit.MILLISECONDS.toNanos(Long.getLong("wadi.checkpoint.ms", 1000L));

    @TempDir
    static Path dir;
    static final ExecutorService uploader = Executors.newFixedThreadPool(2);

    @AfterAll
    static void stop() {
        uploader.shutdownNow();
    }

    /** The filesystem connector, its sinks counting the rows they are given. */
    static final class Counted implements Connector {
        final FileSystemConnector real;
        final AtomicLong written = new AtomicLong();
        /** Per checkpoint, the subtasks that committed it. */
        final java.util.Map<Long, Integer> committed = new java.util.concurrent.ConcurrentHashMap<>();

        Counted(FileSystemConnector real) {
            this.real = real;
        }

        @Override
        public ConnectorMetadata metadata() {
            return real.metadata();
        }

        @Override
        public ConnectorTable table(TableRequest request) throws ConnectorException {
            return real.table(request);
        }

        @Override
        public Sink createSink(ConnectorTable table) throws ConnectorException {
            Sink sink = real.createSink(table);
            return new Sink() {
                @Override
                public void open(SinkContext context, byte[] restoredState) throws Exception {
                    sink.open(context, restoredState);
                }

                @Override
                public void write(Object[] row) throws Exception {
                    sink.write(row);
                    written.incrementAndGet();
                }

                @Override
                public byte[] preCommit(long epoch) throws Exception {
                    return sink.preCommit(epoch);
                }

                @Override
                public void commit(long epoch, byte[] preCommitted) throws Exception {
                    sink.commit(epoch, preCommitted);
                    committed.merge(epoch, 1, Integer::sum);
                }

                @Override
                public void finish() throws Exception {
                    sink.finish();
                }

                @Override
                public void close() throws Exception {
                    sink.close();
                }
            };
        }
    }

    @Test
    void kafkaToParquetOnS3() throws Exception {
        KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                .setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).build())
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("offsets.topic.num.partitions", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .build();
        try (S3TestServer s3 = S3TestServer.start(dir.resolve("s3"))) {
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            s3.createBucket("lake");
            String topic = "events-" + UUID.randomUUID().toString().substring(0, 8);
            try (Admin admin = cluster.admin()) {
                admin.createTopics(List.of(new NewTopic(topic, PARTITIONS, (short) 1))).all().get(60, TimeUnit.SECONDS);
            }
            long produceStart = System.nanoTime();
            produce(cluster.bootstrapServers(), topic);
            double produceSeconds = (System.nanoTime() - produceStart) / 1e9;

            KafkaConnector kafka = new KafkaConnector();
            Counted files = new Counted(new FileSystemConnector(System::nanoTime, System::currentTimeMillis, true,
                    s3.storage));
            ConnectorRegistry registry = new ConnectorRegistry();
            registry.add(kafka);
            registry.add(files);
            ConnectorTable source = kafka.table(new TableRequest("events", COLUMNS, new Options("kafka", Map.of(
                    "type", "source", "bootstrap_servers", cluster.bootstrapServers(), "topic", topic,
                    "format", "json", "source.offset", "earliest")), null));
            ConnectorTable sink = files.table(new TableRequest("lake", COLUMNS, new Options("filesystem", Map.of(
                    "type", "sink", "path", "s3://lake/events", "format", "parquet", "parquet.compression", CODEC)),
                    null));
            DataflowPlan plan = new DataflowPlan(List.of(
                    new PlanNode("source_1", "events", PARALLELISM, new SourceOperator(source)),
                    new PlanNode("sink_2", "lake", PARALLELISM, new SinkOperator(sink))),
                    List.of(new PlanEdge("source_1", "sink_2", EdgeKind.FORWARD, List.of(), COLUMNS.withTimestamp())));
            Path root = Files.createDirectories(dir.resolve("checkpoints"));
            FileObjectStore storage = new FileObjectStore(root.toUri().toString(), root);
            FileSystemExecutionTest.Reports reports = new FileSystemExecutionTest.Reports();
            Execution job = Execution.build("job_kafka_parquet", plan, "w1", Execution.Placement.all("w1"), registry,
                    Path::of, new ExprCompiler(), RuntimeOptions.DEFAULTS, reports,
                    new Checkpoints("job_kafka_parquet", storage, uploader, reports, -1).forPlan(plan));

            long start = System.nanoTime();
            job.start();
            long epoch = 0;
            long deadline = start + TimeUnit.MINUTES.toNanos(10);
            boolean all = false;
            while (!all) {
                long next = System.nanoTime() + CHECKPOINT_NANOS;
                // the checkpoint after the sinks have every row holds them all
                all = files.written.get() >= ROWS;
                while (!all && System.nanoTime() < next) {
                    if (!reports.failures.isEmpty()) {
                        throw new AssertionError("the job failed: " + reports.failures);
                    }
                    TimeUnit.MILLISECONDS.sleep(5);
                    all = files.written.get() >= ROWS;
                }
                epoch++;
                long e = epoch;
                job.triggerCheckpoint(e, false);
                FileSystemExecutionTest.await(() -> reports.stored.getOrDefault(e, 0) == 2 * PARALLELISM,
                        "checkpoint " + e + " stored", reports);
                job.commitCheckpoint(e);
                // the sinks commit on their own threads: the files are complete in S3 once they have
                FileSystemExecutionTest.await(() -> files.committed.getOrDefault(e, 0) == PARALLELISM,
                        "checkpoint " + e + " committed", reports);
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("not every row within 10 minutes: " + files.written.get());
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            job.stop(false);
            job.done().get(60, TimeUnit.SECONDS);
            storage.close();

            long rows = 0;
            long bytes = 0;
            int objects = 0;
            try (var found = Files.walk(s3.bucketDir("lake").resolve("events"))) {
                for (Path p : found.filter(Files::isRegularFile).toList()) {
                    objects++;
                    bytes += Files.size(p);
                    try (ParquetFileReader r = new ParquetFileReader(new LocalInputFile(p),
                            PlainReadOptions.create(new ParquetCodecs()))) {
                        rows += r.getRecordCount();
                    }
                }
            }
            assertEquals(ROWS, rows, "rows in the committed Parquet files");
            System.out.printf("kafka (%d partitions, JSON) -> Parquet (%s) on S3 (in-JVM s3proxy), parallelism %d: "
                    + "%d events in %.2f s = %.0f events/s end to end (%d checkpoints, %d objects, %.1f MB); "
                    + "producing them took %.2f s%n", PARTITIONS, CODEC, PARALLELISM, ROWS, seconds, ROWS / seconds,
                    epoch, objects, bytes / 1e6, produceSeconds);
        } finally {
            cluster.close();
        }
    }

    private static void produce(String bootstrap, String topic) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            for (long i = 0; i < ROWS; i++) {
                String json = "{\"id\":" + i + ",\"name\":\"name-" + i + "\",\"kind\":\"k" + (i % 7) + "\",\"price\":"
                        + (i % 1000) / 4.0 + ",\"ok\":" + (i % 2 == 0) + "}";
                producer.send(new ProducerRecord<>(topic, (int) (i % PARTITIONS), null,
                        json.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            }
            producer.flush();
        }
    }
}
