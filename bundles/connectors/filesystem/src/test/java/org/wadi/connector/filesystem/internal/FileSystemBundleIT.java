package org.wadi.connector.filesystem.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airlift.compress.zstd.ZstdOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
import org.wadi.formats.testing.OsgiTesting;
import org.wadi.spi.connector.Connector;
import org.wadi.spi.connector.ConnectorTable;
import org.wadi.spi.connector.FileAccess;
import org.wadi.spi.connector.Sink;
import org.wadi.spi.types.Schema;
import org.wadi.storage.ObjectStore;
import org.wadi.storage.StorageProvider;
import org.wadi.storage.testing.S3TestServer;

/**
 * The built bundle in a plain Felix framework with SCR: it resolves with aircompressor embedded,
 * registers the filesystem connector, binds the storage service (the real one, registered from the
 * test's class path and pointed at an in-JVM S3 server), and reads zstd files and writes and reads
 * S3 objects from a thread whose context class loader sees nothing.
 */
class FileSystemBundleIT {

    @TempDir
    static Path dir;
    static Framework framework;
    static Bundle bundle;
    static S3TestServer s3;

    @BeforeAll
    static void start() throws Exception {
        s3 = S3TestServer.start(dir.resolve("s3"));
        s3.createBucket("lake");
        String packages = OsgiTesting.systemPackages() + ","
                + OsgiTesting.exportsOf(List.of("org.wadi.storage.StorageProvider"), Set.of());
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
        if (s3 != null) {
            s3.close();
        }
    }

    static Connector connector() throws Exception {
        return connector("filesystem");
    }

