package org.wadi.connector.kafka.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.wadi.formats.testing.ConnectorHarness.ListCollector;
import org.wadi.formats.testing.ConnectorHarness.SinkCtx;
import org.wadi.formats.testing.ConnectorHarness.Task;
import org.wadi.spi.connector.ConnectorTable;
import org.wadi.spi.connector.Options;
import org.wadi.spi.connector.Sink;
import org.wadi.spi.connector.Source;
import org.wadi.spi.connector.TableRequest;

/**
 * Kafka to Kafka throughput through the connector (one source subtask feeding one sink subtask on
 * one thread, a checkpoint every {@value #CHECKPOINT_EVERY} rows), exactly once and at least once.
 * Prints events/s; asserts only that every row arrived once. Run by hand:
 * {@code mvn -o -q test -Dtest=KafkaThroughputTest -Dwadi.kafka.throughput=true}; {@code
 * -Dwadi.kafka.format=avro} reads and writes Avro (raw datums) instead of JSON, {@code
 * -Dwadi.kafka.runs=1} runs each commit mode once (default twice), {@code -Dwadi.kafka.rows=N}.
 */
@EnabledIfSystemProperty(named = "wadi.kafka.throughput", matches = "true")
class KafkaThroughputTest {

    static final int ROWS = Integer.getInteger("wadi.kafka.rows", 500_000);
    static final int CHECKPOINT_EVERY = 50_000;
    static final String FORMAT = System.getProperty("wadi.kafka.format", "json");
    static final int RUNS = Integer.getInteger("wadi.kafka.runs", 2);
    static TestBroker broker;

    @BeforeAll
    static void start() throws Exception {
        broker = TestBroker.start();
    }

    @AfterAll
    static void stop() throws Exception {
        broker.close();
    }

    ConnectorTable table(String topic, String... options) throws Exception {
        Map<String, String> m = new LinkedHashMap<>(Map.of("bootstrap_servers", broker.bootstrap(), "topic", topic,
                "format", FORMAT));
        if (FORMAT.equals("avro")) {
            m.put("avro.raw_datums", "true");
        }
        for (int i = 0; i < options.length; i += 2) {
            m.put(options[i], options[i + 1]);
        }
        return new KafkaConnector().table(new TableRequest("t", KafkaBrokerTest.COLUMNS, new Options("kafka", m), null));
    }

    @Test
    void kafkaToKafka() throws Exception {
        String input = broker.topic("tp-in", 1);
        Sink loader = new KafkaConnector().createSink(table(input, "type", "sink"));
        loader.open(new SinkCtx(Task.of(0, 1), null), null);
        for (long i = 0; i < ROWS; i++) {
            loader.write(new Object[] {i, "name-" + i, 0L});
        }
        loader.finish();
        loader.close();
        for (int i = 0; i < RUNS; i++) {
            for (String mode : List.of("at_least_once", "exactly_once")) {
                run(input, mode);
            }
        }
    }

    private void run(String input, String mode) throws Exception {
        String output = broker.topic("tp-out", 1);
        KafkaConnector kafka = new KafkaConnector();
        Source source = kafka.createSource(table(input, "type", "source", "source.offset", "earliest",
                "source.read_mode", "read_committed"));
        Sink sink = kafka.createSink(table(output, "type", "sink", "sink.commit_mode", mode));
        source.open(new KafkaBrokerTest.Ctx(Task.of(0, 1), List.of()));
        sink.open(new SinkCtx(Task.of(0, 1), null), null);
        long start = System.nanoTime();
        long rows = 0;
        long epoch = 0;
        long nextCheckpoint = CHECKPOINT_EVERY;
        ListCollector batch = new ListCollector();
        while (rows < ROWS) {
            batch.rows.clear();
            source.poll(batch);
            for (Object[] row : batch.rows) {
                sink.write(row);
            }
            rows += batch.rows.size();
            if (rows >= nextCheckpoint || rows >= ROWS) {
                epoch++;
                source.snapshot(epoch);
                sink.commit(epoch, sink.preCommit(epoch));
                nextCheckpoint += CHECKPOINT_EVERY;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        source.close();
        sink.close();
        System.out.printf("kafka -> kafka %s %s: %d events in %.2f s = %.0f events/s (checkpoint every %d rows)%n",
                FORMAT, mode, rows, seconds, rows / seconds, CHECKPOINT_EVERY);
        assertEquals(ROWS, broker.readAll(output, true).size());
    }
}
