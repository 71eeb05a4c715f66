package org.wadi.api.internal;

import javax.ws.rs.core.Application;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtensionSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;

/**
 * The JAX-RS application that serves everything under {@value #BASE} on the JAX-RS whiteboard. Its
 * resources and extensions are separate DS components that select it with {@value #SELECT}, so
 * they come and go with their bundles and their references.
 */
@Component(service = {Application.class, ApiPart.class})
@ApiApplicationBase(ApiApplication.BASE)
@JaxrsName(ApiApplication.NAME)
// never served without authentication
@JaxrsExtensionSelect("(osgi.jaxrs.name=" + ApiAuthFilter.NAME + ")")
public class ApiApplication extends Application implements ApiPart {

    public static final String BASE = "/api/v1";
    public static final String NAME = "wadi.api";
    public static final String SELECT = "(osgi.jaxrs.name=" + NAME + ")";
}
