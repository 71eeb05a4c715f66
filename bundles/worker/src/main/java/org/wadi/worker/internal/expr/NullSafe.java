package org.wadi.worker.internal.expr;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a library function that decides itself what a NULL argument means (it receives Java
 * {@code null}s; its parameters are reference types). Unmarked functions are strict: the generated
 * code never calls them with a NULL argument and yields NULL instead.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface NullSafe {
}
