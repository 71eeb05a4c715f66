package org.wadi.api.service;

import java.util.List;

/**
 * The answer of {@code POST /api/v1/udfs/validate} (Arroyo's {@code UdfValidationResult}).
 *
 * @param udfName the function's SQL name, or {@code null} when it could not be compiled
 * @param errors what is wrong, each with its line and column where the compiler says; empty when
 *     the function is valid
 */
public record UdfValidationResult(String udfName, List<String> errors) {

    public UdfValidationResult {
        errors = List.copyOf(errors);
    }
}
