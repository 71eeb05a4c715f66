package org.wadi.api.internal;

import com.fasterxml.jackson.jaxrs.json.JacksonJsonProvider;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.ext.MessageBodyReader;
import javax.ws.rs.ext.MessageBodyWriter;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtension;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsMediaType;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;

/**
 * JSON for the API's application, with {@link ApiJson}'s configuration. Registered on our
 * application only, so that the whiteboard's other applications keep their own JSON handling (the
 * whiteboard's optional Jackson feature pins an older Jackson; this uses the one CXF installs).
 */
@Component(service = {MessageBodyReader.class, MessageBodyWriter.class})
@JaxrsExtension
@JaxrsName("wadi.api.json")
@JaxrsMediaType(MediaType.APPLICATION_JSON)
@JaxrsApplicationSelect(ApiApplication.SELECT)
public class JsonProvider extends JacksonJsonProvider {

    public JsonProvider() {
        super(ApiJson.newMapper());
    }
}
