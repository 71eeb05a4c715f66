package org.wadi.api.service;

import java.util.Map;

/**
 * The body of {@code POST /api/v1/connection_tables} and {@code …/test}, as Arroyo's
 * {@code ConnectionTablePost}.
 *
 * @param name a name no other saved table has (letters, digits and underscores, not starting with a digit)
 * @param connector the connector that reads or writes it
 * @param connectionProfileId the profile whose options it uses, or {@code null}
 * @param config its options: a JSON object of strings, numbers and booleans
 * @param schema its schema, or {@code null} when the connector gives the columns
 */
public record ConnectionTablePost(String name, String connector, String connectionProfileId,
        Map<String, Object> config, ConnectionSchema schema) {
}
