package org.wadi.api.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import javax.ws.rs.core.Response;
import javax.ws.rs.ext.ExceptionMapper;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;

/** A request body that is not valid JSON or does not fit the expected shape: 400 with what and where. */
@Component(service = {ExceptionMapper.class, ApiPart.class})
@ApiExtension
@JaxrsName("wadi.api.errors.json")
@JaxrsApplicationSelect(ApiApplication.SELECT)
public class JsonExceptionMapper implements ExceptionMapper<JsonProcessingException>, ApiPart {

    @Override
    public Response toResponse(JsonProcessingException e) {
        Response r = Errors.forCallerError(e);
        return r != null ? r : Errors.response(400, Errors.describe(e));
    }
}
