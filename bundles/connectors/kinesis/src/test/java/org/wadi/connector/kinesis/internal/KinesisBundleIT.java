package org.wadi.connector.kinesis.internal;

import org.wadi.formats.testing.OsgiTesting;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import software.amazon.awssdk.services.kinesis.KinesisClient;
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
 * The built bundle in a plain Felix framework with SCR: it resolves with the embedded AWS SDK,
 * registers the kinesis connector, and its sink and source work against kinesalite from a thread
 * whose context class loader sees nothing. The system bundle exports our SPI,
 * formats, Jackson and SLF4J from this test's class path, so the test and the bundle share them.
 */
class KinesisBundleIT {

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
                    "(" + Connector.NAME_PROPERTY + "=kinesis)");
            if (!refs.isEmpty()) {
                return context.getService(refs.iterator().next());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no 'kinesis' connector service within 10 s");
            }
            Thread.onSpinWait();
        }
    }

    @Test
    void resolvesAndRegistersTheConnector() throws Exception {
        assertEquals(Bundle.ACTIVE, bundle.getState());
        assertEquals(null, bundle.getHeaders().get(Constants.EXPORT_PACKAGE), "exports nothing");
        assertTrue(bundle.getHeaders().get(Constants.BUNDLE_CLASSPATH).contains("kinesis-"));
        assertEquals(bundle, FrameworkUtil.getBundle(connector().getClass()));
    }

    @Test
    void sinkAndSourceWorkInsideOsgi() throws Exception {
        Connector kinesis = connector();
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        try (KinesisTesting.Server server = KinesisTesting.start(); KinesisClient client = KinesisTesting.client(server);
                URLClassLoader empty = new URLClassLoader(new URL[0], null)) {
            String stream = KinesisTesting.unique("wadi_osgi");
            KinesisTesting.createStream(client, stream, 2);
            try {
                thread.setContextClassLoader(empty);
                Sink sink = kinesis.createSink(kinesis.table(new TableRequest("t", KinesisTesting.SCHEMA,
                        new Options("kinesis", KinesisTesting.options(server, "stream_name", stream, "type", "sink")),
                        null)));
                sink.open(new ConnectorHarness.SinkCtx(ConnectorHarness.Task.of(0, 1), null), null);
                for (long i = 0; i < 100; i++) {
                    sink.write(new Object[] {i, "n" + i, 0L});
                }
                sink.finish();
                sink.close();
                Source source = kinesis.createSource(kinesis.table(new TableRequest("t", KinesisTesting.SCHEMA,
                        new Options("kinesis", KinesisTesting.options(server, "stream_name", stream, "type", "source",
                                "source.offset", "earliest")), null)));
                source.open(KinesisTesting.context("job_osgi", 0, 1, List.of()));
                KinesisTesting.Ids out = new KinesisTesting.Ids();
                KinesisTesting.pollUntil(source, out, 100, 20_000);
                source.close();
                assertEquals(100, new java.util.TreeSet<>(out.ids).size());
            } finally {
                thread.setContextClassLoader(previous);
            }
        }
    }
}
