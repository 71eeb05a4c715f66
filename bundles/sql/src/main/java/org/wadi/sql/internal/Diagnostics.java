package org.wadi.sql.internal;

import java.util.Collection;
import java.util.TreeSet;
import org.apache.calcite.runtime.CalciteContextException;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.wadi.sql.Diagnostic;
import org.wadi.sql.internal.parser.impl.ParseException;
import java.util.regex.Pattern;
import java.util.regex.Matcher;

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
        return new Diagnostic(withoutJavaTypes(text.toString()), span(e.getPos()));
    }

    private static final Pattern JAVA_NUMBER = Pattern.compile(
            "can not be parsed to type 'java\\.lang\\.(Integer|Long|Short|Byte)'");

    /** Calcite's parser names the Java type a literal did not fit (a type's precision, say): say the limit. */
    private static String withoutJavaTypes(String message) {
        Matcher m = JAVA_NUMBER.matcher(message);
        if (!m.find()) {
            return message;
        }
        String max = switch (m.group(1)) {
            case "Long" -> Long.toString(Long.MAX_VALUE);
            case "Short" -> Short.toString(Short.MAX_VALUE);
            case "Byte" -> Byte.toString(Byte.MAX_VALUE);
            default -> Integer.toString(Integer.MAX_VALUE);
        };
        return m.replaceFirst("is too large: at most " + max);
    }

    /**
     * A syntax error in {@code sql}; when the parser gives no position (it failed converting a
     * literal, as a number whose exponent is out of range), the first such literal and where it is.
     */
    static Diagnostic parse(SqlParseException e, String sql) {
        Diagnostic d = parse(e);
        if (d.span() != null) {
            return d;
        }
        Diagnostic number = badNumber(sql);
        return number != null ? number : d;
    }

    /** The first numeric literal of {@code sql} (outside strings, quoted names and comments) that is no number. */
    static Diagnostic badNumber(String sql) {
        int n = sql.length();
        int line = 1;
        int lineStart = 0;
        int i = 0;
        while (i < n) {
            char c = sql.charAt(i);
            int next = i + 1;
            if (c == '\'' || c == '"') {
                next = sql.indexOf(c, i + 1);
                next = next < 0 ? n : next + 1;
            } else if (c == '-' && next < n && sql.charAt(next) == '-') {
                next = sql.indexOf('\n', i);
                next = next < 0 ? n : next;
            } else if (c == '/' && next < n && sql.charAt(next) == '*') {
                next = sql.indexOf("*/", i + 2);
                next = next < 0 ? n : next + 2;
            } else if (Character.isLetter(c) || c == '_') {
                while (next < n && (Character.isLetterOrDigit(sql.charAt(next)) || sql.charAt(next) == '_')) {
                    next++;
                }
            } else if (c >= '0' && c <= '9' || c == '.' && next < n && Character.isDigit(sql.charAt(next))) {
                next = numberEnd(sql, i);
                String literal = sql.substring(i, next);
                try {
                    new java.math.BigDecimal(literal);
                } catch (NumberFormatException bad) {
                    Diagnostic.Position start = new Diagnostic.Position(line, i - lineStart + 1);
                    Diagnostic.Position end = new Diagnostic.Position(line, next - lineStart);
                    String shown = literal.length() <= 40 ? literal : literal.substring(0, 37) + "…";
                    return new Diagnostic("Invalid number '" + shown + "' at line " + line + ", column "
                            + start.column() + (bad.getMessage() == null ? "" : ": " + bad.getMessage()),
                            new Diagnostic.Span(start, end));
                }
            }
            for (int k = i; k < next && k < n; k++) {
                if (sql.charAt(k) == '\n') {
                    line++;
                    lineStart = k + 1;
                }
            }
            i = next;
        }
        return null;
    }

    /** Where the numeric literal starting at {@code i} ends: digits, a fraction, an exponent. */
    private static int numberEnd(String sql, int i) {
        int n = sql.length();
        int j = i;
        while (j < n && (Character.isDigit(sql.charAt(j)) || sql.charAt(j) == '.')) {
            j++;
        }
        if (j < n && (sql.charAt(j) == 'e' || sql.charAt(j) == 'E')) {
            int k = j + 1;
            if (k < n && (sql.charAt(k) == '+' || sql.charAt(k) == '-')) {
                k++;
            }
            if (k < n && Character.isDigit(sql.charAt(k))) {
                while (k < n && Character.isDigit(sql.charAt(k))) {
                    k++;
                }
                j = k;
            }
        }
        return j;
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
