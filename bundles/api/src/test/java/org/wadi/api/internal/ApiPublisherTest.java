package org.wadi.api.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.core.Application;
import org.apache.felix.framework.FrameworkFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceListener;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;

/**
 * {@link ApiPublisher} in a real OSGi service registry (Felix): parts that arrive on many threads at
 * once reach the whiteboard one at a time, in their order, with the whiteboard's properties, and are
 * withdrawn again. The listener here stands for the Aries whiteboard, whose service bookkeeping is not
 * thread-safe: it counts events that overlap.
 */
class ApiPublisherTest {

    private static final String WHITEBOARD_FILTER =
            "(|(osgi.jaxrs.resource=true)(osgi.jaxrs.extension=true)(osgi.jaxrs.application.base=*))";

    @TempDir
    Path storage;

    private Framework framework;
    private BundleContext context;
    private final AtomicInteger inside = new AtomicInteger();
    private final AtomicInteger overlaps = new AtomicInteger();
    private final List<ServiceReference<?>> registered = Collections.synchronizedList(new ArrayList<>());
    private final List<ServiceReference<?>> unregistered = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void start() throws Exception {
        framework = new FrameworkFactory().newFramework(Map.of(
                Constants.FRAMEWORK_STORAGE, storage.toString(),
                Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT,
                Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, "javax.ws.rs.core,javax.ws.rs.container"));
        framework.start();
        context = framework.getBundleContext();
        ServiceListener whiteboard = event -> {
            if (inside.incrementAndGet() > 1) {
                overlaps.incrementAndGet();
            }
            try {
                // the whiteboard's own work on each event: long enough for racing events to overlap
                for (long end = System.nanoTime() + 200_000; System.nanoTime() < end; ) {
                    Thread.onSpinWait();
                }
                if (event.getType() == ServiceEvent.REGISTERED) {
                    registered.add(event.getServiceReference());
                } else if (event.getType() == ServiceEvent.UNREGISTERING) {
                    unregistered.add(event.getServiceReference());
                }
            } finally {
                inside.decrementAndGet();
            }
        };
        context.addServiceListener(whiteboard, WHITEBOARD_FILTER);
    }

    @AfterEach
    void stop() throws Exception {
        framework.stop();
        framework.waitForStop(10_000);
    }

    @Test
    void partsArrivingOnManyThreadsReachTheWhiteboardOneAtATime() throws Exception {
        ApiPublisher publisher = new ApiPublisher(context, null);
        int parts = 64;
        List<Resource> resources = new ArrayList<>();
        for (int i = 0; i < parts; i++) {
            resources.add(new Resource());
        }
        ExecutorService threads = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        for (Resource resource : resources) {
            threads.execute(() -> {
                awaitQuietly(go);
                publisher.addPart(resource, resourceProperties());
            });
        }
        go.countDown();
        threads.shutdown();
        assertTrue(threads.awaitTermination(30, TimeUnit.SECONDS));
        awaitCount(registered, parts);

        assertEquals(0, overlaps.get(), "whiteboard events overlapped");
        assertEquals(parts, registered.size());
        ServiceReference<?> one = registered.get(0);
        assertEquals(Boolean.TRUE, one.getProperty("osgi.jaxrs.resource"));
        assertEquals(ApiApplication.SELECT, one.getProperty("osgi.jaxrs.application.select"));
        assertNull(one.getProperty("wadi.api.resource"));
        assertNull(one.getProperty("component.name"));
        // under the part's own type (CXF reads it), without the marker other components select parts by
        assertArrayEquals(new String[] {Resource.class.getName()}, (String[]) one.getProperty(Constants.OBJECTCLASS));
        assertTrue(context.createFilter(ApiPart.RESOURCE).match(one) == false);
        assertTrue(resources.contains(context.getService(one)));

        publisher.deactivate();
        assertEquals(parts, unregistered.size(), "deactivation withdraws every part before it returns");
        assertEquals(0, overlaps.get());
    }

    @Test
    void partsArePublishedInTheirOrderAndWithdrawnWhenTheyGo() throws Exception {
        ApiPublisher publisher = new ApiPublisher(context, null);
        Filter filter = new Filter();
        Resource ping = new Resource();

        Map<String, Object> applicationProperties = new HashMap<>(Map.of(
                "wadi.api.application.base", "/api/v1", "osgi.jaxrs.name", "wadi.api",
                Constants.OBJECTCLASS, new String[] {Application.class.getName(), ApiPart.class.getName()}));
        Map<String, Object> filterProperties = new HashMap<>(Map.of(
                "wadi.api.extension", true, "osgi.jaxrs.name", "wadi.api.auth", "service.ranking", 10,
                Constants.OBJECTCLASS, new String[] {ContainerRequestFilter.class.getName(), ApiPart.class.getName()}));
        publisher.addPart(new ApplicationPart(), applicationProperties);
        publisher.addPart(filter, filterProperties);
        publisher.addPart(ping, resourceProperties());
        awaitCount(registered, 3);

        ServiceReference<?> app = registered.get(0);
        assertEquals("/api/v1", app.getProperty("osgi.jaxrs.application.base"));
        assertArrayEquals(new String[] {Application.class.getName()}, (String[]) app.getProperty(Constants.OBJECTCLASS));
        ServiceReference<?> extension = registered.get(1);
        assertEquals(Boolean.TRUE, extension.getProperty("osgi.jaxrs.extension"));
        assertEquals(10, extension.getProperty("service.ranking"));
        assertArrayEquals(new String[] {ContainerRequestFilter.class.getName()},
                (String[]) extension.getProperty(Constants.OBJECTCLASS));
        assertTrue(registered.get(2).getProperty("osgi.jaxrs.resource") != null, "the last to arrive comes last");

        publisher.removePart(filter);
        awaitCount(unregistered, 1);
        assertEquals(extension, unregistered.get(0));
        publisher.deactivate();
        assertEquals(3, unregistered.size());
    }

    @Test
    void aPartWithoutAWhiteboardRoleIsRefusedByName() {
        Map<String, Object> properties = Map.of("component.name", "org.example.Nothing",
                Constants.OBJECTCLASS, new String[] {ApiPart.class.getName()});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ApiPublisher.whiteboardProperties(properties));
        assertTrue(e.getMessage().contains("org.example.Nothing"), e.getMessage());
    }

    private static Map<String, Object> resourceProperties() {
        return new HashMap<>(Map.of("wadi.api.resource", true,
                "osgi.jaxrs.application.select", ApiApplication.SELECT,
                "component.name", "org.wadi.api.internal.ApiPublisherTest$Resource",
                Constants.OBJECTCLASS, new String[] {Resource.class.getName(), ApiPart.class.getName()}));
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void awaitCount(List<?> list, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (list.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(count, list.size());
    }

    /** A resource part. */
    public static final class Resource implements ApiPart {
    }

    /** An extension part. */
    public static final class Filter implements ContainerRequestFilter, ApiPart {
        @Override
        public void filter(ContainerRequestContext request) {
        }
    }

    /** An application part. */
    public static final class ApplicationPart extends Application implements ApiPart {
    }
}
