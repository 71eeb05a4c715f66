package org.wadi.api.internal;

import javax.ws.rs.WebApplicationException;
import javax.ws.rs.core.Response;
import javax.ws.rs.ext.ExceptionMapper;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JAX-RS's own errors (unknown path 404, wrong method 405, wrong media type 415/406, and CXF's 400
 * that wraps a body it could not read) as {@code {"error"}} with their status, the wrapped cause's
 * message where it is the caller's fault.
 */
@Component(service = {ExceptionMapper.class, ApiPart.class})
@ApiExtension
@JaxrsName("wadi.api.errors.jaxrs")
@JaxrsApplicationSelect(ApiApplication.SELECT)
public class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException>, ApiPart {

    private static final Logger LOG = LoggerFactory.getLogger(WebApplicationExceptionMapper.class);

    @Override
    public Response toResponse(WebApplicationException e) {
        Response callerError = Errors.forCallerError(e);
        if (callerError != null) {
            return callerError;
        }
        int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
        if (status >= 500) {
            LOG.error("REST request failed", e);
        }
        return Errors.response(status, Errors.forStatus(e));
    }
}
