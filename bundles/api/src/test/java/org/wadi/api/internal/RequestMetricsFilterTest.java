package org.wadi.api.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerResponseContext;
import javax.ws.rs.core.UriInfo;
import org.junit.jupiter.api.Test;
import org.wadi.controller.ServerMetrics;

/** Every request is counted with its method, route template and status, and timed. */
class RequestMetricsFilterTest {

    record Recorded(String method, String route, int status, long nanos) {
    }

    private final List<Recorded> recorded = new ArrayList<>();
    private final ServerMetrics metrics = new ServerMetrics() {
        @Override
        public void apiRequest(String method, String route, int status, long nanos) {
            recorded.add(new Recorded(method, route, status, nanos));
        }

        @Override
        public void writeText(OutputStream out) {
            throw new UnsupportedOperationException();
        }
    };
    private final RequestMetricsFilter filter = new RequestMetricsFilter(metrics, Routes.of(OpenApiDocument.RESOURCES));

    /** A request context with a method, a path and properties; nothing else is used. */
    private static ContainerRequestContext request(String method, String path) {
        Map<String, Object> properties = new HashMap<>();
        UriInfo uri = (UriInfo) Proxy.newProxyInstance(UriInfo.class.getClassLoader(), new Class<?>[] {UriInfo.class},
                (p, m, args) -> switch (m.getName()) {
                    case "getPath" -> path;
                    default -> throw new UnsupportedOperationException(m.getName());
                });
        return (ContainerRequestContext) Proxy.newProxyInstance(ContainerRequestContext.class.getClassLoader(),
                new Class<?>[] {ContainerRequestContext.class}, (p, m, args) -> switch (m.getName()) {
                    case "getMethod" -> method;
                    case "getUriInfo" -> uri;
                    case "setProperty" -> properties.put((String) args[0], args[1]);
                    case "getProperty" -> properties.get((String) args[0]);
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    private static ContainerResponseContext response(int status) {
        return (ContainerResponseContext) Proxy.newProxyInstance(ContainerResponseContext.class.getClassLoader(),
                new Class<?>[] {ContainerResponseContext.class}, (p, m, args) -> switch (m.getName()) {
                    case "getStatus" -> status;
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    @Test
    void aRequestIsCountedByItsRouteTemplateAndTimed() {
        ContainerRequestContext r = request("GET", "pipelines/pl_1/jobs/job_2/errors");
        filter.filter(r);
        filter.filter(r, response(404));

        assertEquals(1, recorded.size());
        Recorded one = recorded.get(0);
        assertEquals("GET", one.method());
        assertEquals("/api/v1/pipelines/{id}/jobs/{job_id}/errors", one.route());
        assertEquals(404, one.status());
        assertTrue(one.nanos() >= 0, "timed: " + one);
    }

    @Test
    void withoutTheServersMetricsYetRequestsPassUncounted() {
        // the filter is registered before the controller's metrics exist: no rebuild of the API later
        RequestMetricsFilter early = new RequestMetricsFilter();
        ContainerRequestContext r = request("GET", "pipelines");
        early.filter(r);
        early.filter(r, response(200));
        assertTrue(recorded.isEmpty(), recorded.toString());
        // bound when the metrics come up: counted from then on
        early.metrics = metrics;
        early.filter(r);
        early.filter(r, response(200));
        assertEquals(1, recorded.size(), recorded.toString());
    }

    @Test
    void aResponseWithoutItsRequestFilterIsCountedWithoutATime() {
        filter.filter(request("POST", "nowhere"), response(404));
        assertEquals(new Recorded("POST", null, 404, -1), recorded.get(0));
    }
}
