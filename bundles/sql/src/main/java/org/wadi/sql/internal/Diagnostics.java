package org.wadi.sql.internal;

import java.util.Collection;
import java.util.TreeSet;
import org.apache.calcite.runtime.CalciteContextException;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.wadi.sql.Diagnostic;
import org.wadi.sql.internal.parser.impl.ParseException;

/** Builds {@link Diagnostic}s from Calcite's positions and exceptions. */
final class Diagnostics {

    /** Above this many, the tokens the parser expected are not listed: the list would bury the message. */
    private static final int MAX_EXPECTED = 10;

    private Diagnostics() {
    }

    static Diagnostic at(String message, SqlParserPos pos) {
        return new Diagnostic(message, span(pos));
    }

    static Diagnostic.Span span(SqlParserPos pos) {
        if (pos == null || pos.getLineNum() <= 0) {
            return null;
        }
        int endLine = pos.getEndLineNum() > 0 ? pos.getEndLineNum() : pos.getLineNum();
        int endColumn = pos.getEndColumnNum() > 0 ? pos.getEndColumnNum() : pos.getColumnNum();
        return new Diagnostic.Span(new Diagnostic.Position(pos.getLineNum(), pos.getColumnNum()),
                new Diagnostic.Position(endLine, endColumn));
    }

    /**
     * A syntax error: the token at fault and, when the list is short, what the parser expected
     * there. A reserved word where a name was expected gets a hint to quote it.
     */
    static Diagnostic parse(SqlParseException e) {
        String found = null;
        if (e.getCause() instanceof ParseException cause && cause.currentToken != null
                && cause.currentToken.next != null) {
            found = cause.currentToken.next.kind == 0 ? "end of input" : "'" + cause.currentToken.next.image + "'";
        }
        StringBuilder text = new StringBuilder();
        if (found == null) {
            String message = e.getMessage() == null ? "" : e.getMessage();
            text.append("Syntax error: ").append(message.lines().findFirst().orElse("").trim()
                    .replaceFirst(" at line \\d+, column \\d+", ""));
        } else {
            text.append("Syntax error: unexpected ").append(found);
        }
        Collection<String> expected = e.getExpectedTokenNames();
        if (expected != null && !expected.isEmpty()) {
            TreeSet<String> tokens = new TreeSet<>();
            boolean identifier = false;
            for (String token : expected) {
                String t = token.trim();
                if (t.endsWith("IDENTIFIER>")) {
                    identifier = true;
                } else {
                    tokens.add(t);
                }
            }
            if (identifier) {
                tokens.add("a name");
            }
            if (tokens.size() <= MAX_EXPECTED) {
                text.append(". Expected ").append(tokens.size() == 1 ? "" : "one of: ")
                        .append(String.join(", ", tokens));
            }
            if (identifier && found != null && found.startsWith("'")
                    && found.substring(1, found.length() - 1).matches("[A-Za-z_]+")) {
                text.append(" (").append(found).append(" is a reserved word; to use it as a name, quote it: \"")
                        .append(found, 1, found.length() - 1).append("\")");
            }
        }
        return new Diagnostic(text.toString(), span(e.getPos()));
    }

    /** A validation error with its position. */
    static Diagnostic context(CalciteContextException e) {
        String message = e.getCause() != null && e.getCause().getMessage() != null
                ? e.getCause().getMessage() : e.getMessage();
        Diagnostic.Span span = e.getPosLine() > 0
                ? new Diagnostic.Span(new Diagnostic.Position(e.getPosLine(), e.getPosColumn()),
                        new Diagnostic.Position(e.getEndPosLine(), e.getEndPosColumn()))
                : null;
        return new Diagnostic(message, span);
    }
}
