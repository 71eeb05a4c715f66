package org.wadi.api.service;

/**
 * The body of {@code POST /api/v1/udfs/validate} (Arroyo's {@code ValidateUdfPost}).
 *
 * @param definition the source
 * @param language {@code java}
 */
public record ValidateUdfPost(String definition, String language) {
}
