package org.wadi.connector.sse.internal;

import org.wadi.formats.testing.OsgiTesting;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

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
import org.wadi.spi.connector.TableRequest;

/**
 * The built bundle in a plain Felix framework with SCR: it resolves (the JDK's HTTP client is all
 * it needs besides our contracts), registers the sse connector, and works from a thread whose
 * context class loader sees nothing. The system bundle exports our SPI, formats, Jackson and SLF4J
 * from this test's class path, so the test and the bundle share them.
 */
class SseBundleIT {

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
                    "(" + Connector.NAME_PROPERTY + "=sse)");
            if (!refs.isEmpty()) {
                return context.getService(refs.iterator().next());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no 'sse' connector service within 10 s");
            }
            Thread.onSpinWait();
        }
    }

    @Test
    void resolvesAndRegistersTheConnector() throws Exception {
        assertEquals(Bundle.ACTIVE, bundle.getState());
        assertNull(bundle.getHeaders().get(Constants.EXPORT_PACKAGE), "exports nothing");
        assertEquals(bundle, FrameworkUtil.getBundle(connector().getClass()));
    }

    @Test
    void worksInsideOsgi() throws Exception {
        Connector connector = connector();
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        try (URLClassLoader empty = new URLClassLoader(new URL[0], null)) {
            thread.setContextClassLoader(empty);
            try (SseTestServer server = new SseTestServer((n, s) -> {
                s.send(SseTesting.event(null, "1", 1) + SseTesting.event(null, "2", 2));
                s.hold();
            })) {
                var table = connector.table(new TableRequest("t", SseTesting.SCHEMA, new Options("sse",
                        SseTesting.options(server.url())), null));
                var source = connector.createSource(table);
                source.open(new ConnectorHarness.SourceCtx(ConnectorHarness.Task.of(0, 1), null, null));
                assertEquals(2L, SseTesting.pollUntil(source, 2, 10_000).get(1)[0]);
                source.close();
            }
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
