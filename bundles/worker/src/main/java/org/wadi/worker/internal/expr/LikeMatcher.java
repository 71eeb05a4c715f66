package org.wadi.worker.internal.expr;

import java.util.regex.Pattern;

/**
 * A compiled SQL {@code LIKE} pattern. Patterns that are a plain string, a prefix, a suffix or an
 * infix (the common cases) are matched without a regular expression.
 */
public final class LikeMatcher {

    private enum Kind { EQUALS, PREFIX, SUFFIX, CONTAINS, ANY, REGEX }

    private final Kind kind;
    private final String text;
    private final Pattern regex;

    private LikeMatcher(Kind kind, String text, Pattern regex) {
        this.kind = kind;
        this.text = text;
        this.regex = regex;
    }

    /**
     * Compiles a pattern: {@code %} matches any sequence, {@code _} one character, and {@code escape}
     * (if not null) makes the next character literal.
     */
    public static LikeMatcher compile(String pattern, String escape) {
        if (escape != null && escape.length() != 1) {
            throw new IllegalArgumentException("LIKE escape must be one character, was '" + escape + "'");
        }
        char esc = escape == null ? 0 : escape.charAt(0);
        // tokens: a literal character, or -1 for '%', -2 for '_'
        int[] tokens = new int[pattern.length()];
        int count = 0;
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (escape != null && c == esc) {
                if (i + 1 >= pattern.length()) {
                    throw new IllegalArgumentException("LIKE pattern '" + pattern + "' ends with its escape character");
                }
                tokens[count++] = pattern.charAt(++i);
            } else if (c == '%') {
                tokens[count++] = -1;
            } else if (c == '_') {
                tokens[count++] = -2;
            } else {
                tokens[count++] = c;
            }
        }
        boolean leading = count > 0 && tokens[0] == -1;
        boolean trailing = count > (leading ? 1 : 0) && tokens[count - 1] == -1;
        int from = leading ? 1 : 0;
        int to = trailing ? count - 1 : count;
        StringBuilder literal = new StringBuilder();
        boolean simple = true;
        for (int i = from; i < to; i++) {
            if (tokens[i] < 0) {
                simple = false;
                break;
            }
            literal.append((char) tokens[i]);
        }
        if (simple) {
            String t = literal.toString();
            Kind kind;
            if (t.isEmpty() && (leading || trailing)) {
                kind = Kind.ANY;
            } else if (leading && trailing) {
                kind = Kind.CONTAINS;
            } else if (leading) {
                kind = Kind.SUFFIX;
            } else if (trailing) {
                kind = Kind.PREFIX;
            } else {
                kind = Kind.EQUALS;
            }
            return new LikeMatcher(kind, t, null);
        }
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < count; i++) {
            if (tokens[i] == -1) {
                re.append(".*");
            } else if (tokens[i] == -2) {
                re.append('.');
            } else {
                re.append(Pattern.quote(String.valueOf((char) tokens[i])));
            }
        }
        return new LikeMatcher(Kind.REGEX, null, Pattern.compile(re.toString(), Pattern.DOTALL));
    }

    public boolean matches(String s) {
        switch (kind) {
            case EQUALS:
                return s.equals(text);
            case PREFIX:
                return s.startsWith(text);
            case SUFFIX:
                return s.endsWith(text);
            case CONTAINS:
                return s.contains(text);
            case ANY:
                return true;
            default:
                return regex.matcher(s).matches();
        }
    }
}
