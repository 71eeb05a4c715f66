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
 * Anything else: a caller's error wrapped in something unexpected still gets its status; the rest
 * is logged once, here, and answered 500 {@code {"error": "internal error"}} without details.
 * JAX-RS's own errors and refused arguments get the answers of their own mappers here too: while
 * the whiteboard builds or rebuilds the application, this may be the only mapper there is.
 */
@Component(service = {ExceptionMapper.class, ApiPart.class})
@ApiExtension
@JaxrsName("wadi.api.errors.internal")
@JaxrsApplicationSelect(ApiApplication.SELECT)
public class CatchAllExceptionMapper implements ExceptionMapper<Throwable>, ApiPart {

    private static final Logger LOG = LoggerFactory.getLogger(CatchAllExceptionMapper.class);

    @Override
    public Response toResponse(Throwable t) {
        Response callerError = Errors.forCallerError(t);
        if (callerError != null) {
            return callerError;
        }
        if (t instanceof WebApplicationException w) {
            return new WebApplicationExceptionMapper().toResponse(w);
        }
        if (t instanceof IllegalArgumentException e) {
            return new IllegalArgumentExceptionMapper().toResponse(e);
        }
        LOG.error("REST request failed", t);
        return Errors.response(500, Errors.INTERNAL);
    }
}
