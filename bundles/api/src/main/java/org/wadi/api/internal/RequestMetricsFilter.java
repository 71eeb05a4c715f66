package org.wadi.api.internal;

import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.container.ContainerResponseContext;
import javax.ws.rs.container.ContainerResponseFilter;
import javax.ws.rs.container.PreMatching;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtension;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;
import org.wadi.controller.ServerMetrics;

/**
 * Counts every request of the API in the server's metrics by method, route template and status,
 * and times it: from before matching (so that requests no route takes count too) until the
 * response is written out to the filters.
 */
@Component(service = {ContainerRequestFilter.class, ContainerResponseFilter.class})
@JaxrsExtension
@JaxrsName("wadi.api.metrics")
@JaxrsApplicationSelect(ApiApplication.SELECT)
@PreMatching
public class RequestMetricsFilter implements ContainerRequestFilter, ContainerResponseFilter {

    static final String STARTED = RequestMetricsFilter.class.getName() + ".started";

    private final ServerMetrics metrics;
    private final Routes routes;

    @Activate
    public RequestMetricsFilter(@Reference ServerMetrics metrics) {
        this(metrics, Routes.of(OpenApiDocument.RESOURCES));
    }

    RequestMetricsFilter(ServerMetrics metrics, Routes routes) {
        this.metrics = metrics;
        this.routes = routes;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        request.setProperty(STARTED, System.nanoTime());
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        Object started = request.getProperty(STARTED);
        long nanos = started instanceof Long t ? System.nanoTime() - t : -1;
        String route = routes.match(request.getUriInfo().getPath());
        metrics.apiRequest(request.getMethod(), route, response.getStatus(), nanos);
    }
}
