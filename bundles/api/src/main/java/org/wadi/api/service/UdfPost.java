package org.wadi.api.service;

/**
 * The body of {@code POST /api/v1/udfs} (Arroyo's {@code UdfPost}).
 *
 * @param prefix Arroyo's grouping prefix, or {@code null}
 * @param language {@code java}
 * @param definition the Java source: one public class with one public static method, the function
 * @param description what it does, or {@code null}
 */
public record UdfPost(String prefix, String language, String definition, String description) {
}
