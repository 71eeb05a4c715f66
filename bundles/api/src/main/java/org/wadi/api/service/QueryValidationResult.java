package org.wadi.api.service;

import java.util.List;

/**
 * The answer of {@code validate_query} (Arroyo's {@code QueryValidationResult}, plus where each
 * problem is).
 *
 * @param graph the graph, or {@code null} when the query is not valid
 * @param errors what is wrong, each message ending with its line and column (empty when valid)
 * @param diagnostics the same problems with their spans, for editors
 */
public record QueryValidationResult(PipelineGraph graph, List<String> errors, List<QueryDiagnostic> diagnostics) {

    public QueryValidationResult {
        errors = List.copyOf(errors);
        diagnostics = List.copyOf(diagnostics);
    }
}
