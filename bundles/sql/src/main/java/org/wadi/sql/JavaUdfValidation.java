package org.wadi.sql;

import java.util.List;

/**
 * The outcome of checking a Java source function (Arroyo's {@code UdfValidationResult}).
 *
 * @param name the function's SQL name, or {@code null} when it could not be found
 * @param signature {@code name(TYPE, …) → TYPE}, or {@code null} with errors
 * @param errors what is wrong, each starting with {@code line L, column C: } where the compiler
 *     says; empty when the source is a valid function
 */
public record JavaUdfValidation(String name, String signature, List<String> errors) {

    public JavaUdfValidation {
        errors = List.copyOf(errors);
    }

    public boolean ok() {
        return errors.isEmpty();
    }
}
