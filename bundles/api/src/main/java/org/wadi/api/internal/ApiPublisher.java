package org.wadi.api.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.jaxrs.runtime.JaxrsServiceRuntime;
import org.osgi.service.jaxrs.runtime.JaxrsServiceRuntimeConstants;
import org.osgi.service.jaxrs.whiteboard.JaxrsWhiteboardConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts the REST API's {@linkplain ApiPart parts} on the JAX-RS whiteboard, one at a time from one
 * thread, and only once the whiteboard has started.
 *
 * <p>Why not let each part be a whiteboard service itself, as usual: the Aries whiteboard keeps its
 * services per name in a plain {@code HashMap} that every service event reaches on the thread that
 * fired it. Our parts come up on several threads at once (the start level's, Configuration Admin's,
 * the HTTP service's while it starts the whiteboard and scans what is already registered); two events
 * at once corrupt that map ({@code ConcurrentModificationException}), and a server restarted from its
 * cache came up without its API about once in five starts. Here the parts register as plain services,
 * this component waits for the whiteboard's runtime to announce its endpoint (set after its first
 * scan), and re-registers each part with the whiteboard's properties from its single thread, in the
 * order the parts arrived — so the ping resource, which waits for all the others, still comes last.
 */
@Component
public class ApiPublisher {

    private static final Logger LOG = LoggerFactory.getLogger(ApiPublisher.class);

    /** The whiteboard properties a part's marker properties become. */
    private static final Map<String, String> MARKERS = Map.of(
            "wadi.api.resource", JaxrsWhiteboardConstants.JAX_RS_RESOURCE,
            "wadi.api.extension", JaxrsWhiteboardConstants.JAX_RS_EXTENSION,
            "wadi.api.application.base", JaxrsWhiteboardConstants.JAX_RS_APPLICATION_BASE);

    private final BundleContext context;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "wadi-api-publisher");
        t.setDaemon(true);
        return t;
    });
    /** The whiteboard registration of each part; touched on {@link #thread} only. */
    private final Map<ApiPart, ServiceRegistration<?>> published = new IdentityHashMap<>();

    /**
     * @param context the bundle the whiteboard services are registered for
     * @param runtime the whiteboard's runtime, once it serves an endpoint (after its first scan)
     */
    @Activate
    public ApiPublisher(BundleContext context,
            @Reference(target = "(" + JaxrsServiceRuntimeConstants.JAX_RS_SERVICE_ENDPOINT + "=*)")
            JaxrsServiceRuntime runtime) {
        this.context = context;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addPart(ApiPart part, Map<String, Object> properties) {
        String[] types = publishedTypes(properties);
        Dictionary<String, Object> whiteboard = whiteboardProperties(properties);
        thread.execute(() -> {
            if (published.containsKey(part)) {
                return;
            }
            try {
                published.put(part, context.registerService(types, part, whiteboard));
            } catch (RuntimeException e) {
                LOG.error("Could not put {} on the JAX-RS whiteboard", part.getClass().getName(), e);
            }
        });
    }

    void removePart(ApiPart part) {
        thread.execute(() -> withdraw(part));
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        thread.execute(() -> new ArrayList<>(published.keySet()).forEach(this::withdraw));
        thread.shutdown();
        if (!thread.awaitTermination(30, TimeUnit.SECONDS)) {
            LOG.warn("The REST API's parts were not all withdrawn from the JAX-RS whiteboard within 30 s");
        }
    }

    private void withdraw(ApiPart part) {
        ServiceRegistration<?> registration = published.remove(part);
        if (registration == null) {
            return;
        }
        try {
            registration.unregister();
        } catch (IllegalStateException alreadyGone) {
            // the bundle is stopping and the framework unregistered it first
        }
    }

    /**
     * The part's service types without {@link ApiPart}: the whiteboard reads extensions' types, and
     * CXF a resource's. Other components find a resource part by {@link ApiPart#RESOURCE}, which the
     * copy does not carry.
     */
    static String[] publishedTypes(Map<String, Object> properties) {
        Object objectClass = properties.get(Constants.OBJECTCLASS);
        List<String> types = new ArrayList<>(objectClass instanceof String[] names
                ? Arrays.asList(names) : List.of(String.valueOf(objectClass)));
        types.remove(ApiPart.class.getName());
        if (types.isEmpty()) {
            types.add(Object.class.getName());
        }
        return types.toArray(String[]::new);
    }

    /** The part's {@code osgi.jaxrs.*} properties and ranking, plus what its markers stand for. */
    static Dictionary<String, Object> whiteboardProperties(Map<String, Object> properties) {
        Dictionary<String, Object> result = new Hashtable<>();
        properties.forEach((key, value) -> {
            if (key.startsWith("osgi.jaxrs.") || key.equals(Constants.SERVICE_RANKING)) {
                result.put(key, value);
            }
        });
        MARKERS.forEach((marker, property) -> {
            Object value = properties.get(marker);
            if (value != null) {
                result.put(property, value);
            }
        });
        if (result.get(JaxrsWhiteboardConstants.JAX_RS_RESOURCE) == null
                && result.get(JaxrsWhiteboardConstants.JAX_RS_EXTENSION) == null
                && result.get(JaxrsWhiteboardConstants.JAX_RS_APPLICATION_BASE) == null) {
            throw new IllegalArgumentException("API part " + properties.get("component.name")
                    + " has none of @ApiResource, @ApiExtension, @ApiApplicationBase");
        }
        return result;
    }
}
