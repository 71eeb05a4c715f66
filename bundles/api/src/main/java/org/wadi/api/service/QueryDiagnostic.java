package org.wadi.api.service;

/**
 * One problem in a query, with where it is.
 *
 * @param message what is wrong
 * @param span where, or {@code null} when it concerns the whole query
 */
public record QueryDiagnostic(String message, Span span) {

    /** A range of the query text; lines and columns are 1-based, the end inclusive. */
    public record Span(Position start, Position end) {
    }

    /** A 1-based line and column. */
    public record Position(int line, int column) {
    }
}
