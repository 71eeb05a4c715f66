package org.wadi.sql.internal;

import org.apache.calcite.sql.parser.SqlParserPos;

/** Something valid SQL that Wadi cannot plan yet, or cannot represent; becomes one diagnostic. */
final class UnsupportedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient SqlParserPos pos;

    UnsupportedException(String message) {
        this(message, null);
    }

    UnsupportedException(String message, SqlParserPos pos) {
        super(message, null, false, false);
        this.pos = pos;
    }

    /** Where, or {@code null} when the caller should use the statement's position. */
    SqlParserPos pos() {
        return pos;
    }
}
