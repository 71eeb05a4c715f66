package org.wadi.api.internal;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * Marks an {@link ApiPart} that {@link ApiPublisher} publishes as a JAX-RS resource
 * ({@code osgi.jaxrs.resource=true}): the component's property {@code wadi.api.resource=true}.
 */
@ComponentPropertyType
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface ApiResource {

    /** The property's prefix: the name is {@code wadi.api.resource}. */
    String PREFIX_ = "wadi.";
}
