package org.wadi.api.service;

import java.util.List;
import java.util.Map;

/**
 * The body of {@code GET /api/v1/connection_profiles/{id}/autocomplete}, as Arroyo's
 * {@code ConnectionAutocompleteResp}.
 *
 * @param values option key to the values the external system offers (Kafka's {@code topic} to its topics)
 */
public record ConnectionAutocompleteResp(Map<String, List<String>> values) {

    public ConnectionAutocompleteResp {
        values = values == null ? Map.of() : Map.copyOf(values);
    }
}
