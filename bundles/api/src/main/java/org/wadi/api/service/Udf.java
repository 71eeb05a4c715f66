package org.wadi.api.service;

/**
 * A user-defined function as Arroyo sends it with a pipeline.
 *
 * @param definition its source text
 */
public record Udf(String definition) {
}
