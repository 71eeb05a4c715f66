package org.wadi.api.internal;

import javax.ws.rs.core.Response;
import javax.ws.rs.ext.ExceptionMapper;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;
import org.wadi.api.service.ApiException;

/** What the caller did wrong, as the pipeline service says it: its status and message. */
@Component(service = {ExceptionMapper.class, ApiPart.class})
@ApiExtension
@JaxrsName("wadi.api.errors.api")
@JaxrsApplicationSelect(ApiApplication.SELECT)
public class ApiExceptionMapper implements ExceptionMapper<ApiException>, ApiPart {

    @Override
    public Response toResponse(ApiException e) {
        return Errors.response(e.status(), e.getMessage());
    }
}
