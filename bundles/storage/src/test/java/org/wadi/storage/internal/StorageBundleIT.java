package org.wadi.storage.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import org.apache.felix.framework.FrameworkFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.util.tracker.ServiceTracker;
import org.wadi.storage.ObjectStore;
import org.wadi.storage.StorageProvider;

/**
 * The built bundle in a plain Felix framework with SCR and Config Admin: it resolves with its
 * embedded AWS SDK, its component starts, takes its configuration from Config Admin, and its S3
 * backend works against s3proxy while the calling thread's context class loader sees nothing.
 *
 * <p>The framework's system bundle exports our API package (and SLF4J) from this test's class
 * path, so that the test and the bundle share the {@link StorageProvider} type.
 */
class StorageBundleIT {

    @TempDir
    static Path dir;
    static S3ProxyServer server;
    static Framework framework;
    static Bundle storage;

    @BeforeAll
    static void start() throws Exception {
        server = S3ProxyServer.start(Files.createDirectories(dir.resolve("s3")));
        server.createBucket("osgi-bucket");

        framework = new FrameworkFactory().newFramework(Map.of(
                Constants.FRAMEWORK_STORAGE, dir.resolve("felix").toString(),
                Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT,
                Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA,
                "org.wadi.storage;version=1.3.0,org.slf4j;version=2.0.17,org.slf4j.event;version=2.0.17"));
        framework.start();
        BundleContext context = framework.getBundleContext();
        List<Bundle> bundles = new ArrayList<>();
        for (String file : System.getProperty("osgi.bundles").split(",")) {
            bundles.add(context.installBundle(Path.of(file).toUri().toString()));
        }
        storage = context.installBundle(Path.of(System.getProperty("storage.bundle")).toUri().toString());
        bundles.add(storage);
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
    }

    private static StorageProvider provider() throws InterruptedException {
        ServiceTracker<StorageProvider, StorageProvider> tracker =
                new ServiceTracker<>(framework.getBundleContext(), StorageProvider.class, null);
        tracker.open();
        try {
            StorageProvider p = tracker.waitForService(10_000);
            assertNotNull(p, "no StorageProvider service within 10 s");
            return p;
        } finally {
            tracker.close();
        }
    }

    /** Sets the storage configuration through Config Admin, by reflection: its types are the bundle's own. */
    private static void configure(Map<String, String> values) throws Exception {
        BundleContext context = framework.getBundleContext();
        // all references: the test's class path has its own org.osgi.service.cm, which the
        // assignability check of getServiceReference would hold against Config Admin's
        var refs = context.getAllServiceReferences("org.osgi.service.cm.ConfigurationAdmin", null);
        assertNotNull(refs, "no Config Admin service");
        Object admin = context.getService(refs[0]);
        Method getConfiguration = admin.getClass().getMethod("getConfiguration", String.class, String.class);
        Object configuration = getConfiguration.invoke(admin, "org.wadi.storage", null);
        Dictionary<String, Object> properties = new Hashtable<>(values);
        Method update = configuration.getClass().getMethod("update", Dictionary.class);
        update.setAccessible(true);
        update.invoke(configuration, properties);
    }

    /** Waits until the provider reflects the configured default URL (the component restarts on a change). */
    private static StorageProvider providerWithDefault(String url) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            StorageProvider p = provider();
            if (p.defaultUrl().equals(url)) {
                return p;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the storage component did not take its configuration: default URL " + p.defaultUrl());
            }
            Thread.onSpinWait();
        }
    }

    @Test
    void resolvesWithTheEmbeddedSdkAndExportsOnlyItsApi() {
        assertEquals(Bundle.ACTIVE, storage.getState());
        assertEquals("org.wadi.storage;version=\"1.3.0\"", storage.getHeaders().get(Constants.EXPORT_PACKAGE));
        // every mandatory import is wired (the API to the system bundle, which exports this test's copy)
        BundleWiring wiring = storage.adapt(BundleWiring.class);
        List<String> wired = wiring.getRequiredWires("osgi.wiring.package").stream()
                .map(w -> (String) w.getCapability().getAttributes().get("osgi.wiring.package")).toList();
        assertTrue(wired.containsAll(List.of("org.wadi.storage", "org.slf4j", "javax.net.ssl", "javax.xml.stream")), wired.toString());
        assertTrue(storage.getHeaders().get(Constants.BUNDLE_CLASSPATH).contains("s3-"), "the SDK is embedded");
    }

    @Test
    void theSdkFindsItsOptionalCredentialProvidersByName() throws Exception {
        // what the default credentials chain loads by name for web identity (Kubernetes service
        // account) credentials, through the SDK's own class loader: this bundle's
        Class<?> factory = storage.loadClass("software.amazon.awssdk.services.sts.internal.StsWebIdentityCredentialsProviderFactory");
        assertEquals(storage, org.osgi.framework.FrameworkUtil.getBundle(factory));
    }

    @Test
    void storesInS3AndFilesInsideOsgi() throws Exception {
        String defaultUrl = dir.resolve("checkpoints").toUri().toString();
        configure(Map.of(
                "storage.url", defaultUrl,
                "storage.s3.endpoint", server.endpoint,
                "storage.s3.access.key", S3ProxyServer.ACCESS_KEY,
                "storage.s3.secret.key", server.secretKey));
        StorageProvider provider = providerWithDefault(defaultUrl);

        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        // a caller whose context class loader sees nothing at all
        try (URLClassLoader empty = new URLClassLoader(new URL[0], null)) {
            thread.setContextClassLoader(empty);
            try (ObjectStore s3 = provider.open("s3://osgi-bucket/wadi")) {
                s3.put("job_1/checkpoints/0000000001/source_1/0", "state".getBytes(UTF_8));
                assertEquals("state", new String(s3.get("job_1/checkpoints/0000000001/source_1/0"), UTF_8));
                int size = 20 << 20;
                s3.put("big", TestData.stream(size, 7), size);
                try (InputStream in = s3.getStream("big")) {
                    assertEquals(TestData.sha256(size, 7), TestData.sha256(in));
                }
                assertEquals(List.of("big", "job_1/checkpoints/0000000001/source_1/0"), s3.list(""));
                assertEquals(1, s3.deletePrefix("job_1/"));
                s3.delete("big");
                assertEquals(List.of(), s3.list(""));
            }
            try (ObjectStore file = provider.open(provider.defaultUrl())) {
                file.put("k", new byte[] {1, 2});
                assertEquals(2, file.get("k").length);
            }
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    @Test
    void theDefaultCredentialsChainWorksInsideOsgi() throws Exception {
        String defaultUrl = dir.resolve("chain").toUri().toString();
        configure(Map.of("storage.url", defaultUrl, "storage.s3.endpoint", server.endpoint));
        StorageProvider provider = providerWithDefault(defaultUrl);
        System.setProperty("aws.accessKeyId", S3ProxyServer.ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", server.secretKey);
        try (ObjectStore s3 = provider.open("s3://osgi-bucket/chain")) {
            s3.put("k", "via the default chain".getBytes(UTF_8));
            assertEquals("via the default chain", new String(s3.get("k"), UTF_8));
            s3.delete("k");
        } finally {
            System.clearProperty("aws.accessKeyId");
            System.clearProperty("aws.secretAccessKey");
        }
    }
}
