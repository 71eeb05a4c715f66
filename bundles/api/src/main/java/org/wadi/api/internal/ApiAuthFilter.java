package org.wadi.api.internal;

import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.container.ContainerResponseContext;
import javax.ws.rs.container.ContainerResponseFilter;
import javax.ws.rs.container.PreMatching;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;

/**
 * Authenticates every request of the REST API before anything matches it (so unknown paths are
 * refused alike), through the {@link Authenticator}, and answers CORS preflights of allowed
 * origins. The application requires this extension ({@link ApiApplication}), so the API is never
 * served without it.
 */
@Component(service = {ContainerRequestFilter.class, ContainerResponseFilter.class, ApiPart.class})
@ApiExtension
@JaxrsName(ApiAuthFilter.NAME)
@JaxrsApplicationSelect(ApiApplication.SELECT)
@PreMatching
public class ApiAuthFilter implements ContainerRequestFilter, ContainerResponseFilter, ApiPart {

    static final String NAME = "wadi.api.auth";

    private final Authenticator authenticator;

    /** The servlet request under way (a proxy to the current thread's request). */
    @Context
    HttpServletRequest servletRequest;

    @Activate
    public ApiAuthFilter(@Reference Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String origin = request.getHeaderString("Origin");
        if (authenticator.allowedOrigin(origin) && "OPTIONS".equals(request.getMethod())
                && request.getHeaderString("Access-Control-Request-Method") != null) {
            request.abortWith(Response.noContent()
                    .header("Access-Control-Allow-Origin", authenticator.allowOriginHeader(origin))
                    .header("Vary", "Origin")
                    .header("Access-Control-Allow-Methods", "GET, POST, PUT, PATCH, DELETE, OPTIONS")
                    .header("Access-Control-Allow-Headers", "Authorization, Content-Type, Accept")
                    .header("Access-Control-Max-Age", "600")
                    .build());
            return;
        }
        Object certs = servletRequest.getAttribute(Authenticator.CERTIFICATES);
        Authenticator.Decision d = authenticator.decide(Authenticator.path(servletRequest),
                servletRequest.getRemoteAddr(), request.getHeaderString(HttpHeaders.AUTHORIZATION),
                certs instanceof Object[] a && a.length > 0);
        if (!d.passes()) {
            Response.ResponseBuilder r = Response.status(d.status()).type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(new ErrorBody(d.error()));
            if (d.status() == 401) {
                r.header(HttpHeaders.WWW_AUTHENTICATE, authenticator.challenge());
            }
            request.abortWith(r.build());
        }
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        String origin = request.getHeaderString("Origin");
        if (authenticator.allowedOrigin(origin)) {
            response.getHeaders().putSingle("Access-Control-Allow-Origin", authenticator.allowOriginHeader(origin));
            response.getHeaders().add("Vary", "Origin");
        }
    }
}
