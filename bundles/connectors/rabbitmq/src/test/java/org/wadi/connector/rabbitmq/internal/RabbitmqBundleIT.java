package org.wadi.connector.rabbitmq.internal;

import org.wadi.formats.testing.OsgiTesting;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.stream.Environment;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
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
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;
import org.wadi.formats.testing.ConnectorHarness;
import org.wadi.spi.connector.Connector;
import org.wadi.spi.connector.Options;
import org.wadi.spi.connector.Sink;
import org.wadi.spi.connector.Source;
import org.wadi.spi.connector.TableRequest;

/**
 * The built bundle in a plain Felix framework with SCR: it resolves with the embedded Streams and
 * AMQP clients and their Netty, registers the rabbitmq connector, and its sink, queue source and
 * stream source work from a thread whose context class loader sees nothing. The system bundle exports our SPI,
 * formats, Jackson and SLF4J from this test's class path, so the test and the bundle share them.
 */
class RabbitmqBundleIT {

    @TempDir
    static Path dir;
    static Framework framework;
    static Bundle bundle;

    @BeforeAll
    static void start() throws Exception {
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
        bundle = context.installBundle(Path.of(System.getProperty("connector.bundle")).toUri().toString());
        bundles.add(bundle);
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
    }

    static Connector connector() throws Exception {
        BundleContext context = framework.getBundleContext();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            Collection<ServiceReference<Connector>> refs = context.getServiceReferences(Connector.class,
                    "(" + Connector.NAME_PROPERTY + "=rabbitmq)");
            if (!refs.isEmpty()) {
                return context.getService(refs.iterator().next());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no 'rabbitmq' connector service within 10 s");
            }
            Thread.onSpinWait();
        }
    }

    @Test
    void resolvesAndRegistersTheConnector() throws Exception {
        assertEquals(Bundle.ACTIVE, bundle.getState());
        assertEquals(null, bundle.getHeaders().get(Constants.EXPORT_PACKAGE), "exports nothing");
        assertTrue(bundle.getHeaders().get(Constants.BUNDLE_CLASSPATH).contains("stream-client-") && bundle.getHeaders().get(Constants.BUNDLE_CLASSPATH).contains("amqp-client-"));
        assertEquals(bundle, FrameworkUtil.getBundle(connector().getClass()));
    }

    @Test
    void sinkAndSourcesWorkInsideOsgi() throws Exception {
        Connector rabbitmq = connector();
        String queue = RabbitmqTesting.unique("wadi_osgi_q");
        String stream = RabbitmqTesting.unique("wadi_osgi_s");
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        try (Connection admin = RabbitmqTesting.amqp(); Environment env = RabbitmqTesting.environment();
                URLClassLoader empty = new URLClassLoader(new URL[0], null)) {
            Channel channel = admin.createChannel();
            RabbitmqTesting.createQueue(channel, queue);
            RabbitmqTesting.createStream(env, stream);
            try {
                thread.setContextClassLoader(empty);
                for (String target : List.of(queue, stream)) {
                    Sink sink = rabbitmq.createSink(rabbitmq.table(new TableRequest("t", RabbitmqTesting.SCHEMA,
                            new Options("rabbitmq", RabbitmqTesting.options("type", "sink", "routing_key", target)),
                            null)));
                    sink.open(new ConnectorHarness.SinkCtx(ConnectorHarness.Task.of(0, 1), null), null);
                    for (long i = 0; i < 100; i++) {
                        sink.write(new Object[] {i, "n" + i, 0L});
                    }
                    sink.finish();
                    sink.close();
                }
                for (String[] kv : List.of(new String[] {"queue", queue}, new String[] {"stream", stream})) {
                    List<String> options = new ArrayList<>(List.of("type", "source", kv[0], kv[1]));
                    if (kv[0].equals("stream")) {
                        options.addAll(List.of("source.offset", "first"));
                    }
                    Source source = rabbitmq.createSource(rabbitmq.table(new TableRequest("t", RabbitmqTesting.SCHEMA,
                            new Options("rabbitmq", RabbitmqTesting.options(options.toArray(String[]::new))), null)));
                    source.open(RabbitmqTesting.context("job_osgi", 0, 1, List.of()));
                    RabbitmqTesting.Ids out = new RabbitmqTesting.Ids();
                    RabbitmqTesting.pollUntil(source, out, 100, 20_000);
                    source.close();
                    assertEquals(99L, out.ids.get(99), kv[0]);
                }
            } finally {
                thread.setContextClassLoader(previous);
                channel.queueDelete(queue);
                RabbitmqTesting.deleteStream(env, stream);
            }
        }
    }
}
