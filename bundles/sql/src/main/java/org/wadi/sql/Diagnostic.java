package org.wadi.sql;

/**
 * One problem in a query.
 *
 * @param message what is wrong, for users
 * @param span where: 1-based lines and columns, end inclusive; {@code null} when it concerns the whole query
 */
public record Diagnostic(String message, Span span) {

    /** A range in the query text. */
    public record Span(Position start, Position end) {
    }

    /** A 1-based line and column. */
    public record Position(int line, int column) {
    }
}
