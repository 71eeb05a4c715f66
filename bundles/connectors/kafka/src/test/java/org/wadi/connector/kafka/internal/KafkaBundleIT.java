package org.wadi.connector.kafka.internal;

import org.wadi.formats.testing.OsgiTesting;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.felix.framework.FrameworkFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;
import org.wadi.formats.testing.ConnectorHarness.ListCollector;
import org.wadi.formats.testing.ConnectorHarness.SinkCtx;
import org.wadi.formats.testing.ConnectorHarness.Task;
import org.wadi.spi.connector.Connector;
import org.wadi.spi.connector.ConnectorTable;
import org.wadi.spi.connector.Options;
import org.wadi.spi.connector.Sink;
import org.wadi.spi.connector.Source;
import org.wadi.spi.connector.TableRequest;

/**
 * The built bundle in a plain Felix framework with SCR: it resolves with the embedded Kafka client,
 * registers the kafka and confluent connectors, and its clients work from a thread whose context
 * class loader sees nothing, with each compression codec (snappy, lz4 and zstd load native code
 * from their embedded jars) and a transactional sink. The system bundle exports our SPI, formats,
 * Jackson and SLF4J from this test's class path, so the test and the bundle share those types.
 */
class KafkaBundleIT {

    @TempDir
    static Path dir;
    static Framework framework;
    static Bundle kafkaBundle;
    static TestBroker broker;

    @BeforeAll
    static void start() throws Exception {
        broker = TestBroker.start();
        framework = new FrameworkFactory().newFramework(Map.of(
                Constants.FRAMEWORK_STORAGE, dir.resolve("felix").toString(),
                Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT,
                Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, OsgiTesting.systemPackages()));
        framework.start();
        BundleContext context = framework.getBundleContext();
        List<Bundle> bundles = new ArrayList<>();
        for (String file : System.getProperty("osgi.bundles").split(",")) {
            bundles.add(context.installBundle(Path.of(file).toUri().toString()));
        }
        kafkaBundle = context.installBundle(Path.of(System.getProperty("kafka.bundle")).toUri().toString());
        bundles.add(kafkaBundle);
        for (Bundle b : bundles) {
            b.start();
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (framework != null) {
            framework.stop();
            framework.waitForStop(10_000);
        }
        if (broker != null) {
            broker.close();
        }
    }

    static Connector connector(String name) throws Exception {
        BundleContext context = framework.getBundleContext();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            Collection<ServiceReference<Connector>> refs = context.getServiceReferences(Connector.class,
                    "(" + Connector.NAME_PROPERTY + "=" + name + ")");
            if (!refs.isEmpty()) {
                return context.getService(refs.iterator().next());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no '" + name + "' connector service within 10 s");
            }
            Thread.onSpinWait();
        }
    }

    @Test
    void resolvesAndRegistersBothConnectors() throws Exception {
        assertEquals(Bundle.ACTIVE, kafkaBundle.getState());
        assertEquals(null, kafkaBundle.getHeaders().get(Constants.EXPORT_PACKAGE), "exports nothing");
        assertTrue(kafkaBundle.getHeaders().get(Constants.BUNDLE_CLASSPATH).contains("kafka-clients-"));
        assertNotNull(connector("kafka"));
        assertEquals("confluent", connector("confluent").metadata().id());
        assertEquals(kafkaBundle, org.osgi.framework.FrameworkUtil.getBundle(connector("kafka").getClass()));
    }

    @Test
    void everyCodecAndTransactionsWorkInsideOsgi() throws Exception {
        Connector kafka = connector("kafka");
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        // a caller whose context class loader sees nothing at all
        try (URLClassLoader empty = new URLClassLoader(new URL[0], null)) {
            thread.setContextClassLoader(empty);
            for (String codec : List.of("gzip", "snappy", "lz4", "zstd")) {
                String topic = broker.topic("osgi-" + codec, 1);
                Sink sink = kafka.createSink(table(kafka, topic, "type", "sink", "sink.commit_mode", "exactly_once",
                        "client_configs", "compression.type=" + codec));
                sink.open(new SinkCtx(Task.of(0, 1), null), null);
                for (long i = 0; i < 100; i++) {
                    sink.write(new Object[] {i, "name " + i + " " + codec, 0L});
                }
                sink.commit(1, sink.preCommit(1));
                sink.close();

                Source source = kafka.createSource(table(kafka, topic, "type", "source", "source.offset", "earliest",
                        "source.read_mode", "read_committed"));
                source.open(new KafkaBrokerTest.Ctx(Task.of(0, 1), List.of()));
                ListCollector out = new ListCollector();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (out.rows.size() < 100 && System.nanoTime() < deadline) {
                    source.poll(out);
                }
                source.close();
                assertEquals(100, out.rows.size(), codec);
                assertEquals("name 99 " + codec, out.rows.get(99)[1]);
            }
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    @Test
    void autocompleteAndAvroWorkInsideOsgi() throws Exception {
        Connector kafka = connector("kafka");
        String topic = broker.topic("osgi-avro", 1);
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        try (URLClassLoader empty = new URLClassLoader(new URL[0], null)) {
            thread.setContextClassLoader(empty);
            List<String> topics = kafka.autocomplete(Map.of("bootstrap_servers", broker.bootstrap())).get("topic");
            assertTrue(topics.contains(topic), topics.toString());

            Sink sink = kafka.createSink(table(kafka, topic, "type", "sink", "format", "avro"));
            sink.open(new SinkCtx(Task.of(0, 1), null), null);
            for (long i = 0; i < 10; i++) {
                sink.write(new Object[] {i, "avro " + i, 0L});
            }
            sink.preCommit(1);
            sink.close();
            Source source = kafka.createSource(table(kafka, topic, "type", "source", "source.offset", "earliest",
                    "format", "avro"));
            source.open(new KafkaBrokerTest.Ctx(Task.of(0, 1), List.of()));
            ListCollector out = new ListCollector();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (out.rows.size() < 10 && System.nanoTime() < deadline) {
                source.poll(out);
            }
            source.close();
            assertEquals(10, out.rows.size());
            assertEquals("avro 9", out.rows.get(9)[1]);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    static ConnectorTable table(Connector kafka, String topic, String... options) throws Exception {
        Map<String, String> m = new LinkedHashMap<>(Map.of("bootstrap_servers", broker.bootstrap(), "topic", topic,
                "format", "json"));
        for (int i = 0; i < options.length; i += 2) {
            m.put(options[i], options[i + 1]);
        }
        return kafka.table(new TableRequest("t", KafkaBrokerTest.COLUMNS, new Options("kafka", m), null));
    }
}
