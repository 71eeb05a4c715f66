package org.wadi.connector.kafka.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.wadi.formats.testing.ConnectorHarness.ListCollector;
import org.wadi.formats.testing.ConnectorHarness.SinkCtx;
import org.wadi.formats.testing.ConnectorHarness.Task;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.connector.ConnectorTable;
import org.wadi.spi.connector.Options;
import org.wadi.spi.connector.Sink;
import org.wadi.spi.connector.Source;
import org.wadi.spi.connector.TableRequest;

/** The auth.* options against a broker that wants SASL PLAIN over plaintext. */
class KafkaSaslTest {

    static TestBroker broker;
    final KafkaConnector kafka = new KafkaConnector();

    @BeforeAll
    static void start() throws Exception {
        broker = TestBroker.start(SecurityProtocol.SASL_PLAINTEXT);
    }

    @AfterAll
    static void stop() throws Exception {
        broker.close();
    }

    ConnectorTable table(String topic, String password, String... options) throws ConnectorException {
        Map<String, String> m = new LinkedHashMap<>(Map.of("bootstrap_servers", broker.bootstrap(), "topic", topic,
                "format", "json", "auth.type", "sasl", "auth.mechanism", "PLAIN", "auth.protocol", "SASL_PLAINTEXT",
                "auth.username", "plain-user1", "auth.password", password));
        for (int i = 0; i < options.length; i += 2) {
            m.put(options[i], options[i + 1]);
        }
        return kafka.table(new TableRequest("t", KafkaBrokerTest.COLUMNS, new Options("kafka", m), null));
    }

    @Test
    void writesAndReadsAsAnAuthenticatedUser() throws Exception {
        String topic = broker.topic("sasl", 1);
        Sink sink = kafka.createSink(table(topic, "plain-user1-secret", "type", "sink", "sink.commit_mode",
                "exactly_once"));
        sink.open(new SinkCtx(Task.of(0, 1), null), null);
        for (long i = 0; i < 10; i++) {
            sink.write(new Object[] {i, "n" + i, 0L});
        }
        sink.commit(1, sink.preCommit(1));
        sink.close();
        Source source = kafka.createSource(table(topic, "plain-user1-secret", "type", "source", "source.offset",
                "earliest"));
        source.open(new KafkaBrokerTest.Ctx(Task.of(0, 1), List.of()));
        ListCollector out = new ListCollector();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (out.rows.size() < 10 && System.nanoTime() < deadline) {
            source.poll(out);
        }
        source.close();
        assertEquals(10, out.rows.size());
        assertTrue(kafka.test(Map.of(), Map.of("bootstrap_servers", broker.bootstrap(), "auth.type", "sasl",
                "auth.mechanism", "PLAIN", "auth.protocol", "SASL_PLAINTEXT", "auth.username", "plain-user1",
                "auth.password", "plain-user1-secret")).ok());
    }

    @Test
    void aWrongPasswordIsReportedClearly() throws Exception {
        String topic = broker.topic("sasl-bad", 1);
        Source source = kafka.createSource(table(topic, "wrong", "type", "source", "client_configs",
                "default.api.timeout.ms=5000"));
        ConnectorException e = assertThrows(ConnectorException.class,
                () -> source.open(new KafkaBrokerTest.Ctx(Task.of(0, 1), List.of())));
        source.close();
        assertTrue(e.getMessage().contains("Authentication failed"), e.getMessage());
        assertTrue(!e.getMessage().contains("wrong"), "the password is not shown: " + e.getMessage());
    }
}
