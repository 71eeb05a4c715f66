package org.wadi.api.internal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The one JSON configuration of the API, used by its message body provider, the output stream and
 * the tests. Field names are snake_case, as in Arroyo's current API ({@code checkpoint_interval_micros},
 * {@code created_at}), except where a DTO names a field explicitly (the pagination flag
 * {@code hasMore}); request bodies also accept the camelCase spellings of older Arroyo clients.
 * {@code null}s are written (Jackson's default inclusion), as Arroyo writes them.
 */
public final class ApiJson {

    private ApiJson() {
    }

    public static ObjectMapper newMapper() {
        return JsonMapper.builder()
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                // Arroyo's clients send fields we do not model; ignoring them keeps those clients working
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                // strict scalars, as Arroyo's: "parallelism": "4" or 1.5 is an error, not a guess
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .build();
    }
}