    static Connector connector(String name) throws Exception {
        BundleContext context = framework.getBundleContext();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            Collection<ServiceReference<Connector>> refs = context.getServiceReferences(Connector.class,
                    "(" + Connector.NAME_PROPERTY + "=" + name + ")");
            if (!refs.isEmpty()) {
                return context.getService(refs.iterator().next());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no '" + name + "' connector service within 20 s");
            }
            Thread.onSpinWait();
        }
    }

    @Test
    void resolvesAndRegistersTheConnector() throws Exception {
        assertEquals(Bundle.ACTIVE, bundle.getState());
        assertNull(bundle.getHeaders().get(Constants.EXPORT_PACKAGE), "exports nothing");
        assertTrue(bundle.getHeaders().get(Constants.BUNDLE_CLASSPATH).contains("aircompressor-"));
        assertEquals(bundle, FrameworkUtil.getBundle(connector().getClass()));
        assertTrue(connector().metadata().source() && connector().metadata().sink());
    }

    @Test
    void readsZstdAndWritesAndReadsS3InsideOsgi() throws Exception {
        Connector fs = connector();
        FileAccess files = ConnectorHarness.confinedTo(dir);
        Files.createDirectories(dir.resolve("in"));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new ZstdOutputStream(bytes)) {
            for (int i = 0; i < 50; i++) {
                out.write(("{\"id\":" + i + ",\"kind\":\"z\"}\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        Files.write(dir.resolve("in/a.json.zst"), bytes.toByteArray());
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        try (URLClassLoader empty = new URLClassLoader(new URL[0], null)) {
            thread.setContextClassLoader(empty);
            Schema columns = FileSystemSourceTest.COLUMNS;
            ConnectorTable local = fs.table(ConnectorHarness.request("filesystem", columns,
                    Map.of("path", "in", "type", "source", "format", "json"), files));
            List<Object[]> rows = ConnectorHarness.readAll(fs, local, ConnectorHarness.Task.of(0, 1), files, null, 100);
            assertEquals(50, rows.size());

            ConnectorTable sinkTable = fs.table(ConnectorHarness.request("filesystem", columns,
                    Map.of("path", "s3://lake/out", "type", "sink", "format", "json"), files));
            Sink sink = fs.createSink(sinkTable);
            sink.open(new ConnectorHarness.SinkCtx(ConnectorHarness.Task.of(0, 1), files), null);
            for (Object[] row : rows) {
                sink.write(row);
            }
            sink.commit(1, sink.preCommit(1));
            sink.close();

            ConnectorTable s3Source = fs.table(ConnectorHarness.request("filesystem", columns,
                    Map.of("path", "s3://lake/out", "type", "source", "format", "json"), files));
            List<Object[]> back = ConnectorHarness.readAll(fs, s3Source, ConnectorHarness.Task.of(0, 1), files, null,
                    100);
            assertEquals(50, back.size());
        } finally {
            thread.setContextClassLoader(previous);
        }
        try (ObjectStore store = s3.storage.open("s3://lake")) {
            assertEquals(1, store.list("out/").size());
        }
    }

    /** Parquet is written inside OSGi (no Hadoop in the bundle) and read back with parquet-java. */
    @Test
    void writesParquetInsideOsgi() throws Exception {
        Connector fs = connector();
        FileAccess files = ConnectorHarness.confinedTo(dir);
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        try (URLClassLoader empty = new URLClassLoader(new URL[0], null)) {
            thread.setContextClassLoader(empty);
            for (String codec : List.of("zstd", "snappy", "gzip")) {
                ConnectorTable t = fs.table(ConnectorHarness.request("filesystem", ParquetSinkTest.COLUMNS,
                        Map.of("path", "pq-" + codec, "type", "sink", "format", "parquet", "parquet.compression", codec),
                        files));
                Sink sink = fs.createSink(t);
                sink.open(new ConnectorHarness.SinkCtx(ConnectorHarness.Task.of(0, 1), files), null);
                for (long i = 0; i < 500; i++) {
                    sink.write(ParquetSinkTest.row(i));
                }
                sink.commit(1, sink.preCommit(1));
                sink.close();
            }
        } finally {
            thread.setContextClassLoader(previous);
        }
        for (String codec : List.of("zstd", "snappy", "gzip")) {
            List<String> published = SinkFiles.published(dir.resolve("pq-" + codec));
            assertEquals(1, published.size());
            ParquetFiles.Contents c = ParquetFiles.read(dir.resolve("pq-" + codec).resolve(published.get(0)));
            assertEquals(500, c.rows().size());
            assertEquals(499, c.rows().get(499).getLong("id", 0));
        }
    }

    /** Parquet is read inside OSGi without Hadoop, from a folder and from S3. */
    @Test
    void readsParquetInsideOsgi() throws Exception {
        Connector fs = connector();
        FileAccess files = ConnectorHarness.confinedTo(dir);
        Path folder = dir.resolve("pq-in");
        Files.createDirectories(folder);
        List<Object[]> rows = new ArrayList<>();
        for (long i = 0; i < 700; i++) {
            rows.add(ParquetSinkTest.row(i));
        }
        byte[] data = ParquetSourceTest.parquet(ParquetSinkTest.COLUMNS, rows,
                org.apache.parquet.hadoop.metadata.CompressionCodecName.ZSTD, 64L << 20);
        Files.write(folder.resolve("a.parquet"), data);
        try (ObjectStore store = s3.storage.open("s3://lake/pq-in")) {
            store.put("a.parquet", data);
        }
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        try (URLClassLoader empty = new URLClassLoader(new URL[0], null)) {
            thread.setContextClassLoader(empty);
            for (String path : List.of("pq-in", "s3://lake/pq-in")) {
                ConnectorTable t = fs.table(ConnectorHarness.request("filesystem", ParquetSinkTest.COLUMNS,
                        Map.of("path", path, "type", "source", "format", "parquet"), files));
                List<Object[]> back = ConnectorHarness.readAll(fs, t, ConnectorHarness.Task.of(0, 1), files, null, 100);
                assertEquals(700, back.size(), path);
                back.sort(java.util.Comparator.comparingLong(r -> (Long) r[0]));
                for (int i = 0; i < 700; i++) {
                    org.junit.jupiter.api.Assertions.assertArrayEquals(java.util.Arrays.copyOf(rows.get(i), 7),
                            java.util.Arrays.copyOf(back.get(i), 7), path + " row " + i);
                }
            }
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** The delta connector of the same bundle writes a table inside OSGi; Delta Kernel reads it back. */
    @Test
    void writesADeltaTableInsideOsgi() throws Exception {
        Connector delta = connector("delta");
        assertEquals(bundle, FrameworkUtil.getBundle(delta.getClass()));
        assertTrue(delta.metadata().sink() && !delta.metadata().source());
        FileAccess files = ConnectorHarness.confinedTo(dir);
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        try (URLClassLoader empty = new URLClassLoader(new URL[0], null)) {
            thread.setContextClassLoader(empty);
            ConnectorTable t = delta.table(ConnectorHarness.request("delta", DeltaSinkTest.COLUMNS,
                    Map.of("path", "delta-osgi", "type", "sink"), files));
            Sink sink = delta.createSink(t);
            sink.open(new ConnectorHarness.SinkCtx(ConnectorHarness.Task.of(0, 1), files), null);
            for (long epoch = 1; epoch <= 2; epoch++) {
                for (long i = (epoch - 1) * 300; i < epoch * 300; i++) {
                    sink.write(DeltaSinkTest.row(i));
                }
                sink.commit(epoch, sink.preCommit(epoch));
            }
            sink.close();
        } finally {
            thread.setContextClassLoader(previous);
        }
        DeltaTables.Contents table = DeltaTables.read(dir.resolve("delta-osgi"));
        assertEquals(2, table.version());
        assertEquals(600, table.rows().size());
    }
}
