package org.wadi.scheduler.kubernetes.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Pod;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
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
import org.wadi.formats.testing.OsgiTesting;
import org.wadi.spi.scheduler.PluginBundle;
import org.wadi.spi.scheduler.Scheduler;
import org.wadi.spi.scheduler.WorkerHandle;
import org.wadi.spi.scheduler.WorkerRequest;

/**
 * The built bundle in a plain Felix framework with SCR and Config Admin: it resolves with the
 * embedded fabric8 client (JDK HTTP client, Jackson 3) and exports nothing; configured through
 * Config Admin to talk to the mock API server, its {@code kubernetes} scheduler service creates,
 * reports and deletes pods from a thread whose context class loader sees nothing. The worker
 * bundle set is a bundle installed in this framework (SCR), found by symbolic name.
 */
class KubernetesBundleIT {

    static final String NS = "wadi-osgi";

    @TempDir
    static Path dir;
    static Framework framework;
    static Bundle bundle;
    static MockKubernetes k8s;

    @BeforeAll
    static void start() throws Exception {
        k8s = new MockKubernetes();
        framework = new FrameworkFactory().newFramework(Map.of(
                Constants.FRAMEWORK_STORAGE, dir.resolve("felix").toString(),
                Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT,
                Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, OsgiTesting.exportsOf(
                        List.of("org.wadi.spi.scheduler.Scheduler", "org.slf4j.Logger"), Set.of())));
        framework.start();
        BundleContext context = framework.getBundleContext();
        List<Bundle> bundles = new ArrayList<>();
        for (String file : System.getProperty("osgi.bundles").split(",")) {
            bundles.add(context.installBundle(Path.of(file).toUri().toString()));
        }
        bundle = context.installBundle(Path.of(System.getProperty("scheduler.bundle")).toUri().toString());
        bundles.add(bundle);
        for (Bundle b : bundles) {
            b.start();
        }
        Hashtable<String, Object> config = new Hashtable<>();
        config.put("kubernetes.master", k8s.url());
        config.put("kubernetes.namespace", NS);
        config.put("kubernetes.worker.image", "registry.example/wadi:osgi");
        config.put("kubernetes.worker.bundles", "org.apache.felix.scr");
        configure("org.wadi.scheduler.kubernetes", config);
    }

    @AfterAll
    static void stop() throws Exception {
        if (framework != null) {
            framework.stop();
            framework.waitForStop(10_000);
        }
        if (k8s != null) {
            k8s.close();
        }
    }

    /** Sets a configuration through Config Admin, by reflection: its types are the framework's own. */
    static void configure(String pid, Dictionary<String, Object> properties) throws Exception {
        BundleContext context = framework.getBundleContext();
        var refs = context.getAllServiceReferences("org.osgi.service.cm.ConfigurationAdmin", null);
        assertNotNull(refs, "no Config Admin service");
        Object admin = context.getService(refs[0]);
        Method getConfiguration = admin.getClass().getMethod("getConfiguration", String.class, String.class);
        getConfiguration.setAccessible(true);
        Object configuration = getConfiguration.invoke(admin, pid, null);
        Method update = configuration.getClass().getMethod("update", Dictionary.class);
        update.setAccessible(true);
        update.invoke(configuration, properties);
    }

    /** The scheduler service once it has taken the configuration (it reports the mock server's namespace). */
    static Scheduler scheduler() throws Exception {
        BundleContext context = framework.getBundleContext();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            var refs = context.getServiceReferences(Scheduler.class, "(" + Scheduler.NAME_PROPERTY + "=kubernetes)");
            for (ServiceReference<Scheduler> ref : refs) {
                Scheduler s = context.getService(ref);
                if (s != null && NS.equals(s.getClass().getMethod("namespace").invoke(s))) {
                    return s;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no configured 'kubernetes' scheduler service within 30 s");
            }
            Thread.sleep(50);
        }
    }

    @Test
    void resolvesWithTheEmbeddedClientAndExportsNothing() throws Exception {
        assertEquals(Bundle.ACTIVE, bundle.getState());
        assertNull(bundle.getHeaders().get(Constants.EXPORT_PACKAGE), "exports nothing");
        String classPath = bundle.getHeaders().get(Constants.BUNDLE_CLASSPATH);
        assertTrue(classPath.contains("kubernetes-client-8") && classPath.contains("kubernetes-httpclient-jdk"), classPath);
        assertEquals(bundle, FrameworkUtil.getBundle(scheduler().getClass()));
    }

    @Test
    void createsReportsAndDeletesPodsInsideOsgi() throws Exception {
        Scheduler scheduler = scheduler();
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        try (URLClassLoader empty = new URLClassLoader(new URL[0], null)) {
            thread.setContextClassLoader(empty);
            scheduler.startWorkers(new WorkerRequest("job_osgi", 7, "wadi:5116", 2, 2,
                    List.of(new PluginBundle("wadi-connector-impulse", "0.1.0", "mvn:org.wadi/wadi-connector-impulse/0.1.0")),
                    Map.of(), List.of(), Map.of("labels", Map.of("tier", "osgi"))));
            List<WorkerHandle> workers = scheduler.workers("job_osgi");
            assertEquals(2, workers.size());
            assertTrue(workers.stream().allMatch(w -> w.alive() && w.runId() == 7), workers.toString());

            List<Pod> pods = k8s.client.pods().inNamespace(NS).withLabel(WorkerPods.JOB_LABEL, "job_osgi").list().getItems();
            assertEquals(2, pods.size());
            Pod pod = pods.get(0);
            assertEquals("registry.example/wadi:osgi", pod.getSpec().getContainers().get(0).getImage());
            assertEquals("osgi", pod.getMetadata().getLabels().get("tier"));
            String bundles = pod.getSpec().getContainers().get(0).getEnv().stream()
                    .filter(e -> e.getName().equals(WorkerPods.BUNDLES_ENV)).findFirst().orElseThrow().getValue();
            Bundle scr = List.of(framework.getBundleContext().getBundles()).stream()
                    .filter(b -> "org.apache.felix.scr".equals(b.getSymbolicName())).findFirst().orElseThrow();
            assertEquals(scr.getLocation() + "\nmvn:org.wadi/wadi-connector-impulse/0.1.0", bundles);

            scheduler.stopWorkers("job_osgi", -1, true);
            assertTrue(k8s.client.pods().inNamespace(NS).withLabel(WorkerPods.JOB_LABEL, "job_osgi").list().getItems()
                    .isEmpty());
            assertTrue(scheduler.workers("job_osgi").isEmpty());
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
