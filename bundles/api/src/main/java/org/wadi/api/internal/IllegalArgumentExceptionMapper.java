package org.wadi.api.internal;

import javax.ws.rs.core.Response;
import javax.ws.rs.ext.ExceptionMapper;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;

/** A value refused by a contract type (e.g. an unknown stop mode in a path or query): 400 with its message. */
@Component(service = {ExceptionMapper.class, ApiPart.class})
@ApiExtension
@JaxrsName("wadi.api.errors.argument")
@JaxrsApplicationSelect(ApiApplication.SELECT)
public class IllegalArgumentExceptionMapper implements ExceptionMapper<IllegalArgumentException>, ApiPart {

    @Override
    public Response toResponse(IllegalArgumentException e) {
        return Errors.response(400, e.getMessage() == null ? "bad request" : e.getMessage());
    }
}
