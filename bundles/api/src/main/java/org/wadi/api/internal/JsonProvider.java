package org.wadi.api.internal;

import com.fasterxml.jackson.jaxrs.json.JacksonJsonProvider;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.ext.MessageBodyReader;
import javax.ws.rs.ext.MessageBodyWriter;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsMediaType;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;

/**
 * JSON for the API's application, with {@link ApiJson}'s configuration. Registered on our
 * application only, so that the whiteboard's other applications keep their own JSON handling (the
 * whiteboard's optional Jackson feature pins an older Jackson; this uses the one CXF installs).
 */
@Component(service = {MessageBodyReader.class, MessageBodyWriter.class, ApiPart.class})
@ApiExtension
@JaxrsName("wadi.api.json")
@JaxrsMediaType(MediaType.APPLICATION_JSON)
@JaxrsApplicationSelect(ApiApplication.SELECT)
// the reader and writer are declared here again: CXF reads a provider's type parameters from the first
// class up its hierarchy that declares interfaces, and ApiPart alone would hide Jackson's
public class JsonProvider extends JacksonJsonProvider
        implements MessageBodyReader<Object>, MessageBodyWriter<Object>, ApiPart {

    public JsonProvider() {
        super(ApiJson.newMapper());
    }
}
