package org.wadi.connector.iceberg.internal;

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
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.felix.framework.FrameworkFactory;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.Record;
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
import org.wadi.formats.testing.OsgiTesting;
import org.wadi.spi.connector.Connector;
import org.wadi.spi.connector.ConnectorTable;
import org.wadi.spi.connector.FileAccess;
import org.wadi.spi.connector.Sink;
import org.wadi.storage.StorageProvider;
import org.wadi.storage.testing.S3TestServer;

/**
 * The built bundle in a plain Felix framework with SCR, with only the container's packages (the
 * SPI, Jackson, SLF4J) from outside: it resolves with Iceberg, Parquet and the HTTP client embedded
 * and no Hadoop, registers the iceberg connector, binds the storage service (the real one, pointed
 * at an in-JVM S3 server), and writes tables in a local and in an S3 warehouse through REST catalogs
 * served by the test, from a thread whose context class loader sees nothing; Iceberg's reader reads
 * them back.
 */
class IcebergBundleIT {

    @TempDir
    static Path dir;
    static Framework framework;
    static Bundle bundle;
    static RestCatalogServer server;
    static S3TestServer s3;
    static ObjectStoreFileIO s3Io;
    static RestCatalogServer s3Server;

    @BeforeAll
    static void start() throws Exception {
        server = RestCatalogServer.start(dir.resolve("warehouse").toString());
        s3 = S3TestServer.start(dir.resolve("s3"));
        s3.createBucket("lake");
        s3Io = new ObjectStoreFileIO(s3.storage::open);
        s3Server = RestCatalogServer.start("s3://lake/warehouse", s3Io);
        String packages = OsgiTesting.systemPackages() + "," + OsgiTesting.exportsOf(
                List.of("com.fasterxml.jackson.core.JsonFactory", "com.fasterxml.jackson.databind.ObjectMapper",
                        "com.fasterxml.jackson.annotation.JsonProperty", "org.wadi.storage.StorageProvider"),
                Set.of("com.fasterxml.jackson.databind", "com.fasterxml.jackson.databind.node"));
        framework = new FrameworkFactory().newFramework(Map.of(
                Constants.FRAMEWORK_STORAGE, dir.resolve("felix").toString(),
                Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT,
                Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, packages));
        framework.start();
        BundleContext context = framework.getBundleContext();
        context.registerService(StorageProvider.class, s3.storage, null);
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
        if (server != null) {
            server.close();
        }
        if (s3Server != null) {
            s3Server.close();
        }
        if (s3Io != null) {
            s3Io.close();
        }
        if (s3 != null) {
            s3.close();
        }
    }

    static Connector connector() throws Exception {
        BundleContext context = framework.getBundleContext();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            Collection<ServiceReference<Connector>> refs = context.getServiceReferences(Connector.class,
                    "(" + Connector.NAME_PROPERTY + "=iceberg)");
            if (!refs.isEmpty()) {
                return context.getService(refs.iterator().next());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no 'iceberg' connector service within 20 s");
            }
            Thread.onSpinWait();
        }
    }

    @Test
    void resolvesWithoutHadoopAndRegistersTheConnector() throws Exception {
        assertEquals(Bundle.ACTIVE, bundle.getState());
        assertNull(bundle.getHeaders().get(Constants.EXPORT_PACKAGE), "exports nothing");
        String classPath = bundle.getHeaders().get(Constants.BUNDLE_CLASSPATH);
        assertTrue(classPath.contains("iceberg-core-") && classPath.contains("parquet-hadoop-"), classPath);
        assertTrue(!classPath.contains("hadoop-client") && !classPath.contains("hadoop-common"), classPath);
        assertEquals(bundle, FrameworkUtil.getBundle(connector().getClass()));
        assertTrue(connector().metadata().sink() && !connector().metadata().source());
    }

    @Test
    void writesATableThroughTheRestCatalogInsideOsgi() throws Exception {
        writeAndReadBack(server, "events");
    }

    @Test
    void writesAnS3WarehouseThroughTheStorageServiceInsideOsgi() throws Exception {
        Table table = writeAndReadBack(s3Server, "events_s3");
        assertTrue(table.location().startsWith("s3://lake/warehouse/"), table.location());
    }

    private static Table writeAndReadBack(RestCatalogServer catalog, String name) throws Exception {
        Connector iceberg = connector();
        FileAccess files = ConnectorHarness.confinedTo(dir);
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        try (URLClassLoader empty = new URLClassLoader(new URL[0], null)) {
            thread.setContextClassLoader(empty);
            ConnectorTable t = iceberg.table(ConnectorHarness.request("iceberg", IcebergSinkTest.COLUMNS, Map.of(
                    "type", "sink", "catalog.type", "rest", "catalog.rest.url", catalog.url(),
                    "namespace", "osgi", "table_name", name), files));
            Sink sink = iceberg.createSink(t);
            sink.open(new ConnectorHarness.SinkCtx(ConnectorHarness.Task.of(0, 1), files), null);
            for (long i = 0; i < 300; i++) {
                sink.write(IcebergSinkTest.row(i));
            }
            sink.commit(1, sink.preCommit(1));
            for (long i = 300; i < 500; i++) {
                sink.write(IcebergSinkTest.row(i));
            }
            sink.commit(2, sink.preCommit(2));
            sink.close();
            assertEquals(empty, thread.getContextClassLoader(), "the context class loader is given back");
        } finally {
            thread.setContextClassLoader(previous);
        }
        Table table = catalog.backend.loadTable(TableIdentifier.of(Namespace.of("osgi"), name));
        List<Record> rows = IcebergSinkTest.read(table);
        assertEquals(500, rows.size());
        for (int i = 0; i < 500; i++) {
            IcebergSinkTest.assertRow(i, rows.get(i));
        }
        assertEquals(2, IcebergSinkTest.snapshots(table).size());
        return table;
    }
}
