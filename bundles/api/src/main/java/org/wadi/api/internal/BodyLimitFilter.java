package org.wadi.api.internal;

import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.container.PreMatching;
import javax.ws.rs.core.HttpHeaders;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;

/**
 * Refuses request bodies over {@code api.max.body.bytes} with 413 before anything parses them: at
 * once when the Content-Length says so, else while a chunked body is read.
 */
@Component(service = {ContainerRequestFilter.class, ApiPart.class}, configurationPid = ApiConfig.PID)
@ApiExtension
@JaxrsName("wadi.api.body-limit")
@JaxrsApplicationSelect(ApiApplication.SELECT)
@PreMatching
public class BodyLimitFilter implements ContainerRequestFilter, ApiPart {

    private final long limit;

    @Activate
    public BodyLimitFilter(ApiConfig config) {
        this(ApiSettings.from(config, System.getenv()).maxBodyBytes());
    }

    public BodyLimitFilter(long limit) {
        this.limit = limit;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String length = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (length != null && !length.isBlank()) {
            long declared;
            try {
                declared = Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                request.abortWith(Errors.response(400, "invalid Content-Length header '" + length + "'"));
                return;
            }
            if (declared > limit) {
                request.abortWith(Errors.response(413, PayloadTooLargeException.message(limit)));
                return;
            }
        }
        if (request.getEntityStream() != null) {
            request.setEntityStream(new BoundedInputStream(request.getEntityStream(), limit));
        }
    }
}
