package org.wadi.api.internal;

/** Quoting for the SQL the server writes itself (the saved tables' definitions). */
final class Sql {

    private Sql() {
    }

    /** A double-quoted identifier. */
    static String identifier(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    /** A single-quoted string literal. */
    static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}
