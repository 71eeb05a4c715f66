package org.wadi.api.internal;

import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.container.ContainerResponseContext;
import javax.ws.rs.container.ContainerResponseFilter;
import javax.ws.rs.container.PreMatching;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;
import org.wadi.controller.ServerMetrics;

/**
 * Counts every request of the API in the server's metrics by method, route template and status,
 * and times it: from before matching (so that requests no route takes count too) until the
 * response is written out to the filters. The server's metrics are an optional, dynamic reference:
 * the filter is part of the API from its start, so that the metrics coming up later (with the
 * controller) does not make the JAX-RS whiteboard rebuild the application — during a rebuild
 * requests are answered 404.
 */
@Component(service = {ContainerRequestFilter.class, ContainerResponseFilter.class, ApiPart.class})
@ApiExtension
@JaxrsName("wadi.api.metrics")
@JaxrsApplicationSelect(ApiApplication.SELECT)
@PreMatching
public class RequestMetricsFilter implements ContainerRequestFilter, ContainerResponseFilter, ApiPart {

    static final String STARTED = RequestMetricsFilter.class.getName() + ".started";

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile ServerMetrics metrics;
    private final Routes routes;

    public RequestMetricsFilter() {
        this(null, Routes.of(OpenApiDocument.RESOURCES));
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
        ServerMetrics m = metrics;
        if (m == null) {
            return;
        }
        String route = routes.match(request.getUriInfo().getPath());
        m.apiRequest(request.getMethod(), route, response.getStatus(), nanos);
    }
}
