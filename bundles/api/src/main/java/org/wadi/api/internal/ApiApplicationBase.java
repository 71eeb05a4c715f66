package org.wadi.api.internal;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * Marks the {@link ApiPart} that {@link ApiPublisher} publishes as a JAX-RS application at this base
 * ({@code osgi.jaxrs.application.base}): the component's property {@code wadi.api.application.base}.
 */
@ComponentPropertyType
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface ApiApplicationBase {

    /** The property's prefix: the name is {@code wadi.api.application.base}. */
    String PREFIX_ = "wadi.";

    /** The application's base path. */
    String value();
}
