package org.wadi.api.service;

import java.util.List;

/**
 * The body of {@code POST /api/v1/pipelines/validate_query} (Arroyo's {@code ValidateQueryPost}).
 *
 * @param query the SQL
 * @param udfs UDF definitions (not supported yet: must be absent or empty)
 */
public record ValidateQueryPost(String query, List<Udf> udfs) {

    public ValidateQueryPost(String query) {
        this(query, null);
    }
}
