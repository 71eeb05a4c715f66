package org.wadi.sql.internal;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Arroyo's (PostgreSQL's) interval literals with the unit inside the string — {@code interval
 * '1 second'}, {@code INTERVAL '10 seconds'} — rewritten before parsing into the SQL standard
 * form Calcite's grammar knows, {@code interval '1' SECOND}. The rewrite keeps every other
 * character where it was (the literal keeps its length), so error positions stay true.
 */
final class ArroyoIntervals {

    private static final Pattern VALUE_UNIT = Pattern.compile("(\\s*)([+-]?\\d+(?:\\.\\d+)?)(\\s*)([A-Za-z]+)(\\s*)");

    private static final Map<String, String> UNITS = Map.ofEntries(
            Map.entry("second", "SECOND"), Map.entry("seconds", "SECOND"),
            Map.entry("minute", "MINUTE"), Map.entry("minutes", "MINUTE"),
            Map.entry("hour", "HOUR"), Map.entry("hours", "HOUR"),
            Map.entry("day", "DAY"), Map.entry("days", "DAY"));

    /** Words that may follow the string of a standard interval literal. */
    private static final Set<String> QUALIFIERS = Set.of("year", "years", "quarter", "quarters", "month", "months",
            "week", "weeks", "day", "days", "hour", "hours", "minute", "minutes", "second", "seconds",
            "millisecond", "milliseconds", "microsecond", "microseconds");

    private ArroyoIntervals() {
    }

    static String normalize(String sql) {
        StringBuilder out = null;
        int n = sql.length();
        int i = 0;
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '\'') {
                i = skipQuoted(sql, i, '\'');
            } else if (c == '"') {
                i = skipQuoted(sql, i, '"');
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int eol = sql.indexOf('\n', i);
                i = eol < 0 ? n : eol + 1;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else if (Character.isLetter(c) || c == '_') {
                int start = i;
                while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_' || sql.charAt(i) == '$')) {
                    i++;
                }
                if (sql.regionMatches(true, start, "interval", 0, 8) && i - start == 8) {
                    int q = i;
                    while (q < n && Character.isWhitespace(sql.charAt(q))) {
                        q++;
                    }
                    if (q < n && sql.charAt(q) == '\'') {
                        int close = sql.indexOf('\'', q + 1);
                        if (close > 0 && !followedByQualifier(sql, close + 1)) {
                            String replacement = rewrite(sql.substring(q + 1, close));
                            if (replacement != null) {
                                if (out == null) {
                                    out = new StringBuilder(sql);
                                }
                                out.replace(q, close + 1, replacement);
                            }
                        }
                        i = close < 0 ? n : close + 1;
                    }
                }
            } else {
                i++;
            }
        }
        return out == null ? sql : out.toString();
    }

    /** {@code '<value> <unit>'} as {@code '<value>' UNIT}, padded with spaces to the same length; or null. */
    private static String rewrite(String body) {
        Matcher m = VALUE_UNIT.matcher(body);
        if (!m.matches()) {
            return null;
        }
        String unit = UNITS.get(m.group(4).toLowerCase(Locale.ROOT));
        if (unit == null) {
            return null;
        }
        String value = m.group(2);
        int length = body.length() + 2;
        StringBuilder b = new StringBuilder(length).append('\'').append(value).append("' ").append(unit);
        if (b.length() > length) {
            return null;
        }
        while (b.length() < length) {
            b.append(' ');
        }
        return b.toString();
    }

    private static boolean followedByQualifier(String sql, int from) {
        int i = from;
        while (i < sql.length() && Character.isWhitespace(sql.charAt(i))) {
            i++;
        }
        int start = i;
        while (i < sql.length() && Character.isLetter(sql.charAt(i))) {
            i++;
        }
        return QUALIFIERS.contains(sql.substring(start, i).toLowerCase(Locale.ROOT));
    }

    private static int skipQuoted(String sql, int open, char quote) {
        int i = open + 1;
        while (i < sql.length()) {
            if (sql.charAt(i) == quote) {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return i;
    }
}
