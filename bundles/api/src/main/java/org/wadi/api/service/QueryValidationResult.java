package org.wadi.api.service;

import java.util.List;

/**
 * The answer of {@code validate_query} (Arroyo's {@code QueryValidationResult}, each problem with
 * where it is, for editors).
 *
 * @param graph the graph, or {@code null} when the query is not valid
 * @param errors every problem, with its span (empty when valid)
 */
public record QueryValidationResult(PipelineGraph graph, List<QueryDiagnostic> errors) {

    public QueryValidationResult {
        errors = List.copyOf(errors);
    }
}
