package org.wadi.connector.postgres.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import org.wadi.formats.testing.ConnectorHarness.ListCollector;
import org.wadi.formats.testing.ConnectorHarness.SinkCtx;
import org.wadi.formats.testing.ConnectorHarness.SourceCtx;
import org.wadi.formats.testing.ConnectorHarness.Task;
import org.wadi.formats.testing.OsgiTesting;
import org.wadi.spi.connector.Connector;
import org.wadi.spi.connector.ConnectorTable;
import org.wadi.spi.connector.Options;
import org.wadi.spi.connector.Sink;
import org.wadi.spi.connector.Source;
import org.wadi.spi.connector.TableRequest;
import org.wadi.spi.types.RowKind;

/**
 * The built bundle in a plain Felix framework with SCR: it resolves with its embedded driver,
 * registers both connectors, and from a thread whose context class loader sees nothing it reads
 * a table's snapshot and changes and writes them to another table exactly once. The system bundle
 * exports our SPI, formats, Jackson and SLF4J from this test's class path.
 */
class PostgresBundleIT {

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
        assertEquals(Bundle.ACTIVE, bundle.getState());
        assertNull(bundle.getHeaders().get(Constants.EXPORT_PACKAGE), "exports nothing");
        assertTrue(bundle.getHeaders().get(Constants.BUNDLE_CLASSPATH).contains("postgresql-"));
        assertEquals(bundle, FrameworkUtil.getBundle(connector("postgres_cdc").getClass()));
        assertEquals(bundle, FrameworkUtil.getBundle(connector("jdbc").getClass()));
    }

    @Test
    void changesFlowFromOneTableToAnotherInsideOsgi() throws Exception {
        TestDatabase.execute("DROP TABLE IF EXISTS osgi_in", "DROP TABLE IF EXISTS osgi_out",
                "CREATE TABLE osgi_in (id BIGINT PRIMARY KEY, name TEXT)", "ALTER TABLE osgi_in REPLICA IDENTITY FULL",
                "INSERT INTO osgi_in VALUES (1, 'a'), (2, 'b')",
                "CREATE TABLE osgi_out (id BIGINT PRIMARY KEY, name TEXT)");
        Connector cdc = connector("postgres_cdc");
        Connector jdbc = connector("jdbc");
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        try (URLClassLoader empty = new URLClassLoader(new URL[0], null)) {
            thread.setContextClassLoader(empty);
            ConnectorTable in = cdc.table(new TableRequest("in", PostgresConnectorsTest.COLUMNS, new Options(
                    "postgres_cdc", Map.of("url", TestDatabase.url(), "username", "postgres", "table", "osgi_in",
                            "slot.name", "osgi_slot")), null, List.of("id")));
            ConnectorTable out = jdbc.table(new TableRequest("out", PostgresConnectorsTest.COLUMNS, new Options("jdbc",
                    Map.of("url", TestDatabase.url(), "username", "postgres", "table", "osgi_out",
                            "sink.commit_mode", "exactly_once")), null, List.of("id")));
            Source source = cdc.createSource(in);
            Sink sink = jdbc.createSink(out);
            source.open(new SourceCtx(Task.of(0, 1), null, null));
            sink.open(new SinkCtx(Task.of(0, 1), null, true), null);
            try {
                ListCollector rows = new ListCollector();
                PostgresCdcSourceTest.read(source, rows, 2);
                TestDatabase.execute("UPDATE osgi_in SET name = 'b2' WHERE id = 2", "DELETE FROM osgi_in WHERE id = 1");
                PostgresCdcSourceTest.read(source, rows, 5);
                for (Object[] r : rows.rows) {
                    sink.write(r);
                }
                assertEquals(RowKind.DELETE, rows.rows.get(4)[2]);
                source.snapshot(1);
                sink.commit(1, sink.preCommit(1));
            } finally {
                sink.close();
                source.close();
            }
        } finally {
            thread.setContextClassLoader(previous);
        }
        assertEquals(List.of(List.of("2", "b2")), TestDatabase.query("SELECT id, name FROM osgi_out"));
    }
}
