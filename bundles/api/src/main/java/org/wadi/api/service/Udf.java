package org.wadi.api.service;

/**
 * A user-defined function as Arroyo sends it with a pipeline.
 *
 * @param language {@code java} (compiled by Wadi); Arroyo's {@code rust} (its default, also when
 *     absent) and {@code python} are refused with a message saying how to bring the function to Wadi
 * @param definition its source text
 */
public record Udf(String language, String definition) {

    /** A function in Arroyo's default language. */
    public Udf(String definition) {
        this(null, definition);
    }
}
