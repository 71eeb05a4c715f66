package org.wadi.sql.internal;

import java.util.Locale;
import org.wadi.sql.Diagnostic;

/**
 * How deeply a query's text nests: parentheses, brackets and {@code CASE … END}, outside string
 * literals, quoted names and comments. Calcite's parser, validator and translation recurse once per
 * level, so a query nested thousands deep would exhaust a thread's stack; such a query is refused
 * before parsing, with the place where it goes too deep. (Arroyo's parser refuses nesting beyond 50
 * levels.)
 */
final class Nesting {

    /** The deepest nesting planned; deeper queries are refused. */
    static final int MAX_DEPTH = 200;

    private Nesting() {
    }

    /** Where a query reaches its deepest nesting. */
    record Deepest(int depth, int line, int column) {
    }

    /** The error for a query nested deeper than {@link #MAX_DEPTH}, or {@code null} when it is not. */
    static Diagnostic check(String sql) {
        Deepest deepest = deepest(sql, MAX_DEPTH + 1);
        if (deepest.depth() <= MAX_DEPTH) {
            return null;
        }
        return at("The query nests parentheses, brackets or CASE expressions more than " + MAX_DEPTH
                + " levels deep at line " + deepest.line() + ", column " + deepest.column()
                + "; split the expression, for example with a WITH clause or a view", deepest);
    }

    /**
     * The error for a query whose planning exhausted the stack: nested or chained too deeply,
     * pointing at its deepest nesting.
     */
    static Diagnostic overflow(String sql, String what) {
        Deepest deepest = deepest(sql, Integer.MAX_VALUE);
        return at("The query is nested or chained too deeply to " + what + " (its deepest nesting, " + deepest.depth()
                + " levels, is at line " + deepest.line() + ", column " + deepest.column() + "); write long "
                + "chains of operators and nested expressions in smaller parts, for example with a WITH clause "
                + "or a view", deepest);
    }

    private static Diagnostic at(String message, Deepest d) {
        Diagnostic.Position p = new Diagnostic.Position(d.line(), d.column());
        return new Diagnostic(message, new Diagnostic.Span(p, p));
    }

    /** The deepest point of {@code sql}, or the first point that reaches {@code stopAt}. */
    static Deepest deepest(String sql, int stopAt) {
        int n = sql.length();
        int depth = 0;
        Deepest best = new Deepest(0, 1, 1);
        int line = 1;
        int lineStart = 0;
        int i = 0;
        while (i < n) {
            char c = sql.charAt(i);
            int next = i + 1;
            if (c == '\n') {
                line++;
                lineStart = i + 1;
            } else if (c == '\'' || c == '"') {
                next = sql.indexOf(c, i + 1);
                next = next < 0 ? n : next + 1;
            } else if (c == '-' && next < n && sql.charAt(next) == '-') {
                next = sql.indexOf('\n', i);
                next = next < 0 ? n : next;
            } else if (c == '/' && next < n && sql.charAt(next) == '*') {
                next = sql.indexOf("*/", i + 2);
                next = next < 0 ? n : next + 2;
            } else if (c == '(' || c == '[') {
                depth++;
            } else if (c == ')' || c == ']') {
                depth = Math.max(0, depth - 1);
            } else if (Character.isLetter(c) || c == '_') {
                while (next < n && (Character.isLetterOrDigit(sql.charAt(next)) || sql.charAt(next) == '_')) {
                    next++;
                }
                if (next - i == 4) {
                    String word = sql.substring(i, next).toLowerCase(Locale.ROOT);
                    if (word.equals("case")) {
                        depth++;
                    }
                } else if (next - i == 3 && sql.substring(i, next).equalsIgnoreCase("end")) {
                    depth = Math.max(0, depth - 1);
                }
            }
            if (depth > best.depth()) {
                best = new Deepest(depth, line, i - lineStart + 1);
                if (depth >= stopAt) {
                    return best;
                }
            }
            // a literal or comment spanning lines moves the line count on
            for (int k = i + 1; k < next && k < n; k++) {
                if (sql.charAt(k) == '\n') {
                    line++;
                    lineStart = k + 1;
                }
            }
            i = next;
        }
        return best;
    }
}
