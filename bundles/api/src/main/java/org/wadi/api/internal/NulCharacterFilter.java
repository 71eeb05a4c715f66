package org.wadi.api.internal;

import java.util.List;
import java.util.Map;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.container.PreMatching;
import javax.ws.rs.core.UriInfo;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;

/**
 * Refuses a path or query parameter holding the NUL character ({@code %00}) with 400 before any
 * resource sees it: no id, name or cursor can hold one, and PostgreSQL refuses it in text, which
 * would otherwise surface as an internal error. (Request bodies are checked as they are read: see
 * {@link ApiJson}.)
 */
@Component(service = {ContainerRequestFilter.class, ApiPart.class})
@ApiExtension
@JaxrsName("wadi.api.nul-character")
@JaxrsApplicationSelect(ApiApplication.SELECT)
@PreMatching
public class NulCharacterFilter implements ContainerRequestFilter, ApiPart {

    @Override
    public void filter(ContainerRequestContext request) {
        String problem = problem(request.getUriInfo());
        if (problem != null) {
            request.abortWith(Errors.response(400, problem));
        }
    }

    /** What is wrong with the request's path or query, or {@code null}. */
    static String problem(UriInfo uri) {
        if (uri.getPath(true).indexOf('\0') >= 0) {
            return "the request path must not contain the NUL character (%00)";
        }
        for (Map.Entry<String, List<String>> e : uri.getQueryParameters(true).entrySet()) {
            if (e.getKey().indexOf('\0') >= 0) {
                return "query parameter names must not contain the NUL character (%00)";
            }
            for (String value : e.getValue()) {
                if (value.indexOf('\0') >= 0) {
                    return "query parameter '" + e.getKey() + "' must not contain the NUL character (%00)";
                }
            }
        }
        return null;
    }
}
