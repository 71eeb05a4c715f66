package org.wadi.api.service;

import java.util.Map;

/**
 * The body of {@code POST /api/v1/connection_profiles} and {@code …/test}, as Arroyo's
 * {@code ConnectionProfilePost}.
 *
 * @param name a name no other profile has
 * @param connector the connector it is for
 * @param config its options: a JSON object of strings, numbers and booleans (nested objects give
 *     dotted keys, {@code {"sasl": {"password": "…"}}} is {@code sasl.password})
 */
public record ConnectionProfilePost(String name, String connector, Map<String, Object> config) {
}
